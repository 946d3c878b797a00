#include "docx/ranking_section.hpp"

#include <algorithm>
#include <optional>

#include "docx/wml.hpp"

namespace vanban::docx {

namespace {

using model::Json;

std::string str(const Json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool has_class(const std::string& cls, std::string_view c) {
    std::size_t pos = 0;
    while (pos <= cls.size()) {
        const std::size_t end = std::min(cls.find(' ', pos), cls.size());
        if (std::string_view(cls).substr(pos, end - pos) == c) return true;
        pos = end + 1;
    }
    return false;
}

// One run at `half_points` (the table's size: 11 pt, the chart's 9 pt).
void sized_run(std::string& out, const std::string& text, int half_points, bool bold, bool italic) {
    const std::string v = std::to_string(half_points);
    out += "<w:r><w:rPr>";
    if (bold) out += "<w:b/><w:bCs/>";
    if (italic) out += "<w:i/><w:iCs/>";
    out += "<w:sz w:val=\"" + v + "\"/><w:szCs w:val=\"" + v + "\"/></w:rPr>";
    out += "<w:t xml:space=\"preserve\">" + xml_escape(text) + "</w:t></w:r>";
}

// The pieces of one table, as the PDF split them over pages, merged back into one.
struct TableAcc {
    const Json* first = nullptr;  // the first piece: class, widths, padding, header
    std::vector<const Json*> rows;
};

bool same_table(const Json& a, const Json& b) {
    return a["cls"] == b["cls"] && a["widths"] == b["widths"] && a["header"] == b["header"];
}

void cell(std::string& out, const Json& c, const std::vector<double>& widths, std::size_t& col,
          bool header, bool chart, bool group_row) {
    const int span = std::max(1, c.value("span", 1));
    double w = 0;
    for (int k = 0; k < span && col + static_cast<std::size_t>(k) < widths.size(); ++k)
        w += widths[col + static_cast<std::size_t>(k)];
    col += static_cast<std::size_t>(span);
    const std::string cls = str(c, "cls");
    std::string tcpr;
    if (span > 1) tcpr += "<w:gridSpan w:val=\"" + std::to_string(span) + "\"/>";
    // The chart has no vertical rules (ranking.css).
    if (chart) tcpr += "<w:tcBorders><w:left w:val=\"nil\"/><w:right w:val=\"nil\"/></w:tcBorders>";
    if (header || c.contains("bar_mm")) tcpr += "<w:vAlign w:val=\"center\"/>";
    cell_start(out, w, tcpr);
    const int size = chart ? 18 : 22;
    std::string jc = "left";
    if (header || has_class(cls, "c") || has_class(cls, "wide")) jc = "center";
    if (has_class(cls, "num")) jc = "right";
    if (group_row) jc = "left";
    if (const auto bar = c.find("bar_mm"); bar != c.end()) {
        // A bar as long as the PDF's: a paragraph shaded up to its right indent.
        const double pad = 2.0;  // the cell's left and right margins (1 mm each)
        const double right = std::max(0.0, w - pad - bar->get<double>());
        para_raw(
            out, "XepHangO", "",
            "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"555555\"/>"  // ranking.css div.bar
            "<w:spacing w:line=\"" +
                tw(2.2) + "\" w:lineRule=\"exact\"/><w:ind w:right=\"" + tw(right) + "\"/>");
    } else {
        std::string inner;
        if (const std::string t = str(c, "text"); !t.empty())
            sized_run(inner, t, size, header || has_class(cls, "b"), has_class(cls, "i"));
        // A group heading stays with the first unit under it.
        para_raw(out, "XepHangO", inner,
                 std::string(group_row ? "<w:keepNext/>" : "") + "<w:jc w:val=\"" + jc + "\"/>");
    }
    out += "</w:tc>";
}

void table(std::string& out, const TableAcc& t) {
    const Json& b = *t.first;
    const bool chart = str(b, "cls") == "chart";
    std::vector<double> widths;
    double total = 0;
    for (const auto& w : b["widths"]) widths.push_back(w.get<double>()), total += w.get<double>();
    const double pad_x = b.value("pad_x", 1.0), pad_y = b.value("pad_y", 0.6);
    const std::string py = tw(pad_y), px = tw(pad_x);
    table_start(out, "BangSoLieu", total, widths, true,
                "<w:top w:w=\"" + py + "\" w:type=\"dxa\"/><w:left w:w=\"" + px +
                    "\" w:type=\"dxa\"/><w:bottom w:w=\"" + py +
                    "\" w:type=\"dxa\"/><w:right w:w=\"" + px + "\" w:type=\"dxa\"/>");
    out += "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>";
    std::size_t col = 0;
    for (const auto& c : b["header"]) cell(out, c, widths, col, true, chart, false);
    out += "</w:tr>";
    for (const Json* r : t.rows) {
        const bool group = str(*r, "kind") == "group";
        out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
        col = 0;
        for (const auto& c : (*r)["cells"]) cell(out, c, widths, col, false, chart, group);
        out += "</w:tr>";
    }
    out += "</w:tbl>";
}

void doc_header(std::string& out, const Json& b, double text_mm) {
    agency_motto_table(out, {str(b, "parent")}, {str(b, "issuer")});
    para(out, "PhuLucSo", "Phụ lục",
         "<w:spacing w:before=\"" + tw(b.value("gap_mm", 6.0)) + "\"/>");
    for (const auto& l : b["title_lines"]) para(out, "TenPhuLuc", l.get<std::string>());
    for (const auto& l : b["reference_lines"]) para(out, "PhuLucGhiChu", l.get<std::string>());
    rule_para(out, 40.0, text_mm);
}

}  // namespace

ExtraSection ranking_section(const Json& context, bool landscape) {
    ExtraSection s;
    s.landscape = landscape;
    std::string& out = s.body;
    std::optional<TableAcc> acc;
    auto flush = [&] {
        if (acc) table(out, *acc);
        acc.reset();
    };
    for (const auto& page : context["pages"]) {
        for (const auto& b : page["blocks"]) {
            const std::string kind = str(b, "kind");
            if (kind == "table") {
                const auto& rows = b["rows"];
                std::size_t from = 0;
                if (acc && same_table(*acc->first, b)) {
                    // A later piece: its "… (tiếp theo)" row repeated the group heading.
                    if (!rows.empty() && str(rows[0], "kind") == "group" &&
                        str(rows[0]["cells"][0], "text").ends_with(" (tiếp theo)"))
                        from = 1;
                } else {
                    flush();
                    acc = TableAcc{&b, {}};
                }
                for (std::size_t i = from; i < rows.size(); ++i) acc->rows.push_back(&rows[i]);
                continue;
            }
            flush();
            if (kind == "doc_header")
                // The text box of a landscape page: 297 - 30 - 15 mm, less the 1 mm the
                // portrait letter keeps (kTextWidthMm).
                doc_header(out, b, landscape ? kPageHeightMm - 46.0 : kTextWidthMm);
            else if (kind == "heading")
                para(out, "XepHangMuc", str(b, "text"));
            else if (kind == "subheading")
                para(out, "XepHangMucNho", str(b, "text"));
            else if (kind == "note")
                para(out, "XepHangGhiChu", str(b, "text"));
            else if (kind == "line")
                para(out, "XepHangDong", str(b, "text"));
        }
    }
    flush();
    return s;
}

}  // namespace vanban::docx
