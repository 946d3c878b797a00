// `vanban data import`: filled data-entry forms (exact, through their hidden ids sheet) and the
// one-stop system's exports (through a mapping file) into one quarter's indicator data, the same
// JSON document `model::load_quarter_data` reads (its rules checked on the counts before the text
// is written).
// Every problem in every file is collected with its file, sheet and cell; with any error there is
// no output.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "intake/csv_reader.hpp"
#include "intake/issues.hpp"
#include "model/method.hpp"
#include "model/org.hpp"
#include "model/period.hpp"

namespace vanban::intake {

struct ImportOptions {
    std::vector<std::string> files;        // .xlsx or .csv (by extension), merged
    std::optional<std::string> mapping;    // mapping file for files that are not vanban's forms
    Encoding encoding = Encoding::detect;  // CSV only
    // Units expected in the result: those of these levels (all levels when empty). A unit
    // expected but found in no file is an error.
    std::vector<model::Level> levels;
};

struct ImportResult {
    Issues issues;
    std::string json;       // the indicator data (only when there is no error)
    std::size_t units = 0;  // units in the result
    bool ok() const { return issues.errors() == 0; }
};

// Throws model::InputError for a bad mapping file; everything about the spreadsheets is in
// the result's issues.
ImportResult import_data(const ImportOptions& options, const model::Organisation& org,
                         const model::Method& method, const model::Quarter& quarter);

}  // namespace vanban::intake
