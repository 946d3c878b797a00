#include "letter/appendix_pages.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "letter/letter_table.hpp"
#include "pdf/page_flow.hpp"
#include "pdf/table_pages.hpp"
#include "pdf/text_metrics.hpp"
#include "vn/format.hpp"
#include "vn/nobreak.hpp"

namespace vanban::letter {

namespace {

using model::Json;
using pdf::FontSpec;

// Qt lays out on a grid of 0.576 pt (one zoomed CSS pixel); heights are rounded up to it.
constexpr double kGridMm = pdf::kFontQuantumPt / pdf::kPointsPerMm;
double on_grid(double mm) {
    return std::ceil(mm / kGridMm - 1e-6) * kGridMm;
}

// Every text block wraps in the full width less this, so that a measured line is never longer
// than the painted one (Qt rounds each advance to a pixel; justification does not change where
// lines break).
constexpr double kWrapSlackMm = 0.5;

struct Piece {
    std::string text;
    FontSpec font;
};

// Lines a run of styled text takes: greedy wrapping at spaces as Qt does, the first line
// `indent_mm` narrower. A word is measured across style changes ("**đậm**," is one word); a
// space inside a range the templates keep on one line (vn_nobreak: "quý III/2021") does not
// end it. A word longer than a whole line breaks at the edge (nd30.css: word-wrap), each of its
// lines counted one em short of full, as a character never straddles the edge.
int wrapped_lines(const std::vector<Piece>& pieces, double width_mm, double indent_mm) {
    const auto& tm = pdf::TextMetrics::shared();
    struct Word {
        double w = 0;
        double space = 0;  // width of the space before it, in the font it is set in
        double em = 0;     // the largest font size in it
    };
    std::vector<Word> words;
    bool in_word = false;
    double pending_space = 0;
    for (const auto& p : pieces) {
        const auto joined = vn::nobreak_ranges(p.text);
        auto inside = [&](std::size_t pos) {
            for (const auto& [b, e] : joined)
                if (b <= pos && pos < e) return true;
            return false;
        };
        std::size_t i = 0;
        while (i < p.text.size()) {
            std::size_t j = p.text.find(' ', i);
            while (j != std::string::npos && inside(j)) j = p.text.find(' ', j + 1);
            if (j == std::string::npos) j = p.text.size();
            if (j > i) {
                const double w = tm.width_pt(p.text.substr(i, j - i), p.font);
                if (in_word) {
                    words.back().w += w;
                    words.back().em = std::max(words.back().em, p.font.size_pt);
                } else {
                    words.push_back({w, pending_space, p.font.size_pt});
                    in_word = true;
                }
            }
            if (j < p.text.size()) {  // a space ends the word
                pending_space = tm.width_pt(" ", p.font);
                in_word = false;
                j += 1;
            }
            i = j;
        }
    }
    int lines = 1;
    const double full = width_mm * pdf::kPointsPerMm;
    double room = (width_mm - indent_mm) * pdf::kPointsPerMm;
    double used = -1;
    for (const auto& w : words) {
        if (used >= 0 && used + w.space + w.w <= room) {
            used += w.space + w.w;
            continue;
        }
        if (used >= 0) {
            ++lines;
            room = full;
        }
        used = w.w;
        if (w.w > room) {  // broken at the edge: whole lines, then the rest
            const double per_line = std::max(room - w.em, w.em);
            const int extra = static_cast<int>(std::ceil(w.w / per_line)) - 1;
            lines += extra;
            used = w.w - extra * per_line;
            room = full;
        }
    }
    return lines;
}

int plain_lines(const std::string& text, const FontSpec& f, double width_mm) {
    return wrapped_lines({{text, f}}, width_mm, 0);
}

// The label the template prints before a block's text (page.html, macro item).
std::string label_of(const Json& b) {
    const std::string kind = b.value("kind", "p");
    if (kind == "muc") return vn::roman(b["n"].get<long long>()) + ". ";
    if (kind == "khoan") return std::to_string(b["n"].get<long long>()) + ". ";
    if (kind == "diem") return vn::diem(b["n"].get<long long>()) + ") ";
    if (kind == "dash") return "- ";
    if (kind == "plus") return "+ ";
    return "";
}

// Height of a paragraph block: its lines plus the 6 pt under it.
double text_block_mm(const Json& b, double width_mm) {
    const bool all_bold = b.value("kind", "p") == "muc";
    std::vector<Piece> pieces{{label_of(b), {kBodyFontPt, all_bold}}};
    for (const auto& r : b["runs"])
        pieces.push_back(
            {r["text"].get<std::string>(),
             {kBodyFontPt, all_bold || r["bold"].get<bool>(), r["italic"].get<bool>()}});
    const int lines = wrapped_lines(pieces, width_mm, kIndentMm);
    return lines * appendix_line_mm() + on_grid(6.0 / pdf::kPointsPerMm);
}

using Flow = pdf::PageFlow;

LetterTableText table_text(const Json& t) {
    LetterTableText out;
    out.columns = t["columns"].get<std::vector<std::string>>();
    out.rows = t["rows"].get<std::vector<std::vector<std::string>>>();
    out.numeric = t["numeric"].get<std::vector<bool>>();
    return out;
}

void add_table(Flow& flow, const Json& table, double width_mm, const std::string& pointer) {
    const LetterTableText t = table_text(table);
    const pdf::TableLayout layout = letter_table_layout(column_widths_mm(t, width_mm));
    const pdf::TableRow header = header_row(t);
    std::vector<pdf::TableRow> rows;
    for (std::size_t i = 0; i < t.rows.size(); ++i) rows.push_back(body_row(t, i));
    const double margins = kTableTopMm + kTableBottomMm;
    std::vector<pdf::TablePage> pieces;
    try {
        pieces = pdf::paginate(layout, header, rows, std::max(0.0, flow.room() - margins),
                               flow.page_mm() - margins);
    } catch (const pdf::RowTooTallError& e) {
        throw AppendixLayoutError(pointer + "/table/rows", e.what());
    }
    // Heights written on the rows: the measured height less the slack, so that Qt's rounding
    // can only make a row shorter than planned (as the register book and the ranking do).
    auto height = [&](const pdf::TableRow& r) {
        return pdf::row_height_mm(layout, r) - layout.row_slack_mm;
    };
    Json widths = Json::array();
    for (double w : layout.column_widths_mm) widths.push_back(w);
    pdf::place_table_pieces(
        flow, pieces, !rows.empty(), [&](std::size_t, const pdf::TablePage& piece) {
            Json body = Json::array();
            for (std::size_t i = piece.first; i < piece.last; ++i)
                body.push_back({{"h", height(rows[i])}, {"cells", t.rows[i]}});
            return pdf::PlacedBlock{
                {{"kind", "table"},
                 {"widths", widths},
                 {"width_mm", width_mm},
                 {"line_mm", pdf::line_height_mm(layout, header.cells.at(0).font)},
                 {"head_h", height(header)},
                 {"columns", t.columns},
                 {"numeric", t.numeric},
                 {"rows", std::move(body)}},
                piece.height_mm + margins};
        });
}

}  // namespace

double appendix_line_mm() {
    return on_grid(1.2 * pdf::TextMetrics::pdf_size_pt(kBodyFontPt) / pdf::kPointsPerMm);
}

Json appendix_pages(const AppendixHeading& heading, const Json& body, const std::string& pointer,
                    const pdf::PageSetup& page) {
    const double width = std::floor(page.usable_width_mm());
    const double text_width = width - kWrapSlackMm;
    const double line = appendix_line_mm();
    Flow flow(page.usable_height_mm() - kPageSafetyMm);

    // Heading: "Phụ lục I", title, subtitle, reference, the short rule (a line box of its own),
    // then the gap before the body. Given as a fixed height, so the body starts where planned.
    int head_lines = 2 + plain_lines(heading.title, {kBodyFontPt, true}, text_width) +
                     plain_lines(heading.reference, {kBodyFontPt, false, true}, text_width);
    if (!heading.subtitle.empty())
        head_lines += plain_lines(heading.subtitle, {kBodyFontPt, false, true}, text_width);
    flow.place({{"kind", "head"}}, on_grid(head_lines * line + 1.0 + kHeadGapMm));

    // Blocks in reading order: each top-level block, then its children (a khoản's điểm).
    struct Item {
        const Json* block;
        std::string pointer;
    };
    std::vector<Item> items;
    for (std::size_t i = 0; i < body.size(); ++i) {
        const std::string p = pointer + "/" + std::to_string(i);
        items.push_back({&body[i], p});
        const Json& children = body[i]["children"];
        for (std::size_t k = 0; k < children.size(); ++k)
            items.push_back({&children[k], p + "/children/" + std::to_string(k)});
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        const Json& b = *items[i].block;
        if (b.value("kind", "p") == "table") {
            add_table(flow, b["table"], width, items[i].pointer);
            continue;
        }
        Json item = b;
        item.erase("children");  // placed as items of their own
        const double h = text_block_mm(b, text_width);
        if (h > flow.page_mm()) {
            // Taller than a page: it starts a page and the page after it is a fresh one (Qt
            // breaks it between lines where it must; no table shares its pages).
            if (flow.used() > 0) flow.new_page();
            flow.place({{"kind", "text"}, {"item", std::move(item)}}, h);
            flow.new_page();
            continue;
        }
        // A mục heading keeps to the first lines of what follows it.
        double keep = 0;
        if (b.value("kind", "p") == "muc" && i + 1 < items.size())
            keep = 2 * line + (items[i + 1].block->value("kind", "p") == "table" ? 20.0 : 0.0);
        if (flow.used() > 0 && h + keep > flow.room()) flow.new_page();
        flow.place({{"kind", "text"}, {"item", std::move(item)}}, h);
    }
    return {{"line_mm", line}, {"width_mm", width}, {"pages", flow.take_pages()}};
}

}  // namespace vanban::letter
