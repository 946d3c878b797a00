// `vanban data form`: the data-entry workbook the province sends out each quarter. One row per
// unit (all units, those of some levels, or one unit on a sheet of its own), a (numerator,
// denominator) column pair per indicator of the year under its Vietnamese name; cells of an
// indicator that has no target at a unit's level are grey and locked; whole-number validation
// (≥ 0, numerator ≤ denominator) with Vietnamese input messages; a hidden "_vanban" sheet with the
// ids the import reads (form_layout.hpp); sheets protected without a password.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/method.hpp"
#include "model/org.hpp"
#include "model/period.hpp"

namespace vanban::intake {

struct FormOptions {
    model::Quarter quarter;
    std::optional<std::string> unit;   // one unit (its id): a sheet named after it
    std::vector<model::Level> levels;  // units of these levels (all when empty)
};

// Writes the workbook at `path` (the caller renames it into place). Throws std::runtime_error
// (Vietnamese) for an unknown unit, no unit to list, or a write failure.
void write_form(const std::string& path, const model::Organisation& org,
                const model::Method& method, const FormOptions& options);

}  // namespace vanban::intake
