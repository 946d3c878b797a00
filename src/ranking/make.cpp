// From the laid-out ranking document to HTML (template engine) and to the finished PDF.
#include <unistd.h>

#include <stdexcept>

#include "pdf/finish.hpp"
#include "ranking/ranking.hpp"
#include "template/engine.hpp"

namespace vanban::ranking {

namespace fs = std::filesystem;

fs::path default_templates_root() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.parent_path();
             dir = dir.parent_path()) {
            const fs::path candidate = dir / "templates";
            if (fs::is_regular_file(candidate / "ranking" / "ranking.html", ec)) return candidate;
        }
    }
    return "templates";
}

namespace {

fs::path root_of(const RankingOptions& o) {
    return o.templates_root.empty() ? default_templates_root() : o.templates_root;
}

}  // namespace

std::string render_html(const RankingDocument& doc, const RankingOptions& options) {
    const fs::path root = root_of(options);
    // One environment per call: templates are small and the batch calls this from several
    // threads; nothing is shared between calls.
    tpl::Environment env;
    env.add_search_path(root / "ranking");
    env.add_search_path(root / "nd30");
    nlohmann::ordered_json ctx = doc.context;
    ctx["base_css"] = pdf::base_css();
    ctx["trich_yeu"] = doc.context.value("title", "");
    return env.load("ranking.html")->render(tpl::value_from_json(ctx));
}

std::vector<RankingPart> ranking_appendix_parts(const model::Dataset& ds,
                                                const scoring::ScoreTable& table,
                                                const RankingOptions& options) {
    RankingDocument doc = build_document(ds, table, options);
    return {{render_html(doc, options), doc.page, doc.page_count}};
}

void make_ranking_pdf(const model::Dataset& ds, const scoring::ScoreTable& table,
                      const RankingOptions& options, pdf::WkhtmlPool& pool,
                      pdf::PageNumberStamps& stamps, const fs::path& out) {
    const auto parts = ranking_appendix_parts(ds, table, options);
    pdf::FinishJob job;
    job.output = out;
    const std::string title = ranking_title(ds.org, table, options);
    std::string date = options.report_date;
    if (date.empty()) {
        // The period's last day: a ranking describes the period, no clock is read.
        static const char* const ends[] = {"03-31", "06-30", "09-30", "12-31"};
        const auto qs = table.period.quarters();
        date = std::to_string(table.period.year) + "-" + ends[qs.back().quarter - 1];
    }
    job.info = {title, ds.org.province.full_name, table.period.code(), "xếp hạng", date};
    for (const auto& p : parts) {
        std::string bytes = pool.render({p.html, p.page, {}, out.filename().string()});
        job.parts.emplace_back(out.filename(), p.page, std::move(bytes));
        job.parts.back().labels = pdf::PageLabels::of_total;
    }
    pdf::finish(job, stamps);
}

}  // namespace vanban::ranking
