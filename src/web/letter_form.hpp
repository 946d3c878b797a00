// The draft form of a letter: the form generated from schemas/letter.schema.json
// (schema_form.hpp) with what the schema cannot say: agency, drafting unit and signer are chosen
// from org.json; the Vietnamese labels of the enum values; the date in the Vietnamese order
// (dd/mm/yyyy); long texts in text areas; the id and the number set by the server, not on the
// form. A field added to the schema appears on the form without code here.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "model/org.hpp"
#include "web/schema_form.hpp"

namespace vanban::web {

// schemas/letter.schema.json beside the bundled templates/ folder.
std::filesystem::path letter_schema_file(const std::filesystem::path& templates_dir);

FormHooks letter_form_hooks(const model::Organisation& org);

// Every string (and key) of an imported letter in NFC, as the form gives them.
void nfc_strings(nlohmann::ordered_json& j);

class LetterForm {
  public:
    using Json = nlohmann::ordered_json;
    // Reads the schema; throws std::runtime_error (Vietnamese) when it cannot.
    LetterForm(const std::filesystem::path& schema_file, const model::Organisation& org);

    // The rows of the page for `letter`, with the validator's error (pointer, message) on the
    // row of its field; `placed` tells whether a row took it (else it is shown on top).
    Json rows(const Json& letter, const std::string& pointer, const std::string& message,
              bool* placed = nullptr) const;
    // The letter of a submitted form; the id and number come from `base`.
    Json read(const FormFields& form, const Json& base) const;

    const SchemaForm& form() const { return form_; }

  private:
    SchemaForm form_;
};

}  // namespace vanban::web
