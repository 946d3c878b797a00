// What the two readers of org.json share: the DOM path of org.cpp (parse_organisation, every
// error with its JSON pointer and line) and the one-pass SAX path of org_fast_load.cpp (the
// common case of a valid file, without building a tree for thousands of units).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/org.hpp"

namespace vanban::model {

// The province and the agencies of a document (everything but "units"), into `org`. Throws
// InputError.
void parse_province_and_agencies(const JsonDocument& doc, const Json& root, Organisation& org);

// A unit, agency or signer id: lower-case ASCII letters, digits, '-' and '_', not empty.
inline bool is_valid_id(std::string_view id) {
    if (id.empty()) return false;
    for (unsigned char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}

// The organisation in `text` read in one SAX pass, the units straight into their records. It
// accepts only what parse_organisation(JsonDocument::parse(name, text)) accepts and gives an
// equal Organisation; nullopt for anything else (any error, or a shape it leaves to the DOM
// path, such as a unit with a nested member), so that the DOM path reports it exactly.
std::optional<Organisation> read_organisation_fast(const std::string& name,
                                                   const std::string& text);

}  // namespace vanban::model
