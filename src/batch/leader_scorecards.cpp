#include "batch/leader_scorecards.hpp"

#include "batch/fingerprint.hpp"
#include "leader/leader.hpp"
#include "model/digest.hpp"

namespace vanban::batch {

std::string leader_path(const std::string& kind, const model::Period& p) {
    return p.slug() + "/" + kind + "-" + p.slug() + ".pdf";
}

std::string leader_inputs_hash(const Job& job, const model::Dataset& ds,
                               const std::filesystem::path& templates_root) {
    const leader::QuarterSeries series = leader::load_series(ds, job.data);
    model::Sha256 h;
    auto part = [&](const std::string& s) {
        h.update(s);
        h.update(std::string(1, '\0'));
    };
    for (const auto& t : series.tables) part(t ? table_fingerprint("", *t, "") : "-");
    for (const auto& [id, text] : job.letters.remedies) part(id), part(text);
    part(job.leader.agency);
    part(folders_hash({templates_root / "leader"}));
    return h.hex();
}

void make_leader_scorecard(const Job& job, const std::string& kind, const model::Dataset& ds,
                           const scoring::ScoreTable& table, const std::string& date,
                           const std::filesystem::path& templates_root, pdf::WkhtmlPool& pool,
                           pdf::PageNumberStamps& stamps, const std::filesystem::path& out) {
    leader::LeaderOptions o;
    o.templates_root = templates_root;
    o.agency = job.leader.agency;
    o.report_date = date;
    o.remedies = job.letters.remedies;
    o.summary_only = kind == kLeaderSummary;
    const leader::QuarterSeries series = leader::load_series(ds, job.data);
    leader::make_leader_pdf(ds, table, series, o, pool, stamps, out);
}

}  // namespace vanban::batch
