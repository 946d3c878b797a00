#include "docx/letter_body.hpp"

#include <algorithm>

#include "docx/wml.hpp"
#include "letter/letter_table.hpp"
#include "vn/format.hpp"
#include "vn/text.hpp"

namespace vanban::docx {

namespace {

using model::Json;

// Column widths of boxes 1–4 and of Nơi nhận / signature, as in templates/nd30/nd30.css.
constexpr double kHeaderLeftMm = 70.0;
constexpr double kHeaderRightMm = 94.0;
constexpr double kSignColumnMm = 82.0;
// The room between the signer's title and name, and the images' places in it (nd30.css).
constexpr double kSignSpaceMm = 27.0;

std::vector<model::TextRun> runs_of(const Json& j) {
    std::vector<model::TextRun> rs;
    for (const auto& r : j)
        rs.push_back({r.at("text").get<std::string>(), r.at("bold").get<bool>(),
                      r.at("italic").get<bool>()});
    return rs;
}

std::string str(const Json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A borderless layout table (boxes 1–4, Nơi nhận + signature): fixed columns, no cell margins.
void layout_table_start(std::string& out, const std::vector<double>& cols) {
    double total = 0;
    for (double c : cols) total += c;
    table_start(out, "BangBoCuc", total, cols, false);
}

// A framed mark (boxes 10a, 10b: MẬT, KHẨN …) as wide as its text, centred in the cell.
void mark_para(std::string& out, const std::string& text, double box_mm) {
    const double w = text_width_mm(text, 13, true) + 6.0;
    const double ind = std::max(0.0, (box_mm - w) / 2);
    const std::string b = "w:val=\"single\" w:sz=\"6\" w:color=\"000000\"";
    para(out, "DauMucDo", text,
         "<w:pBdr><w:top " + b + " w:space=\"2\"/><w:left " + b + " w:space=\"0\"/><w:bottom " + b +
             " w:space=\"2\"/><w:right " + b + " w:space=\"0\"/></w:pBdr><w:ind w:left=\"" +
             tw(ind) + "\" w:right=\"" + tw(ind) + "\"/>");
}

void agency_motto_row(std::string& out, const std::vector<std::string>& parent,
                      const std::vector<std::string>& issuer) {
    out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
    // Box 2: the parent body, the issuing body, a rule 40 % of its line under it.
    cell_start(out, kHeaderLeftMm);
    for (const std::string& line : parent) para(out, "TenCoQuanChuQuan", line);
    double issuer_mm = 0;
    for (const std::string& line : issuer) {
        para(out, "TenCoQuan", line);
        issuer_mm = std::max(issuer_mm, text_width_mm(line, 13, true));
    }
    rule_para(out, 0.4 * std::min(issuer_mm, kHeaderLeftMm), kHeaderLeftMm);
    out += "</w:tc>";
    // Box 1: Quốc hiệu, Tiêu ngữ with a rule exactly as long as its line (the paragraph is
    // indented to the width of its text, its bottom border is the rule).
    cell_start(out, kHeaderRightMm);
    para(out, "QuocHieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    const std::string motto = "Độc lập - Tự do - Hạnh phúc";
    const double ind = std::max(0.0, (kHeaderRightMm - text_width_mm(motto, 13, true) - 1.0) / 2);
    para(out, "TieuNgu", motto, "<w:ind w:left=\"" + tw(ind) + "\" w:right=\"" + tw(ind) + "\"/>");
    out += "</w:tc></w:tr>";
}

void header_table(std::string& out, const Json& c) {
    layout_table_start(out, {kHeaderLeftMm, kHeaderRightMm});
    // org.json gives each name as a string or as the agency's own lines: one paragraph a line.
    auto lines_of = [&](const char* key) {
        std::vector<std::string> lines;
        const auto it = c["header"].find(key);
        if (it == c["header"].end()) return lines;
        if (it->is_array()) {
            for (const auto& l : *it)
                if (l.is_string()) lines.push_back(vn::upper(l.get<std::string>()));
        } else if (it->is_string() && !it->get<std::string>().empty()) {
            lines.push_back(vn::upper(it->get<std::string>()));
        }
        return lines;
    };
    agency_motto_row(out, lines_of("parent"), lines_of("issuer"));
    // Boxes 3 and 4 on one line.
    out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
    cell_start(out, kHeaderLeftMm);
    const std::string so = str(c, "so");
    para(out, "SoKyHieu",
         "Số: " + (so.empty() ? std::string("      ") : so) + "/" + str(c, "ky_hieu"));
    out += "</w:tc>";
    cell_start(out, kHeaderRightMm);
    // A draft may leave day and month blank ("date": "YYYY") for the văn thư to fill in at issue.
    para(out, "DiaDanhNgay",
         str(c, "place") + ", " +
             (c.value("date_blank", false) ? "ngày        tháng        năm " + str(c, "date")
                                           : vn::date_long(vn::parse_iso_date(str(c, "date")))));
    out += "</w:tc></w:tr>";
    // Box 5b (công văn) and the marks of boxes 10a/10b under Số.
    const std::string secrecy = str(c, "secrecy"), urgency = str(c, "urgency");
    const bool cv = c.value("is_cong_van", false);
    if (cv || !secrecy.empty() || !urgency.empty()) {
        out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
        cell_start(out, kHeaderLeftMm);
        if (cv) para(out, "TrichYeuCongVan", "V/v " + str(c, "trich_yeu"));
        if (!secrecy.empty()) mark_para(out, secrecy, kHeaderLeftMm);
        if (!urgency.empty()) mark_para(out, urgency, kHeaderLeftMm);
        out += "</w:tc>";
        cell_start(out, kHeaderRightMm);
        para(out, "Normal", "");
        out += "</w:tc></w:tr>";
    }
    out += "</w:tbl>";
}

void data_table(std::string& out, const Json& t) {
    letter::LetterTableText text{t["columns"].get<std::vector<std::string>>(),
                                 t["rows"].get<std::vector<std::vector<std::string>>>(),
                                 t["numeric"].get<std::vector<bool>>()};
    const std::vector<double> widths = letter::column_widths_mm(text, kTextWidthMm);
    table_start(out, "BangSoLieu", kTextWidthMm, widths, true);
    // The header row repeats on every page; no row is split across pages.
    out += "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>";
    for (std::size_t i = 0; i < text.columns.size(); ++i) {
        cell_start(out, widths[i], "<w:vAlign w:val=\"center\"/>");
        para(out, "BangTieuDe", text.columns[i]);
        out += "</w:tc>";
    }
    out += "</w:tr>";
    for (const auto& row : text.rows) {
        out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            cell_start(out, widths[i]);
            const bool num = i < text.numeric.size() && text.numeric[i];
            para(out, num ? "BangSo" : "BangNoiDung", row[i]);
            out += "</w:tc>";
        }
        out += "</w:tr>";
    }
    out += "</w:tbl>";
}

// One body block as templates/nd30/page.html's `item` prints it. `keep` keeps it on the page
// of what follows (the last block goes with the signature). `after_table`: the PDF leaves 8 pt
// under a table (nd30.css table.data), a Word table nothing, so the paragraph adds it.
void item(std::string& out, const Json& b, bool keep, bool after_table) {
    const std::string kind = str(b, "kind");
    if (kind == "table") {
        data_table(out, b["table"]);
        return;
    }
    std::string style = "NoiDung", label;
    if (kind == "muc") {
        style = "Muc";
        label = vn::roman(b["n"].get<int>()) + ". ";
    } else if (kind == "khoan") {
        label = std::to_string(b["n"].get<int>()) + ". ";
    } else if (kind == "diem") {
        label = vn::diem(b["n"].get<int>()) + ") ";
    } else if (kind == "dash") {
        label = "- ";
    } else if (kind == "plus") {
        label = "+ ";
    }
    std::string inner;
    if (!label.empty()) run(inner, label);
    runs(inner, runs_of(b["runs"]));
    std::string ppr = keep ? "<w:keepNext/>" : "";
    if (after_table) ppr += "<w:spacing w:before=\"160\"/>";
    para_raw(out, style, inner, ppr);
}

void blocks(std::string& out, const Json& bs, bool keep_last) {
    bool after_table = false;
    auto one = [&](const Json& b, bool keep) {
        item(out, b, keep, after_table);
        after_table = str(b, "kind") == "table";
    };
    for (std::size_t i = 0; i < bs.size(); ++i) {
        const bool last = keep_last && i + 1 == bs.size();
        const auto& ch = bs[i]["children"];
        one(bs[i], last && ch.empty());
        for (std::size_t k = 0; k < ch.size(); ++k) one(ch[k], last && k + 1 == ch.size());
    }
}

void kinh_gui(std::string& out, const Json& kg) {
    if (kg.empty()) return;
    if (kg.size() == 1) {
        para(out, "KinhGui", "Kính gửi: " + kg[0].get<std::string>(),
             "<w:spacing w:before=\"" + tw(7) + "\" w:after=\"" + tw(5) + "\"/><w:ind w:left=\"" +
                 tw(6) + "\" w:right=\"" + tw(6) + "\"/><w:jc w:val=\"center\"/>");
        return;
    }
    // "Kính gửi:" ends at 42 mm (a right tab), each recipient starts at 44 mm, one per line:
    // the hanging indent a clerk sets in Word.
    for (std::size_t i = 0; i < kg.size(); ++i) {
        std::string inner;
        if (i == 0) inner += "<w:r><w:tab/><w:t>Kính gửi:</w:t></w:r><w:r><w:tab/></w:r>";
        run(inner, "- " + kg[i].get<std::string>());
        std::string ppr = "<w:tabs><w:tab w:val=\"right\" w:pos=\"" + tw(42) +
                          "\"/><w:tab w:val=\"left\" w:pos=\"" + tw(44) + "\"/></w:tabs>";
        ppr += "<w:spacing w:before=\"" + std::string(i == 0 ? tw(7) : "0") + "\" w:after=\"" +
               (i + 1 == kg.size() ? tw(5) : "0") + "\"/>";
        ppr += "<w:ind w:left=\"" + tw(44) + "\"" +
               (i == 0 ? " w:hanging=\"" + tw(44) + "\"" : std::string()) + "/>";
        para_raw(out, "KinhGui", inner, ppr);
    }
}

std::string anchor(const char* rel, int id, const char* name, double x_mm, double y_mm, double w_mm,
                   double h_mm) {
    const std::string cx = std::to_string(emu(w_mm)), cy = std::to_string(emu(h_mm));
    const std::string ids = std::to_string(id);
    return "<w:r><w:drawing><wp:anchor distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\" "
           "simplePos=\"0\" relativeHeight=\"" +
           std::to_string(251658240 + id) +
           "\" behindDoc=\"0\" locked=\"0\" layoutInCell=\"1\" allowOverlap=\"1\">"
           "<wp:simplePos x=\"0\" y=\"0\"/><wp:positionH relativeFrom=\"column\"><wp:posOffset>" +
           std::to_string(emu(x_mm)) +
           "</wp:posOffset></wp:positionH><wp:positionV relativeFrom=\"paragraph\"><wp:posOffset>" +
           std::to_string(emu(y_mm)) + "</wp:posOffset></wp:positionV><wp:extent cx=\"" + cx +
           "\" cy=\"" + cy +
           "\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:wrapNone/><wp:docPr id=\"" +
           ids + "\" name=\"" + name +
           "\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/>"
           "</wp:cNvGraphicFramePr><a:graphic><a:graphicData "
           "uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic>"
           "<pic:nvPicPr><pic:cNvPr id=\"" +
           ids + "\" name=\"" + name +
           "\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"" + rel +
           "\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>"
           "<a:off x=\"0\" y=\"0\"/><a:ext cx=\"" +
           cx + "\" cy=\"" + cy +
           "\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>"
           "</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>";
}

// Boxes 9b, 12 (left) and 7 (right), side by side, level at the top.
void sign_table(std::string& out, const Json& c, bool images) {
    layout_table_start(out, {kSignColumnMm, kSignColumnMm});
    out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
    cell_start(out, kSignColumnMm);
    para(out, "NoiNhan", "Nơi nhận:");
    for (const auto& n : c["noi_nhan"]) {
        std::string s = n.get<std::string>();
        if (!(s.ends_with(";") || s.ends_with("."))) s += ";";
        para(out, "NoiNhanDanhSach", "- " + s);
    }
    std::string luu = str(c, "luu");
    para(out, "NoiNhanDanhSach", "- Lưu: " + luu + (luu.ends_with(".") ? "" : "."));
    if (c["drafter"].is_object()) {
        const auto& d = c["drafter"];
        const int copies = d.value("copies", 0);
        para(out, "NguoiSoanThao",
             str(d, "initials") + (copies ? "." + std::to_string(copies) : std::string()));
    }
    out += "</w:tc>";
    cell_start(out, kSignColumnMm);
    for (const auto& l : c["signer"]["lines"]) para(out, "ChucVuNguoiKy", l.get<std::string>());
    // The room for the signature and seal; an electronic copy places them as the PDF does:
    // the signature 40 x 22 mm centred, the seal (36 mm) over its left third, on top.
    std::string space;
    if (images) {
        space += anchor(kRelSignature, 1, "Chữ ký", 21.0, 2.5, 40.0, 22.0);
        space += anchor(kRelSeal, 2, "Con dấu", 0.5, -4.5, 36.0, 36.0);
    }
    para_raw(out, "ChoKy", space);
    para(out, "HoTenNguoiKy", str(c["signer"], "name"));
    out += "</w:tc></w:tr></w:tbl>";
}

std::string sect_pr(const BodyOptions& o, bool letter_section, bool landscape = false) {
    std::string s = "<w:sectPr>";
    s += "<w:headerReference w:type=\"default\" r:id=\"" + std::string(kRelHeaderPage) + "\"/>";
    s += "<w:headerReference w:type=\"first\" r:id=\"" + std::string(kRelHeaderEmpty) + "\"/>";
    // An appendix names its own (empty) footers: a section inherits the ones it does not name.
    if (!letter_section)
        s +=
            "<w:footerReference w:type=\"default\" r:id=\"" + std::string(kRelFooterEmpty) + "\"/>";
    s += "<w:footerReference w:type=\"first\" r:id=\"" +
         std::string(letter_section && o.has_address ? kRelFooterAddress : kRelFooterEmpty) +
         "\"/>";
    if (!letter_section) s += "<w:type w:val=\"nextPage\"/>";
    if (landscape)
        s += "<w:pgSz w:w=\"" + tw(kPageHeightMm) + "\" w:h=\"" + tw(kPageWidthMm) +
             "\" w:orient=\"landscape\"/>";
    else
        s += "<w:pgSz w:w=\"" + tw(kPageWidthMm) + "\" w:h=\"" + tw(kPageHeightMm) + "\"/>";
    // Header 10 mm from the top: the page number sits in the top margin. The footer (box 13)
    // ends 21 mm from the foot of the page and opens with 1 mm clear above its rule (as the PDF's
    // box 13 does, nd30.css .foot-rule): Word and LibreOffice end the body of page 1 at the
    // footer's top, so body text never touches the rule. Higher up, a three-line box 13
    // (vp-464) would start above 261 mm, the top of the PDF's band.
    s += "<w:pgMar w:top=\"" + tw(20) + "\" w:right=\"" + tw(15) + "\" w:bottom=\"" + tw(20) +
         "\" w:left=\"" + tw(30) + "\" w:header=\"" + tw(10) + "\" w:footer=\"" + tw(21) +
         "\" w:gutter=\"0\"/>";
    s += "<w:pgNumType w:fmt=\"decimal\" w:start=\"1\"/>";
    s += "<w:cols w:space=\"720\"/><w:titlePg/><w:docGrid w:linePitch=\"360\"/></w:sectPr>";
    return s;
}

void appendix(std::string& out, const Json& a, const std::string& number,
              const std::string& reference) {
    para(out, "PhuLucSo", number);
    para(out, "TenPhuLuc", vn::upper(str(a, "title")));
    if (!str(a, "subtitle").empty()) para(out, "PhuLucGhiChu", str(a, "subtitle"));
    para(out, "PhuLucGhiChu", reference);
    rule_para(out, 40.0, kTextWidthMm);
    blocks(out, a["body"], false);
}

}  // namespace

void agency_motto_table(std::string& out, const std::vector<std::string>& parent,
                        const std::vector<std::string>& issuer) {
    layout_table_start(out, {kHeaderLeftMm, kHeaderRightMm});
    agency_motto_row(out, parent, issuer);
    out += "</w:tbl>";
}

std::string document_xml(const Json& c, const BodyOptions& o) {
    std::string out;
    out.reserve(32768);
    out +=
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<w:document "
        "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
        "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
        "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
        "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><w:body>";
    header_table(out, c);
    if (!c.value("is_cong_van", false)) {
        // Box 5a: the type name, the trích yếu, a rule 40 % of the trích yếu's block under it.
        para(out, "TenLoai", vn::upper(str(c, "type_name")));
        const std::string ty = str(c, "trich_yeu");
        para(out, "TrichYeu", ty);
        rule_para(out, 0.4 * std::min(text_width_mm(ty, 14, true) + 24.0, kTextWidthMm),
                  kTextWidthMm);
    }
    kinh_gui(out, c["kinh_gui"]);
    for (const auto& cc : c["can_cu"]) para(out, "CanCu", cc.get<std::string>());
    blocks(out, c["body"], true);
    sign_table(out, c, o.has_images);
    // Every section ends on an empty paragraph that carries its properties, the last one on the
    // body's own sectPr.
    const auto& apps = c["appendices"];
    bool prev_letter = true, prev_landscape = false;
    auto close_section = [&] {
        out += "<w:p><w:pPr><w:pStyle w:val=\"DuongKe\"/>" +
               sect_pr(o, prev_letter, prev_landscape) + "</w:pPr></w:p>";
    };
    for (std::size_t i = 0; i < apps.size(); ++i) {
        close_section();
        const std::string number = apps.size() + o.extra.size() > 1
                                       ? "Phụ lục " + vn::roman(static_cast<long long>(i + 1))
                                       : "Phụ lục";
        appendix(out, apps[i], number, o.appendix_reference);
        prev_letter = prev_landscape = false;
    }
    for (const ExtraSection& e : o.extra) {
        close_section();
        out += e.body;
        prev_letter = false;
        prev_landscape = e.landscape;
    }
    out += sect_pr(o, prev_letter, prev_landscape);
    out += "</w:body></w:document>";
    return out;
}

}  // namespace vanban::docx
