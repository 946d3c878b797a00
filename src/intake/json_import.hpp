// A quarter's indicator data given as the JSON format itself (du-lieu-YYYY-Qn.json), checked the
// way the spreadsheets are: every problem is collected (not only the first, as the model's loader
// reports it), each with its JSON pointer, line, unit and indicator, so that a user uploading the
// file sees all of them at once. With no error the text is handed back unchanged after the
// model's own loader has accepted it.
#pragma once

#include <string>
#include <vector>

#include "intake/importer.hpp"

namespace vanban::intake {

// `name` is the file's name in messages; `levels` as ImportOptions::levels (units of these
// levels that the file lacks are errors; empty: all levels).
ImportResult import_json(const std::string& name, const std::string& text,
                         const model::Organisation& org, const model::Method& method,
                         const model::Quarter& quarter, const std::vector<model::Level>& levels);

}  // namespace vanban::intake
