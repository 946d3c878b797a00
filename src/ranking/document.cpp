// The ranking document: rows, marks, footnotes, summary and chart built from a ScoreTable, then
// laid out page by page (pdf::paginate) so that every page carries its own header row and no
// row is cut. Numbers are formatted here (vn::number, vn::percent); nothing is computed that
// scoring already computed.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <stdexcept>

#include "pdf/page_flow.hpp"
#include "pdf/table_pages.hpp"
#include "pdf/text_metrics.hpp"
#include "ranking/ranking.hpp"
#include "vn/format.hpp"
#include "vn/text.hpp"

namespace vanban::ranking {

namespace {

using J = nlohmann::ordered_json;
using model::Level;
using pdf::FontSpec;
using pdf::TableCell;
using pdf::TableLayout;
using pdf::TableRow;

// Sizes (CSS pt; the PDF gets the nearest multiple of 0.576 pt).
constexpr double kTablePt = 11;  // 10.94 pt in the PDF
constexpr double kChartPt = 9;   // 8.64 pt
constexpr double kNotePt = 11;
constexpr double kHeadingPt = 13;
const FontSpec kCell{kTablePt};
const FontSpec kCellBold{kTablePt, true};
const FontSpec kGroup{kTablePt, true, true};
const FontSpec kChart{kChartPt};
const FontSpec kNote{kNotePt, false, true};
const FontSpec kHeading{kHeadingPt, true};
const FontSpec kTitle{14, true};
const FontSpec kReference{14, false, true};

constexpr double kNoteLine = 1.25;     // line-height factor of notes and headings
constexpr double kHeadingGapMm = 3.0;  // space above a heading
constexpr double kSafetyMm = 1.0;      // kept free at the foot of every page

// Fixed parts of the first page: the agency header and the Phụ lục lines (CSS heights in
// templates/ranking/ranking.css use the same numbers).
constexpr double kAgencyHeaderMm = 17.0;
constexpr double kPhuLucGapMm = 5.0;

// "quý IV/2023", "quý III/2023, quý IV/2023": the quarters a unit did not report.
std::string quarters_text(const scoring::UnitScore& r) {
    std::string s;
    for (const auto& q : r.missing_quarters) s += (s.empty() ? "" : ", ") + q.label_vi();
    return s;
}

std::string rank_text(const scoring::UnitScore& r, bool shared) {
    if (!r.has_total) return "—";
    return std::to_string(r.rank) + (shared ? "=" : "");
}

std::string change_text(int change) {
    if (change > 0) return "▲ " + std::to_string(change);
    if (change < 0) return "▼ " + std::to_string(-change);
    return "—";
}

// Against the previous period: the provincial rank, or (district documents) the rank within
// the district. A unit ranked before but not now shows its previous rank in parentheses;
// blank when the previous period has no rank.
std::string change_text(const scoring::UnitScore& r, bool in_district) {
    if (r.previous_ranked && !r.has_total) {
        const int before = in_district ? r.previous_rank_in_district : r.previous_rank;
        return before > 0 ? "(" + std::to_string(before) + ")" : "";
    }
    if (!r.has_previous || !r.has_total) return "";
    if (!in_district) return change_text(r.rank_change);
    if (r.previous_rank_in_district <= 0 || r.rank_in_district <= 0) return "";
    return change_text(r.previous_rank_in_district - r.rank_in_district);
}

double line_mm(const FontSpec& f, double factor) {
    return factor * pdf::TextMetrics::pdf_size_pt(f.size_pt) / pdf::kPointsPerMm;
}

using Flow = pdf::PageFlow;

// Text lines of the given width (mm) made from `words` joined by ", ", wrapped where Qt would.
std::vector<std::string> pack_lines(const std::string& text, const FontSpec& f, double width_mm) {
    const auto& tm = pdf::TextMetrics::shared();
    const double width = width_mm * pdf::kPointsPerMm;
    std::vector<std::string> lines;
    std::string cur;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = text.find(' ', i);
        if (j == std::string::npos) j = text.size();
        const std::string word = text.substr(i, j - i);
        const std::string trial = cur.empty() ? word : cur + " " + word;
        if (!cur.empty() && tm.width_pt(trial, f) > width) {
            lines.push_back(cur);
            cur = word;
        } else {
            cur = trial;
        }
        i = j + 1;
    }
    if (!cur.empty() || lines.empty()) lines.push_back(cur);
    return lines;
}

// A section heading. What follows it is kept with it by add_table (its `lead`).
void add_heading(Flow& flow, const std::string& text, double width_mm) {
    const double h =
        kHeadingGapMm + static_cast<double>(pack_lines(text, kHeading, width_mm).size()) *
                            line_mm(kHeading, kNoteLine);
    flow.place_or_break(
        {{"kind", "heading"}, {"text", text}, {"line_mm", line_mm(kHeading, kNoteLine)}}, h);
}

void add_note(Flow& flow, const std::string& text, double width_mm) {
    for (const auto& l : pack_lines(text, kNote, width_mm))
        flow.place_or_break({{"kind", "note"}, {"text", l}}, line_mm(kNote, kNoteLine));
}

struct Column {
    double w = 0;
    std::string cls;  // CSS class of the body cells: "num", "name", "c"
};

J cells_json(const TableRow& row, const std::vector<std::string>& classes,
             const std::vector<double>& bars) {
    J cells = J::array();
    std::size_t col = 0;
    for (std::size_t k = 0; k < row.cells.size(); ++k) {
        const auto& c = row.cells[k];
        J cell{{"text", c.text}, {"span", c.span}};
        // A cell over several columns of a unit row (chưa có số liệu) is centred and may wrap.
        std::string cls = col < classes.size() ? (c.span > 1 ? "wide" : classes[col]) : "";
        if (c.font.bold) cls += " b";
        if (c.font.italic) cls += " i";
        cell["cls"] = cls;
        if (k < bars.size() && bars[k] >= 0) cell["bar_mm"] = bars[k];
        cells.push_back(std::move(cell));
        col += static_cast<std::size_t>(c.span);
    }
    return cells;
}

// A table split over pages: each piece is a block with its own header row. The last `lead`
// blocks of the current page (the table's heading, subheading) belong to it: when the table
// cannot start on this page (pdf::paginate gives its first piece no rows, e.g. to keep
// min_rows_at_break rows together) they move to the next page with it.
void add_table(Flow& flow, std::size_t lead, const std::string& cls, const TableLayout& layout,
               const std::vector<std::string>& col_classes, const TableRow& header,
               const std::vector<TableRow>& rows, const std::vector<std::string>& row_kinds,
               const std::vector<std::vector<double>>& bars, const FontSpec& font) {
    // Rows grouped under headings (communes by district): a page that opens inside a group
    // repeats its heading as "Huyện Tân Phú (tiếp theo)", so every later page keeps room for it.
    auto repeat_of = [&](std::size_t group) {
        TableRow r = rows[group];
        std::string& text = r.cells.front().text;
        text = text.substr(0, text.rfind(" (")) + " (tiếp theo)";
        r.keep_with_next = false;
        return r;
    };
    auto continuation = [&](std::size_t first) -> std::optional<TableRow> {
        if (row_kinds[first] == "group") return std::nullopt;
        for (std::size_t g = first; g-- > 0;)
            if (row_kinds[g] == "group") return repeat_of(g);
        return std::nullopt;
    };
    double cont_h = 0;
    for (std::size_t g = 0; g < rows.size(); ++g)
        if (row_kinds[g] == "group")
            cont_h = std::max(cont_h, pdf::row_height_mm(layout, repeat_of(g)));
    auto pages = pdf::paginate(layout, header, rows, flow.room(), flow.page_mm() - cont_h);
    if (!rows.empty() && pages.front().first == pages.front().last && lead > 0 &&
        lead < flow.blocks_on_page()) {
        flow.carry_to_new_page(lead);
        pages = pdf::paginate(layout, header, rows, flow.room(), flow.page_mm() - cont_h);
    }
    J widths = J::array();
    for (double w : layout.column_widths_mm) widths.push_back(w);
    const double lh = pdf::line_height_mm(layout, font);
    auto height = [&](const TableRow& r) {
        return pdf::row_height_mm(layout, r) - layout.row_slack_mm;
    };
    pdf::place_table_pieces(
        flow, pages, !rows.empty(), [&](std::size_t p, const pdf::TablePage& piece) {
            J block{{"kind", "table"},
                    {"cls", cls},
                    {"widths", widths},
                    {"width_mm", 0.0},
                    {"line_mm", lh},
                    {"pad_x", layout.padding_x_mm},
                    {"pad_y", layout.padding_y_mm},
                    {"head_h", height(header)},
                    {"header", cells_json(header, {}, {})}};
            double total_w = 0;
            for (double w : layout.column_widths_mm) total_w += w;
            block["width_mm"] = total_w;
            J body = J::array();
            double block_h = piece.height_mm;
            if (const auto cont = p > 0 ? continuation(piece.first) : std::nullopt) {
                body.push_back({{"h", height(*cont)},
                                {"kind", "group"},
                                {"cells", cells_json(*cont, col_classes, {})}});
                block_h += pdf::row_height_mm(layout, *cont);
            }
            for (std::size_t i = piece.first; i < piece.last; ++i)
                body.push_back(
                    {{"h", height(rows[i])},
                     {"kind", row_kinds[i]},
                     {"cells", cells_json(rows[i], col_classes,
                                          i < bars.size() ? bars[i] : std::vector<double>{})}});
            block["rows"] = std::move(body);
            return pdf::PlacedBlock{std::move(block), block_h};
        });
}

double text_w_mm(const std::string& s, const FontSpec& f) {
    return pdf::TextMetrics::shared().width_pt(s, f) / pdf::kPointsPerMm;
}

struct LevelTable {
    Level level;
    std::vector<std::size_t> inds;  // indicator indexes with a target at this level
    std::vector<std::size_t> rows;  // indexes into ScoreTable::rows, in display order
    std::vector<double> fixed_w;    // widths of every column but the name
    double min_width_mm = 0;
};

const TableLayout kTableLayout = [] {
    TableLayout l;
    l.padding_x_mm = 1.0;
    l.padding_y_mm = 0.6;
    l.border_mm = 0.2;
    l.line_height = 1.15;
    // No table piece of one or two rows at the foot or the top of a page (a chart used to carry
    // a single bar over).
    l.min_rows_at_break = 3;
    return l;
}();

constexpr double kNameMinMm = 48;
constexpr double kNameMaxMm = 75;

}  // namespace

int district_unit(const model::Organisation& org, const std::string& id) {
    std::string ids;
    for (const auto& u : org.units)
        if (u.level == Level::huyen) ids += (ids.empty() ? "" : ", ") + u.id;
    const std::string expected =
        ": cần mã (id) một đơn vị cấp huyện (\"level\": \"huyen\"); các mã huyện có: " +
        (ids.empty() ? std::string("(không có)") : ids);
    const int i = org.unit_index(id);
    if (i < 0)
        throw std::runtime_error(org.source + ": không có đơn vị \"" + id + "\" trong /units" +
                                 expected);
    const model::Unit& u = org.units[static_cast<std::size_t>(i)];
    if (u.level != Level::huyen)
        throw std::runtime_error(org.source + ": /units/" + std::to_string(i) + " (\"" + id +
                                 "\", " + u.name + ") thuộc cấp " +
                                 vn::lower(model::level_name_vi(u.level)) + expected);
    return i;
}

std::string ranking_title(const model::Organisation& org, const scoring::ScoreTable& t,
                          const RankingOptions& opt) {
    std::string title = "Bảng xếp hạng chỉ số cải cách hành chính ";
    if (!opt.district.empty()) {
        const auto& d = org.units[static_cast<std::size_t>(district_unit(org, opt.district))];
        title += "các " + vn::lower(model::level_name_vi(Level::xa)) + " thuộc " + d.name + " ";
    }
    return title + t.period.label_vi();
}

RankingDocument build_document(const model::Dataset& ds, const scoring::ScoreTable& t,
                               const RankingOptions& opt) {
    const model::Organisation& org = ds.org;
    const model::Method& m = *t.method;
    const int district = opt.district.empty() ? -1 : district_unit(org, opt.district);
    std::vector<Level> levels = opt.levels;
    if (levels.empty())
        levels = district >= 0 ? std::vector<Level>{Level::xa}
                               : std::vector<Level>{Level::so, Level::huyen, Level::xa};
    for (Level l : levels)
        if (district >= 0 && l != Level::xa)
            throw std::invalid_argument(
                "bảng xếp hạng của một huyện chỉ gồm cấp xã, phường, thị trấn (xa), không có cấp "
                "\"" +
                std::string(model::level_id(l)) + "\"");

    const model::Agency* agency = nullptr;
    if (opt.agency.empty()) {
        if (!org.agencies.empty()) agency = &org.agencies.front();
    } else {
        agency = org.find_agency(opt.agency);
    }
    if (!agency)
        throw std::runtime_error(org.source + ": không có cơ quan \"" + opt.agency +
                                 "\" (/agencies) để đứng tên bảng xếp hạng");

    // Shared ranks: how many ranked units hold each (level, rank).
    std::map<std::pair<int, int>, int> rank_count;
    for (const auto& r : t.rows)
        if (r.has_total) ++rank_count[{static_cast<int>(r.level), r.rank}];
    auto shared = [&](const scoring::UnitScore& r) {
        return r.has_total && rank_count[{static_cast<int>(r.level), r.rank}] > 1;
    };
    // The same within each district (communes).
    auto district_of = [&](const scoring::UnitScore& r) {
        return org.units[static_cast<std::size_t>(r.unit)].district_index;
    };
    std::map<std::pair<int, int>, int> district_rank_count;
    for (const auto& r : t.rows)
        if (r.has_total && r.level == Level::xa)
            ++district_rank_count[{district_of(r), r.rank_in_district}];
    auto shared_in_district = [&](const scoring::UnitScore& r) {
        return r.has_total && district_rank_count[{district_of(r), r.rank_in_district}] > 1;
    };
    auto district_rank_text = [&](const scoring::UnitScore& r) {
        if (!r.has_total) return std::string("—");
        return std::to_string(r.rank_in_district) + (shared_in_district(r) ? "=" : "");
    };
    // The rank a district document leads with, and the one a provincial document does.
    auto lead_rank_text = [&](const scoring::UnitScore& r) {
        return district >= 0 ? district_rank_text(r) : rank_text(r, shared(r));
    };

    // Columns per level and the page orientation they need.
    std::vector<LevelTable> tables;
    for (Level level : levels) {
        LevelTable lt{level, {}, {}, {}, 0};
        const auto li = static_cast<std::size_t>(level);
        for (std::size_t k = 0; k < m.indicators.size(); ++k)
            if (m.indicators[k].target_h[li]) lt.inds.push_back(k);
        for (std::size_t i = 0; i < t.rows.size(); ++i)
            if (t.rows[i].level == level && (district < 0 || district_of(t.rows[i]) == district))
                lt.rows.push_back(i);
        tables.push_back(std::move(lt));
    }
    const double pad = 2 * kTableLayout.padding_x_mm + kTableLayout.border_mm + 0.8;
    auto col_w = [&](std::initializer_list<std::string> samples, double min_mm) {
        double w = min_mm;
        for (const auto& s : samples) w = std::max(w, text_w_mm(s, kCell) + pad);
        return std::ceil(w * 2) / 2;
    };
    const double rate_w = col_w({"100,0%↓"}, 14.0);
    for (auto& lt : tables) {
        lt.fixed_w.push_back(col_w({"170=", "Hạng"}, 11.0));  // Hạng (bold header wraps)
        if (lt.level == Level::xa) lt.fixed_w.push_back(col_w({"Hạng"}, 13.0));
        for (std::size_t k = 0; k < lt.inds.size(); ++k) lt.fixed_w.push_back(rate_w);
        lt.fixed_w.push_back(col_w({"100,00"}, 14.0));
        double band_w = 19.0;
        for (const auto& b : m.bands) band_w = std::max(band_w, text_w_mm(b.name, kCell) + pad);
        lt.fixed_w.push_back(std::ceil(band_w * 2) / 2);
        if (t.has_previous) lt.fixed_w.push_back(col_w({"▼ 150"}, 14.0));
        double sum = 0;
        for (double w : lt.fixed_w) sum += w;
        lt.min_width_mm = sum + kNameMinMm;
    }
    RankingDocument doc;
    for (const auto& lt : tables)
        if (lt.min_width_mm > doc.page.usable_width_mm())
            doc.page.orientation = pdf::Orientation::landscape;
    const double width = std::floor(doc.page.usable_width_mm() - 0.5);
    Flow flow(doc.page.usable_height_mm() - kSafetyMm);

    // Page 1: the agency header and the Phụ lục heading.
    const std::string title = vn::upper(ranking_title(org, t, opt));
    const std::string reference =
        opt.electronic || opt.reference.empty() ? "(Kèm theo … số …/… ngày …)" : opt.reference;
    const double title_w = width - 20;
    // A district's title breaks before "THUỘC" (what is ranked / whose), not inside its name.
    std::vector<std::string> title_lines;
    const auto whose = district >= 0 ? title.find(" THUỘC ") : std::string::npos;
    for (const auto& part : {title.substr(0, whose),
                             whose == std::string::npos ? std::string() : title.substr(whose + 1)})
        if (!part.empty())
            for (auto& l : pack_lines(part, kTitle, title_w)) title_lines.push_back(std::move(l));
    const auto ref_lines = pack_lines(reference, kReference, title_w);
    const double l14 = line_mm(kTitle, 1.2);
    const double head_h = kAgencyHeaderMm + kPhuLucGapMm +
                          l14 * static_cast<double>(1 + title_lines.size() + ref_lines.size()) +
                          4.0;
    flow.place_or_break({{"kind", "doc_header"},
                         {"parent", vn::upper(agency->parent_header)},
                         {"issuer", vn::upper(agency->issuer_header)},
                         {"title_lines", title_lines},
                         {"reference_lines", ref_lines},
                         {"agency_mm", kAgencyHeaderMm},
                         {"gap_mm", kPhuLucGapMm},
                         {"line_mm", l14}},
                        head_h);

    const std::string prev_label = t.has_previous ? t.previous_period.label_vi() : "";
    // Changes across two methods are no progress: the footnote names both.
    const std::string method_note =
        t.has_previous && !t.same_method && t.previous_method
            ? "(*) Kỳ này (" + t.period.label_vi() + ") chấm theo " + model::method_label_vi(m) +
                  "; kỳ trước (" + prev_label + ") chấm theo " +
                  model::method_label_vi(*t.previous_method) +
                  ". Hai bộ chỉ tiêu khác nhau (chỉ tiêu, điểm tối đa hoặc mức chỉ tiêu): thay "
                  "đổi hạng không phản ánh tiến bộ hay sụt giảm."
            : std::string();
    // No change column: say why, as `vanban score` and the workbook do.
    if (!t.has_previous && !ds.previous_unavailable.empty())
        add_note(flow,
                 "Không so sánh với kỳ trước (không có cột thay đổi hạng): " +
                     ds.previous_unavailable + ".",
                 width);
    int section = 0;
    for (const auto& lt : tables) {
        const auto li = static_cast<std::size_t>(lt.level);
        double fixed = 0;
        for (double w : lt.fixed_w) fixed += w;
        const double name_w = std::min(kNameMaxMm, width - fixed);
        TableLayout layout = kTableLayout;
        std::vector<std::string> classes;
        TableRow header;
        auto head = [&](const std::string& s) { header.cells.push_back({s, kCellBold}); };
        std::size_t wi = 0;
        layout.column_widths_mm.push_back(lt.fixed_w[wi++]);
        classes.push_back("c");
        head(district >= 0 ? "Hạng trong huyện" : "Hạng");
        layout.column_widths_mm.push_back(name_w);
        classes.push_back("name");
        head("Đơn vị");
        if (lt.level == Level::xa) {
            layout.column_widths_mm.push_back(lt.fixed_w[wi++]);
            classes.push_back("c");
            head(district >= 0 ? "Hạng toàn tỉnh" : "Hạng trong huyện");
        }
        for (auto k : lt.inds) {
            layout.column_widths_mm.push_back(lt.fixed_w[wi++]);
            classes.push_back("num");
            const auto& ind = m.indicators[k];
            head(ind.short_name + " (chỉ tiêu " +
                 vn::percent(static_cast<double>(*ind.target_h[li]) / 100.0, 0) + ")");
        }
        layout.column_widths_mm.push_back(lt.fixed_w[wi++]);
        classes.push_back("num");
        head("Tổng điểm");
        layout.column_widths_mm.push_back(lt.fixed_w[wi++]);
        classes.push_back("c");
        head("Xếp loại");
        if (t.has_previous) {
            layout.column_widths_mm.push_back(lt.fixed_w[wi++]);
            classes.push_back("c");
            head(t.same_method ? "Thay đổi hạng" : "Thay đổi hạng (*)");
        }
        const int ncols = static_cast<int>(layout.column_widths_mm.size());

        bool any_kps = false, any_missing = false, any_shared = false, any_missed = false;
        bool any_previous_only = false;
        std::string not_reported;  // "Xã Đại Phước (Huyện Nhơn Trạch): quý IV/2023; …"
        std::vector<TableRow> rows;
        std::vector<std::string> kinds;
        auto unit_row = [&](std::size_t ri) {
            const auto& r = t.rows[ri];
            const model::Unit& u = org.units[static_cast<std::size_t>(r.unit)];
            TableRow row;
            row.cells.push_back({lead_rank_text(r), kCell, 1, true});
            any_shared =
                any_shared || shared(r) || (lt.level == Level::xa && shared_in_district(r));
            row.cells.push_back({u.name, kCell});
            if (lt.level == Level::xa)
                row.cells.push_back(
                    {district >= 0 ? rank_text(r, shared(r)) : district_rank_text(r), kCell, 1,
                     true});
            if (r.missing_data()) {
                // Chưa có số liệu: one cell over the rates and the total, no figure at all.
                const std::string q = quarters_text(r);
                row.cells.push_back({"Chưa có số liệu " + q + ", chưa xếp hạng",
                                     FontSpec{kTablePt, false, true},
                                     static_cast<int>(lt.inds.size()) + 1, true});
                not_reported +=
                    (not_reported.empty() ? "" : "; ") +
                    (u.district_index >= 0 && u.level == Level::xa
                         ? u.name + " (" +
                               org.units[static_cast<std::size_t>(u.district_index)].name + ")"
                         : u.name) +
                    ": " + q;
            }
            for (auto k : r.missing_data() ? std::vector<std::size_t>{} : lt.inds) {
                const auto& s = r.indicators[k];
                std::string text = "—";
                if (s.scored) {
                    text = vn::percent(s.rate, 1) + (s.reached ? "" : "↓");
                    any_missed = any_missed || !s.reached;
                } else {
                    any_kps = true;
                }
                row.cells.push_back({text, kCell, 1, true});
            }
            if (!r.missing_data())
                row.cells.push_back(
                    {r.has_total ? vn::number(r.total, 2) : "—", kCellBold, 1, true});
            std::string band = r.band;
            if (!r.has_total && !r.missing_data()) {  // the wide cell says it for missing data
                any_missing = true;
                band = "Chưa xếp hạng";
            }
            row.cells.push_back({band, kCell});
            if (t.has_previous) {
                row.cells.push_back({change_text(r, district >= 0), kCell, 1, true});
                any_previous_only = any_previous_only || (r.previous_ranked && !r.has_total);
            }
            rows.push_back(std::move(row));
            kinds.push_back("unit");
        };
        if (lt.level == Level::xa && district < 0) {
            // Communes grouped under their district, districts in the organisation's order.
            std::vector<int> districts;
            for (auto ri : lt.rows) {
                int d = org.units[static_cast<std::size_t>(t.rows[ri].unit)].district_index;
                if (std::find(districts.begin(), districts.end(), d) == districts.end())
                    districts.push_back(d);
            }
            std::sort(districts.begin(), districts.end());
            for (int d : districts) {
                std::vector<std::size_t> members;
                for (auto ri : lt.rows)
                    if (org.units[static_cast<std::size_t>(t.rows[ri].unit)].district_index == d)
                        members.push_back(ri);
                const std::string name =
                    d >= 0 ? org.units[static_cast<std::size_t>(d)].name : "Chưa thuộc huyện";
                TableRow g;
                g.cells.push_back(
                    {name + " (" + std::to_string(members.size()) + " đơn vị)", kGroup, ncols});
                g.keep_with_next = true;
                rows.push_back(std::move(g));
                kinds.push_back("group");
                for (auto ri : members) unit_row(ri);
            }
        } else {
            for (auto ri : lt.rows) unit_row(ri);
        }

        // Footnotes: what the marks mean, only those that occur.
        std::vector<std::string> notes;
        if (any_missed)
            notes.push_back("↓ tỷ lệ chưa đạt chỉ tiêu; tỷ lệ không có dấu: đạt chỉ tiêu.");
        if (any_kps)
            notes.push_back(
                "— ở cột chỉ tiêu: không phát sinh (không có hồ sơ để tính, mẫu số bằng 0): chỉ "
                "tiêu không được chấm; tổng điểm quy về thang 100 trên các chỉ tiêu được chấm.");
        if (any_shared) notes.push_back("= đồng hạng (cùng tổng điểm).");
        if (t.has_previous)
            notes.push_back(
                std::string(district >= 0 ? "Thay đổi hạng trong huyện so với "
                                          : "Thay đổi hạng so với ") +
                prev_label + ": ▲ tăng, ▼ giảm số bậc; — giữ nguyên; " +
                (any_previous_only ? "(số): hạng kỳ trước của đơn vị kỳ này chưa xếp hạng; " : "") +
                "để trống: kỳ trước chưa có hạng.");
        if (t.has_previous && !t.same_method) notes.push_back(method_note);
        if (any_missing)
            notes.push_back(
                "Chưa xếp hạng: chưa có số liệu của một quý trong kỳ hoặc không có chỉ "
                "tiêu nào phát sinh.");
        if (!not_reported.empty())
            notes.push_back(
                "Chưa có số liệu (đơn vị chưa báo cáo, không có trong tệp số liệu của quý): " +
                not_reported +
                ". Không chấm điểm, không xếp hạng, không tính vào bình quân và chỉ tiêu chưa "
                "đạt.");
        // The notes stay on the page of the table's last rows.
        for (const auto& n : notes)
            layout.keep_after_mm +=
                static_cast<double>(pack_lines(n, kNote, width).size()) * line_mm(kNote, kNoteLine);

        ++section;
        add_heading(flow,
                    vn::roman(section) + ". " + vn::upper(model::level_name_vi(lt.level)) + " (" +
                        std::to_string(lt.rows.size()) + " đơn vị)",
                    width);
        add_table(flow, 1, "rk", layout, classes, header, rows, kinds, {}, kCell);
        for (const auto& n : notes) add_note(flow, n, width);
    }

    // Summary: units per band, the average of each indicator, units that met every target.
    ++section;
    add_heading(flow, vn::roman(section) + ". TỔNG HỢP", width);
    {
        TableLayout layout = kTableLayout;
        TableRow header;
        std::vector<std::string> classes{"name"};
        header.cells.push_back({"Cấp", kCellBold});
        layout.column_widths_mm.push_back(0);
        for (const auto& b : m.bands) {
            header.cells.push_back({b.name, kCellBold});
            layout.column_widths_mm.push_back(std::max(18.0, text_w_mm(b.name, kCellBold) + pad));
            classes.push_back("num");
        }
        for (const char* h : {"Chưa xếp hạng", "Tổng số"}) {
            header.cells.push_back({h, kCellBold});
            layout.column_widths_mm.push_back(22);
            classes.push_back("num");
        }
        double rest = 0;
        for (double w : layout.column_widths_mm) rest += w;
        layout.column_widths_mm[0] = std::min(60.0, width - rest);
        std::vector<TableRow> rows;
        for (const auto& lt : tables) {
            TableRow row;
            row.cells.push_back({std::string(model::level_name_vi(lt.level)), kCell});
            int unranked = 0;
            std::vector<int> per_band(m.bands.size(), 0);
            for (auto ri : lt.rows) {
                const auto& r = t.rows[ri];
                if (!r.has_total) {
                    ++unranked;
                    continue;
                }
                for (std::size_t b = 0; b < m.bands.size(); ++b)
                    if (m.bands[b].name == r.band) ++per_band[b];
            }
            for (int n : per_band) row.cells.push_back({std::to_string(n), kCell, 1, true});
            row.cells.push_back({std::to_string(unranked), kCell, 1, true});
            row.cells.push_back({std::to_string(lt.rows.size()), kCellBold, 1, true});
            rows.push_back(std::move(row));
        }
        flow.place_or_break({{"kind", "subheading"}, {"text", "1. Số đơn vị theo xếp loại"}},
                            line_mm(kNote, kNoteLine) + 1);
        add_table(flow, 2, "rk", layout, classes, header, rows,
                  std::vector<std::string>(rows.size(), "unit"), {}, kCell);
    }
    {
        TableLayout layout = kTableLayout;
        TableRow header;
        std::vector<std::string> classes{"name"};
        header.cells.push_back({"Cấp", kCellBold});
        layout.column_widths_mm.push_back(0);
        for (const auto& ind : m.indicators) {
            header.cells.push_back({ind.short_name, kCellBold});
            layout.column_widths_mm.push_back(rate_w);
            classes.push_back("num");
        }
        header.cells.push_back({"Tổng điểm", kCellBold});
        layout.column_widths_mm.push_back(col_w({"100,00"}, 16.0));
        classes.push_back("num");
        double rest = 0;
        for (double w : layout.column_widths_mm) rest += w;
        layout.column_widths_mm[0] = std::min(60.0, width - rest);
        std::vector<TableRow> rows;
        for (const auto& lt : tables) {
            const auto li = static_cast<std::size_t>(lt.level);
            TableRow row;
            row.cells.push_back({std::string(model::level_name_vi(lt.level)), kCell});
            for (std::size_t k = 0; k < m.indicators.size(); ++k) {
                double sum = 0;
                int n = 0;
                for (auto ri : lt.rows) {
                    const auto& s = t.rows[ri].indicators[k];
                    if (s.scored) {
                        sum += s.rate;
                        ++n;
                    }
                }
                row.cells.push_back(
                    {m.indicators[k].target_h[li] && n > 0 ? vn::percent(sum / n, 1) : "—", kCell,
                     1, true});
            }
            double sum = 0;
            int n = 0;
            for (auto ri : lt.rows)
                if (t.rows[ri].has_total) {
                    sum += t.rows[ri].total;
                    ++n;
                }
            row.cells.push_back({n ? vn::number(sum / n, 2) : "—", kCellBold, 1, true});
            rows.push_back(std::move(row));
        }
        flow.place_or_break(
            {{"kind", "subheading"},
             {"text", "2. Bình quân tỷ lệ của các đơn vị được chấm và bình quân tổng điểm"}},
            line_mm(kNote, kNoteLine) + 1);
        add_table(flow, 1, "rk", layout, classes, header, rows,
                  std::vector<std::string>(rows.size(), "unit"), {}, kCell);
    }
    // The subheading is not left alone at the foot of a page.
    if (flow.room() < 2 * line_mm(kNote, kNoteLine) + 1) flow.new_page();
    flow.place_or_break({{"kind", "subheading"}, {"text", "3. Đơn vị đạt tất cả chỉ tiêu"}},
                        line_mm(kNote, kNoteLine) + 1);
    for (const auto& lt : tables) {
        std::vector<std::string> names;
        for (auto ri : lt.rows) {
            const auto& r = t.rows[ri];
            bool all = r.has_total;
            for (auto k : lt.inds)
                if (r.indicators[k].scored && !r.indicators[k].reached) all = false;
            if (all) names.push_back(org.unambiguous_name(static_cast<std::size_t>(r.unit)));
        }
        std::string text = std::string(model::level_name_vi(lt.level)) + " (" +
                           std::to_string(names.size()) + "/" + std::to_string(lt.rows.size()) +
                           " đơn vị): ";
        for (std::size_t i = 0; i < names.size(); ++i)
            text += names[i] + (i + 1 < names.size() ? ", " : ".");
        if (names.empty()) text += "không có.";
        for (const auto& l : pack_lines(text, FontSpec{kNotePt}, width))
            flow.place_or_break({{"kind", "line"}, {"text", l}}, line_mm(kNote, kNoteLine));
    }

    // Bar charts of the totals, one per level, in rank order.
    for (const auto& lt : tables) {
        ++section;
        add_heading(flow,
                    vn::roman(section) +
                        ". BIỂU ĐỒ TỔNG ĐIỂM: " + vn::upper(model::level_name_vi(lt.level)),
                    width);
        TableLayout layout = kTableLayout;
        layout.padding_y_mm = 0.3;
        layout.line_height = 1.15;
        const double rank_w = 10, name_w = std::min(70.0, width * 0.3), value_w = 14;
        const double bar_w = width - rank_w - name_w - value_w;
        layout.column_widths_mm = {rank_w, name_w, bar_w, value_w};
        TableRow header;
        for (const char* h : {"Hạng", "Đơn vị", "Tổng điểm (thang 0–100)", "Điểm"})
            header.cells.push_back({h, FontSpec{kChartPt, true}});
        std::vector<TableRow> rows;
        std::vector<std::vector<double>> bars;
        for (auto ri : lt.rows) {
            const auto& r = t.rows[ri];
            if (!r.has_total) continue;
            TableRow row;
            row.cells.push_back({lead_rank_text(r), kChart, 1, true});
            row.cells.push_back({org.unambiguous_name(static_cast<std::size_t>(r.unit)), kChart});
            row.cells.push_back({"", kChart, 1, true});
            row.cells.push_back({vn::number(r.total, 2), kChart, 1, true});
            rows.push_back(std::move(row));
            const double inner = bar_w - 2 * layout.padding_x_mm - layout.border_mm - 0.5;
            bars.push_back({-1, -1, std::floor(inner * r.total) / 100.0, -1});
        }
        add_table(flow, 1, "chart", layout, {"c", "name", "bar", "num"}, header, rows,
                  std::vector<std::string>(rows.size(), "unit"), bars, kChart);
        // The scale under the chart: 0, 50 and 100 points at the bar area's ends and middle.
    }
    J pages = flow.take_pages();

    doc.page_count = static_cast<int>(pages.size());
    J& c = doc.context;
    c["title"] = title;
    c["landscape"] = doc.page.orientation == pdf::Orientation::landscape;
    c["width_mm"] = width;
    c["page_mm"] = flow.page_mm();
    c["pages"] = std::move(pages);
    return doc;
}

}  // namespace vanban::ranking
