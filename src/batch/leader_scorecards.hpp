// The job's `leader_scorecards` section (docs/batch.md): for each chosen period, under the
// period's folder, the province summary for the Chủ tịch and one combined PDF of every unit's
// page (summary first, bookmarks per level, district and unit), with fixed names. The pages
// come from src/leader; remedies are the result letters' (`result_letters.remedies`).
#pragma once

#include <filesystem>
#include <string>

#include "batch/job.hpp"
#include "batch/kinds.hpp"
#include "model/dataset.hpp"
#include "pdf/finish.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "scoring/score.hpp"

namespace vanban::batch {

// "quy-II-2024/tong-hop-lanh-dao-quy-II-2024.pdf" / "…/phieu-diem-lanh-dao-quy-II-2024.pdf".
std::string leader_path(const std::string& kind, const model::Period& p);

// What the leader PDFs show beyond the period's table: the year's quarters (trend), the
// remedies, the agency and the leader templates. Part of the rerun decision.
std::string leader_inputs_hash(const Job& job, const model::Dataset& ds,
                               const std::filesystem::path& templates_root);

// Makes one of the two PDFs (`kind`) of a period; written atomically. Throws like
// leader::make_leader_pdf.
void make_leader_scorecard(const Job& job, const std::string& kind, const model::Dataset& ds,
                           const scoring::ScoreTable& table, const std::string& date,
                           const std::filesystem::path& templates_root, pdf::WkhtmlPool& pool,
                           pdf::PageNumberStamps& stamps, const std::filesystem::path& out);

}  // namespace vanban::batch
