// From a scored period to the leaders' pages (JSON contexts), their HTML and the finished PDF.
#include <algorithm>
#include <future>
#include <stdexcept>

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>

#include "leader/leader.hpp"
#include "leader/pages.hpp"
#include "template/engine.hpp"
#include "vn/format.hpp"
#include "vn/text.hpp"

namespace vanban::leader {

namespace fs = std::filesystem;
using J = nlohmann::ordered_json;
using model::Level;

namespace {

// Unit pages per wkhtmltopdf document: fewer conversions and font copies in the merged PDF
// than one per page, while the pool's workers still share a province.
constexpr std::size_t kPagesPerChunk = 16;

fs::path root_of(const LeaderOptions& o) {
    return o.templates_root.empty() ? default_templates_root() : o.templates_root;
}

const model::Agency& agency_of(const model::Organisation& org, const std::string& id) {
    if (!id.empty()) {
        if (const auto* a = org.find_agency(id)) return *a;
        std::string ids;
        for (const auto& ag : org.agencies) ids += (ids.empty() ? "" : ", ") + ag.id;
        throw std::runtime_error(org.source + ": không có cơ quan \"" + id +
                                 "\" trong /agencies để đứng tên phiếu điểm; các mã có: " + ids);
    }
    if (const auto* a = org.find_agency("snv")) return *a;
    if (org.agencies.empty())
        throw std::runtime_error(org.source + ": /agencies trống: không có cơ quan lập phiếu điểm");
    return org.agencies.front();
}

std::string period_end(const model::Period& p) {
    static const char* const ends[] = {"03-31", "06-30", "09-30", "12-31"};
    return std::to_string(p.year) + "-" + ends[p.quarters().back().quarter - 1];
}

std::vector<Level> levels_of(const LeaderOptions& o) {
    return o.levels.empty() ? std::vector<Level>{Level::so, Level::huyen, Level::xa} : o.levels;
}

}  // namespace

fs::path default_templates_root() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec)
        for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.parent_path();
             dir = dir.parent_path())
            if (fs::is_regular_file(dir / "templates" / "leader" / "leader.html", ec))
                return dir / "templates";
    return "templates";
}

std::string leader_title(const model::Dataset& ds, const scoring::ScoreTable& t,
                         const LeaderOptions& o) {
    std::string title = (o.summary_only ? "Tổng hợp kết quả chỉ số cải cách hành chính toàn tỉnh "
                                        : "Phiếu điểm cải cách hành chính ") +
                        t.period.label_vi();
    if (!o.unit.empty()) {
        const int u = ds.org.unit_index(o.unit);
        if (u >= 0) title += ": " + display_name(ds.org, u);
    }
    return title;
}

LeaderDocument build_document(const model::Dataset& ds, const scoring::ScoreTable& t,
                              const QuarterSeries& series, const LeaderOptions& o) {
    const model::Organisation& org = ds.org;
    const auto levels = levels_of(o);
    int only = -1;
    if (!o.unit.empty()) {
        only = org.unit_index(o.unit);
        if (only < 0)
            throw std::runtime_error(org.source + ": không có đơn vị \"" + o.unit +
                                     "\" trong /units (--unit cần mã đơn vị)");
    }
    const model::Agency& ag = agency_of(org, o.agency);
    const std::string date = o.report_date.empty() ? period_end(t.period) : o.report_date;

    PageFrame frame;
    frame.org = &org;
    frame.method = t.method;
    frame.remedies = &o.remedies;
    frame.parent = vn::upper(ag.parent_header);
    frame.issuer = vn::upper(ag.issuer_header);
    frame.unit_title = vn::upper("Kết quả chỉ số cải cách hành chính " + t.period.label_vi());
    frame.previous_label = t.has_previous ? t.previous_period.label_vi() : "";
    frame.trend_label = "Diễn biến qua các quý năm " + std::to_string(series.year);
    frame.last_quarter = series.last_quarter;
    frame.footer = "Bộ chỉ tiêu năm " + std::to_string(t.method->year) +
                   (t.method->basis.empty() ? "" : " (" + t.method->basis + ")") + ". " +
                   org.province.place_name + ", ngày " + vn::date_short(vn::parse_iso_date(date)) +
                   ".";

    const std::vector<UnitFact> facts = facts_by_unit(t, org.units.size());
    std::array<std::vector<UnitFact>, 4> quarters;
    for (std::size_t q = 0; q < 4; ++q)
        if (q < series.tables.size() && series.tables[q])
            quarters[q] = facts_by_unit(*series.tables[q], org.units.size());
    UnitCounts counts;
    counts.ranked_in_district.assign(org.units.size(), 0);
    for (const auto& f : facts) {
        if (f.unit < 0 || !f.has_total) continue;
        ++counts.ranked_in_level[static_cast<std::size_t>(f.level)];
        const int d = org.units[static_cast<std::size_t>(f.unit)].district_index;
        if (f.level == Level::xa && d >= 0)
            ++counts.ranked_in_district[static_cast<std::size_t>(d)];
    }

    // Table order (level, rank); communes grouped by district in the outline only.
    std::vector<int> order;
    for (const auto& r : t.rows) order.push_back(r.unit);

    LeaderDocument doc;
    auto add_unit = [&](int u) {
        const UnitFact& f = facts[static_cast<std::size_t>(u)];
        std::array<const UnitFact*, 4> byq{};
        for (std::size_t q = 0; q < 4; ++q)
            if (!quarters[q].empty() && quarters[q][static_cast<std::size_t>(u)].unit >= 0)
                byq[q] = &quarters[q][static_cast<std::size_t>(u)];
        doc.units.push_back(unit_page(frame, f, byq, counts));
        const model::Unit& unit = org.units[static_cast<std::size_t>(u)];
        std::vector<std::string> path{std::string(model::level_name_vi(unit.level))};
        if (unit.district_index >= 0)
            path.push_back(org.units[static_cast<std::size_t>(unit.district_index)].name);
        const std::string rank = f.has_total ? std::to_string(f.rank) + ". " : "";
        path.push_back(rank + unit.name);
        doc.unit_paths.push_back(std::move(path));
        doc.unit_ids.push_back(unit.id);
    };
    if (only >= 0) {
        if (facts[static_cast<std::size_t>(only)].unit < 0)
            throw std::runtime_error("đơn vị \"" + o.unit + "\" không có trong bảng điểm");
        add_unit(only);
        return doc;
    }
    for (Level l : levels) {
        if (l == Level::xa) {
            // Communes district by district (organisation order), by rank within each, so that
            // the outline has one folder per district.
            std::vector<int> districts;
            for (int u : order)
                if (facts[static_cast<std::size_t>(u)].level == l) {
                    const int d = org.units[static_cast<std::size_t>(u)].district_index;
                    if (std::find(districts.begin(), districts.end(), d) == districts.end())
                        districts.push_back(d);
                }
            std::sort(districts.begin(), districts.end());
            for (int d : districts)
                for (int u : order)
                    if (facts[static_cast<std::size_t>(u)].level == l &&
                        org.units[static_cast<std::size_t>(u)].district_index == d)
                        add_unit(u);
        } else {
            for (int u : order)
                if (facts[static_cast<std::size_t>(u)].level == l) add_unit(u);
        }
    }
    doc.summary = J{{"pages", summary_pages(frame, levels, order, facts, quarters,
                                            vn::upper("Tổng hợp kết quả chỉ số cải cách hành "
                                                      "chính " +
                                                      t.period.label_vi() + " toàn tỉnh"))}};
    return doc;
}

std::string render_html(const J& pages, const std::string& title, const LeaderOptions& o) {
    const fs::path root = root_of(o);
    tpl::Environment env;  // one per call: no state shared between threads
    env.add_search_path(root / "leader");
    env.add_search_path(root / "nd30");
    J ctx;
    ctx["base_css"] = pdf::base_css();
    ctx["trich_yeu"] = title;
    ctx["pages"] = pages;
    return env.load("leader.html")->render(tpl::value_from_json(ctx));
}

namespace {

int page_count(const std::string& pdf_bytes, const std::string& name) {
    QPDF q;
    q.processMemoryFile(name.c_str(), pdf_bytes.data(), pdf_bytes.size());
    return static_cast<int>(QPDFPageDocumentHelper(q).getAllPages().size());
}

}  // namespace

void make_leader_pdf(const model::Dataset& ds, const scoring::ScoreTable& t,
                     const QuarterSeries& series, const LeaderOptions& o, pdf::WkhtmlPool& pool,
                     pdf::PageNumberStamps& stamps, const fs::path& out) {
    const LeaderDocument doc = build_document(ds, t, series, o);
    const std::string title = leader_title(ds, t, o);
    const std::string name = out.filename().string();
    const pdf::PageSetup page;

    struct Chunk {
        J pages = J::array();
        std::size_t first_unit = 0, units = 0;
        bool summary = false;
        std::string html, bytes;
    };
    std::vector<Chunk> chunks;
    if (!doc.summary.empty()) {
        Chunk c;
        c.pages = doc.summary["pages"];
        c.summary = true;
        chunks.push_back(std::move(c));
    }
    for (std::size_t i = 0; !o.summary_only && i < doc.units.size(); i += kPagesPerChunk) {
        Chunk c;
        c.first_unit = i;
        c.units = std::min(kPagesPerChunk, doc.units.size() - i);
        for (std::size_t k = i; k < i + c.units; ++k) c.pages.push_back(doc.units[k]);
        chunks.push_back(std::move(c));
    }
    // Render the chunks on every worker of the pool at once.
    std::vector<std::future<void>> jobs;
    for (auto& c : chunks)
        jobs.push_back(std::async(std::launch::async, [&, cp = &c] {
            cp->html = render_html(cp->pages, title, o);
            cp->bytes = pool.render({cp->html, page, {}, name});
        }));
    for (auto& j : jobs) j.get();

    pdf::FinishJob job;
    job.output = out;
    job.info = {title, agency_of(ds.org, o.agency).name, t.period.code(), "phiếu điểm, lãnh đạo",
                o.report_date.empty() ? period_end(t.period) : o.report_date};
    std::vector<pdf::Bookmark> outline;
    int first_page = 0;
    for (auto& c : chunks) {
        const int pages = page_count(c.bytes, name);
        const int expected = static_cast<int>(c.pages.size());
        if (pages != expected) {
            std::string what = c.summary ? std::string("phần tổng hợp toàn tỉnh")
                                         : "trang của các đơn vị " + doc.unit_ids[c.first_unit] +
                                               " … " + doc.unit_ids[c.first_unit + c.units - 1];
            throw std::runtime_error(out.string() + ": " + what + " ra " + std::to_string(pages) +
                                     " trang thay vì " + std::to_string(expected) +
                                     " (nội dung một trang vượt khổ A4)");
        }
        job.parts.emplace_back(out.filename(), page, std::move(c.bytes));
        job.parts.back().labels = pdf::PageLabels::none;
        if (c.summary) {
            outline.push_back({{"Tổng hợp toàn tỉnh"}, first_page});
        } else {
            for (std::size_t k = 0; k < c.units; ++k)
                outline.push_back(
                    {doc.unit_paths[c.first_unit + k], first_page + static_cast<int>(k)});
        }
        first_page += pages;
    }
    pdf::finish(job, outline, stamps);
}

}  // namespace vanban::leader
