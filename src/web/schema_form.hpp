// A form generated from a JSON Schema, both ways. The server walks the schema (not a hand list of
// fields), so a field added to the schema appears on the page without page code:
//   enum -> <select>; string -> input (or a textarea, a select of `choices`, a dd/mm/yyyy date);
//   integer/number -> numeric input; ["string","number"] -> a cell ("12.5" a number, "'12" text);
//   object -> a fieldset of its properties; array -> a repeatable group (add/remove buttons);
//   an object whose oneOf alternatives each require one property (a body block) -> a "kind"
//   select and the chosen property; oneOf of a string and an object (the signer) -> the object,
//   given back as the string when only its required property is filled in.
// Each input is named by its JSON pointer ("/body/2/table/rows/0/1"), so reading a submission
// back is a walk of the same schema over the names, and a validator's pointer finds its field.
//
// The page is a flat list of rows (see templates/web/letter_edit.html): no recursion in the
// template. Array items to add are <template> elements whose names hold a placeholder "{iN}"
// (N: the nesting depth) that web.js replaces by a fresh index; without JavaScript the add and
// remove buttons submit the form and the server applies them (`_add`, `_remove`).
#pragma once

#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace vanban::web {

using FormFields = std::map<std::string, std::string>;

// What the schema cannot say, keyed by schema path (the pointer with array indices as "*",
// "/body/*/khoan").
struct FormHooks {
    // A string chosen from a list that is not an enum in the schema (ids of org.json): the
    // options as [{"label": group, "options": [{"id", "label"}]}].
    std::map<std::string, nlohmann::ordered_json> choices;
    // Labels of enum values; a value without one shows as itself.
    std::map<std::string, std::map<std::string, std::string>> enum_labels;
    // "textarea" (long text) or "date-vn" (dd/mm/yyyy shown, YYYY-MM-DD or YYYY stored); a key
    // "*/p" applies to every property p at any depth.
    std::map<std::string, std::string> widgets;
    // Paths the server sets itself (the id, the number): not on the form, kept from the base.
    std::set<std::string> kept;
};

class SchemaForm {
  public:
    using Json = nlohmann::ordered_json;

    SchemaForm(Json schema, FormHooks hooks);

    // The rows of the form showing `value`; `error_pointer`/`error` (may be empty) is shown on
    // the row it belongs to (see error_row()).
    Json rows(const Json& value, const std::string& error_pointer = {},
              const std::string& error = {}) const;

    // The JSON the submitted fields describe, with the kept paths copied from `base`; then the
    // `_add` (an array's pointer: one default item appended) or `_remove` (an item's pointer)
    // action of a button pressed without JavaScript. Every text is NFC, without control
    // characters (a newline typed in a textarea becomes a space), trimmed.
    Json read(const FormFields& form, const Json& base) const;

    // The id of the row an error at `pointer` belongs to: the row whose pointer is the longest
    // prefix of it ("/body/3/table/rows/1" -> the row's item "f-body-3-table-rows-1").
    static std::string error_row(const Json& rows, const std::string& pointer);
    // "/body/0/p" -> "f-body-0-p" (an HTML id).
    static std::string field_id(const std::string& pointer);

    // A new value for the schema at `pointer` (what an added array item starts as).
    Json default_at(const std::string& pointer, const Json& value) const;

  private:
    struct Walk;
    struct Reader;
    Json resolve(const Json& s) const;
    const Json* schema_at(const std::string& pointer) const;
    Json default_of(const Json& s, std::size_t width) const;
    std::string widget(const std::string& path) const;

    Json root_;
    FormHooks hooks_;
};

// "12/04/2026" -> "2026-04-12", "2026" -> "2026", "2026-04-12" kept; anything else: empty.
std::string date_from_vn(const std::string& text);
// "2026-04-12" -> "12/04/2026"; other text unchanged.
std::string date_to_vn(const std::string& iso);

}  // namespace vanban::web
