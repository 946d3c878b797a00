// The options every command that scores a period shares (--org, --targets, --data, --period,
// --level), parsed the same way and with the same Vietnamese messages by `vanban score` and
// `vanban scorecard`, and the dataset they name.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "model/dataset.hpp"
#include "model/org.hpp"
#include "model/period.hpp"

namespace vanban::cli {

struct DatasetOptions {
    std::string org;
    std::vector<std::string> targets;
    std::vector<std::string> data;
    std::optional<model::Period> period;
    std::vector<model::Level> levels;  // empty until finish(): then all three when none given
};

enum class OptionParse { not_mine, ok, error };

// Consumes args[i] (and its value, advancing i) when it is one of the shared options. On error,
// `error` holds the Vietnamese message ("thiếu giá trị sau --org", "kỳ \"…\" không hợp lệ: …").
OptionParse parse_dataset_option(Args args, std::size_t& i, DatasetOptions& o, std::string& error);

// After all arguments: the message for a missing required option ("thiếu --org"), or nullopt;
// fills the default levels.
std::optional<std::string> finish_dataset_options(DatasetOptions& o);

// Loads and validates everything the options name. Throws model::InputError.
model::Dataset load_dataset(const DatasetOptions& o);

}  // namespace vanban::cli
