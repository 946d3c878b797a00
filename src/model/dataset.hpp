// Everything one scoring run reads, resolved from the command line's paths and loaded (and
// validated) before anything is computed: the organisation, the methods of the period's year and
// the year before, and the quarter files of the period and of the previous period.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/indicator_data.hpp"
#include "model/method.hpp"
#include "model/org.hpp"
#include "model/period.hpp"

namespace vanban::model {

struct Dataset {
    Organisation org;
    Period period;
    std::vector<std::unique_ptr<Method>> methods;  // stable addresses for QuarterData users
    std::vector<QuarterData> quarters;
    // Why the previous period cannot be compared ("" when it can): shown to users.
    std::string previous_unavailable;

    const Method* method_for(int year) const;
    // The quarter files of `p`, or an empty vector when one is missing.
    std::vector<const QuarterData*> quarters_of(const Period& p) const;
    bool previous_available() const { return previous_unavailable.empty(); }
};

// The year a targets file name announces ("…/chi-tieu-2024.json" -> 2024).
std::optional<int> year_from_targets_file_name(std::string_view path);

// `targets` and `data` are files or folders. Folders contribute the files the run needs
// (chi-tieu-YYYY.json, du-lieu-YYYY-Qn.json); files given one by one must belong to the period
// or the previous period. Throws InputError for any problem in any file (nothing is scored then),
// including a quarter of `period` without a data file.
Dataset load_dataset(const std::string& org, const std::vector<std::string>& targets,
                     const std::vector<std::string>& data, const Period& period);

}  // namespace vanban::model
