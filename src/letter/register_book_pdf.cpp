#include "letter/register_book_pdf.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "pdf/table_pages.hpp"
#include "pdf/text_metrics.hpp"
#include "registry/register_text.hpp"
#include "template/engine.hpp"

namespace vanban::letter {

namespace fs = std::filesystem;

namespace {

using J = nlohmann::ordered_json;
using pdf::FontSpec;
using pdf::TableRow;

constexpr double kCellPt = 11;  // 10.94 pt in the PDF
const FontSpec kCell{kCellPt};
const FontSpec kHead{kCellPt, true};
// Kept free at the foot of every page, against Qt's rounding.
constexpr double kSafetyMm = 1.0;

// Share of the width left after the fixed columns, for the columns whose text wraps (Tên loại
// và trích yếu gets the most), and the fixed widths of the columns written by hand.
constexpr std::array<double, 10> kShare{0, 0, 0.34, 0.14, 0.22, 0.12, 0, 0, 0, 0.18};
constexpr double kCopiesMm = 13, kHandDateMm = 17, kSignMm = 20;

double text_mm(const std::string& s, const FontSpec& f) {
    return pdf::TextMetrics::shared().width_pt(s, f) / pdf::kPointsPerMm;
}

// Column widths (mm) over `width`: Số, ký hiệu and Ngày tháng as wide as their widest text
// (they never wrap), the hand-filled columns fixed, the rest shared out.
pdf::TableLayout layout_for(const registry::RegisterBook& book, double width) {
    pdf::TableLayout l;
    l.padding_x_mm = 1.0;
    l.padding_y_mm = 0.6;
    l.border_mm = 0.2;
    l.line_height = 1.15;
    const double pad = 2 * l.padding_x_mm + l.border_mm + 0.8;
    double so = text_mm("Số, ký", kHead) + pad, date = text_mm("30/12/2024", kCell) + pad;
    for (const auto& r : book.rows) {
        so = std::max(so, text_mm(r[0], kCell) + pad);
        date = std::max(date, text_mm(r[1], kCell) + pad);
    }
    so = std::ceil(so * 2) / 2;
    date = std::ceil(date * 2) / 2;
    std::array<double, 10> w{so, date, 0, 0, 0, 0, kCopiesMm, kHandDateMm, kSignMm, 0};
    double fixed = 0;
    for (double x : w) fixed += x;
    const double rest = width - fixed;
    double given = 0;
    for (std::size_t c = 0; c < 10; ++c)
        if (kShare[c] > 0 && c != 9) {
            w[c] = std::floor(rest * kShare[c] * 2) / 2;
            given += w[c];
        }
    w[9] = std::floor((rest - given) * 2) / 2;  // Ghi chú takes what is left
    l.column_widths_mm.assign(w.begin(), w.end());
    return l;
}

TableRow table_row(const std::array<std::string, 10>& cells, const FontSpec& font, bool header) {
    TableRow r;
    for (std::size_t c = 0; c < 10; ++c) {
        // Numbers and dates stay on one line (a wrapped "194/QĐ-UBND" would be unreadable).
        const bool nowrap = !header && (c == 0 || c == 1 || c == 6);
        r.cells.push_back({cells[c], font, 1, nowrap});
    }
    return r;
}

J cells_json(const TableRow& row) {
    J cells = J::array();
    for (const auto& c : row.cells) cells.push_back(c.text);
    return cells;
}

std::string render(const fs::path& root, const std::string& name, J ctx) {
    // One environment per call: the batch may render books from several threads.
    tpl::Environment env;
    env.add_search_path(root / "registry");
    env.add_search_path(root / "nd30");
    ctx["base_css"] = pdf::base_css();
    return env.load(name)->render(tpl::value_from_json(ctx));
}

}  // namespace

RegisterBookHtml register_book_html(const registry::RegisterBook& book, const fs::path& root) {
    RegisterBookHtml out;
    out.page.orientation = pdf::Orientation::landscape;
    const double width = std::floor(out.page.usable_width_mm() - 0.5);
    const double page_mm = out.page.usable_height_mm() - kSafetyMm;
    const std::string title = book.document_title();

    J cover{{"trich_yeu", title},
            {"title", book.cover.title()},
            {"width_mm", width},
            {"height_mm", page_mm},
            {"parent", book.agency.parent_header},
            {"issuer", book.agency.issuer_header},
            {"year", book.year},
            {"date_range", book.date_range()},
            {"number_range", book.number_range()},
            {"count", book.cover.count},
            {"voided", book.cover.voided},
            {"reserved", book.cover.reserved}};
    out.cover_html = render(root, "cover.html", std::move(cover));

    const pdf::TableLayout layout = layout_for(book, width);
    std::array<std::string, 10> head_cells;
    for (std::size_t c = 0; c < 10; ++c) head_cells[c] = registry::kRegisterColumns[c];
    const TableRow header = table_row(head_cells, kHead, true);
    std::vector<TableRow> rows;
    rows.reserve(book.rows.size());
    for (const auto& r : book.rows) rows.push_back(table_row(r, kCell, false));
    const auto pages = pdf::paginate(layout, header, rows, page_mm, page_mm);

    // Heights given to the template: the measured height less the slack, so that Qt's rounding
    // can only make a row shorter than the layout assumed (as the ranking tables do).
    auto height = [&](const TableRow& r) {
        return pdf::row_height_mm(layout, r) - layout.row_slack_mm;
    };
    J widths = J::array();
    for (double w : layout.column_widths_mm) widths.push_back(w);
    J jpages = J::array();
    for (const auto& p : pages) {
        J body = J::array();
        for (std::size_t i = p.first; i < p.last; ++i)
            body.push_back({{"h", height(rows[i])},
                            {"cells", cells_json(rows[i])},
                            {"void", book.entries[i].status == registry::Status::Void}});
        jpages.push_back({{"rows", std::move(body)}});
    }
    J reg{{"trich_yeu", title},        {"width_mm", width},
          {"widths", widths},          {"line_mm", pdf::line_height_mm(layout, kCell)},
          {"head_h", height(header)},  {"header", cells_json(header)},
          {"pages", std::move(jpages)}};
    out.register_html = render(root, "register.html", std::move(reg));
    out.register_pages = static_cast<int>(pages.size());
    return out;
}

RegisterBookHtml write_register_book_pdf(const registry::RegisterBook& book, const fs::path& out,
                                         const fs::path& templates_root, pdf::WkhtmlPool& pool,
                                         pdf::PageNumberStamps& stamps) {
    RegisterBookHtml html = register_book_html(book, templates_root);
    pdf::FinishJob job;
    job.output = out;
    job.info = {book.document_title(), book.agency.name,
                book.agency.abbreviation + " " + std::to_string(book.year), "sổ đăng ký văn bản đi",
                book.as_of_iso()};
    const std::string name = out.filename().string();
    job.parts.emplace_back(name + " (bìa)", html.page,
                           pool.render({html.cover_html, html.page, {}, name + " (bìa)"}));
    job.parts.emplace_back(name, html.page, pool.render({html.register_html, html.page, {}, name}));
    job.parts.back().labels = pdf::PageLabels::of_total;
    pdf::finish(job, stamps);
    return html;
}

}  // namespace vanban::letter
