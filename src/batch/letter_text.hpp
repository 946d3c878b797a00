// The letters a batch makes, as letter JSON (docs/letters.md) built in memory: the result
// công văn to one unit and the covering thông báo of a period. Their bodies come from editable
// templates (templates/batch/*.txt) in a one-block-per-line format (docs/batch.md); the figures
// come from the ScoreTable only, so a letter says exactly what `vanban score --json` says.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "batch/job.hpp"
#include "model/dataset.hpp"
#include "scoring/score.hpp"
#include "template/engine.hpp"

namespace vanban::batch {

// The registry key of a document of the job: "<job>/<period>/<kind>[/<unit>]". Stable across
// runs and machines, so a rerun or another shard finds the same number.
std::string document_key(const Job& job, const std::string& period, const std::string& kind,
                         const std::string& unit = {});

// Turns the rendered body template into letter fields: "kinh_gui"/"trich_yeu" lines set those
// fields, the others become body blocks; "bang" becomes `table`. Throws std::runtime_error
// (Vietnamese, naming `template_name` and the output line) for a line it does not understand.
void apply_body_lines(const std::string& text, const std::string& template_name,
                      const nlohmann::ordered_json& table, nlohmann::ordered_json& letter);

// The table of a unit's figures: TT, indicator, rate, target, met, points (Vietnamese numbers).
nlohmann::ordered_json unit_table(const model::Method& m, const scoring::UnitScore& row);

// The result công văn of `row`'s unit for the period, as letter JSON text.
std::string result_letter_json(const tpl::Template& body, const Job& job, const JobPeriod& jp,
                               const model::Dataset& ds, const scoring::ScoreTable& table,
                               const scoring::UnitScore& row);

// The covering thông báo of the period (its Phụ lục, the ranking, is attached separately).
std::string notice_json(const tpl::Template& body, const Job& job, const JobPeriod& jp,
                        const model::Dataset& ds, const scoring::ScoreTable& table);

}  // namespace vanban::batch
