#include "docx/docx_parts.hpp"

#include "docx/letter_body.hpp"
#include "docx/wml.hpp"
#include "pdf/page_setup.hpp"
#include "pdf/text_metrics.hpp"

namespace vanban::docx {

namespace {

constexpr const char* kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr const char* kR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* kRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr const char* kDocRel =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

// A paragraph style: `ppr` and `rpr` are its properties (schema order is the caller's job).
std::string pstyle(const char* id, const char* name, const std::string& ppr, const std::string& rpr,
                   const char* based_on = "Normal") {
    std::string s = "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"";
    s += id;
    s += "\"><w:name w:val=\"";
    s += xml_escape(name);
    s += "\"/><w:basedOn w:val=\"";
    s += based_on;
    s += "\"/><w:qFormat/>";
    if (!ppr.empty()) s += "<w:pPr>" + ppr + "</w:pPr>";
    if (!rpr.empty()) s += "<w:rPr>" + rpr + "</w:rPr>";
    return s + "</w:style>";
}

std::string sz(int half_points) {
    const std::string v = std::to_string(half_points);
    return "<w:sz w:val=\"" + v + "\"/><w:szCs w:val=\"" + v + "\"/>";
}
const std::string kB = "<w:b/><w:bCs/>";
const std::string kI = "<w:i/><w:iCs/>";
const std::string kCenter = "<w:jc w:val=\"center\"/>";
// The baseline distance of body lines in vanban's PDF, in twentieths of a point.
constexpr int kBodyLineTwips = 323;
std::string before(double mm) {
    return "<w:spacing w:before=\"" + tw(mm) + "\"/>";
}

std::string header_footer(const char* root, const std::string& inner) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:" +
           std::string(root) + " xmlns:w=\"" + kW + "\" xmlns:r=\"" + kR + "\">" + inner +
           "</w:" + root + ">";
}

}  // namespace

// ---- wml.hpp ----

void run(std::string& out, std::string_view text, bool bold, bool italic) {
    out += "<w:r>";
    if (bold || italic) {
        out += "<w:rPr>";
        if (bold) out += kB;
        if (italic) out += kI;
        out += "</w:rPr>";
    }
    out += "<w:t xml:space=\"preserve\">";
    out += xml_escape(text);
    out += "</w:t></w:r>";
}

void runs(std::string& out, const std::vector<model::TextRun>& rs) {
    for (const auto& r : rs) run(out, r.text, r.bold, r.italic);
}

void para_raw(std::string& out, std::string_view style, std::string_view inner,
              std::string_view ppr) {
    out += "<w:p><w:pPr><w:pStyle w:val=\"";
    out += style;
    out += "\"/>";
    out += ppr;
    out += "</w:pPr>";
    out += inner;
    out += "</w:p>";
}

void para(std::string& out, std::string_view style, std::string_view text, std::string_view ppr) {
    std::string inner;
    if (!text.empty()) run(inner, text);
    para_raw(out, style, inner, ppr);
}

void table_start(std::string& out, std::string_view style, double width_mm,
                 const std::vector<double>& cols_mm, bool header_row,
                 std::string_view cell_margins) {
    out += "<w:tbl><w:tblPr><w:tblStyle w:val=\"";
    out += style;
    out +=
        "\"/><w:tblW w:w=\"" + tw(width_mm) + "\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>";
    if (!cell_margins.empty()) {
        out += "<w:tblCellMar>";
        out += cell_margins;
        out += "</w:tblCellMar>";
    }
    out += header_row ? "<w:tblLook w:val=\"0020\" w:firstRow=\"1\""
                      : "<w:tblLook w:val=\"0000\" w:firstRow=\"0\"";
    out +=
        " w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" "
        "w:noVBand=\"1\"/></w:tblPr><w:tblGrid>";
    for (double c : cols_mm) out += "<w:gridCol w:w=\"" + tw(c) + "\"/>";
    out += "</w:tblGrid>";
}

void cell_start(std::string& out, double width_mm, std::string_view extra) {
    out += "<w:tc><w:tcPr><w:tcW w:w=\"" + tw(width_mm) + "\" w:type=\"dxa\"/>";
    out += extra;
    out += "</w:tcPr>";
}

void rule_para(std::string& out, double width_mm, double box_mm) {
    const double ind = (box_mm - width_mm) / 2;
    para_raw(out, "DuongKe", "",
             "<w:pBdr><w:top w:val=\"single\" w:sz=\"5\" w:space=\"0\" w:color=\"000000\"/>"
             "</w:pBdr><w:ind w:left=\"" +
                 tw(ind) + "\" w:right=\"" + tw(ind) + "\"/>");
}

double text_width_mm(std::string_view utf8, double size_pt, bool bold, bool italic) {
    // TextMetrics measures at Qt's quantised size (13 pt -> 13.25); a DOCX asks for the size
    // itself, so scale back.
    const double qt = pdf::TextMetrics::pdf_size_pt(size_pt);
    return pdf::TextMetrics::shared().width_pt(utf8, {size_pt, bold, italic}) * size_pt / qt /
           pdf::kPointsPerMm;
}

// ---- parts ----

std::string styles_xml() {
    std::string s =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles "
        "xmlns:w=\"" +
        std::string(kW) + "\">";
    // Times New Roman 14 pt, Vietnamese, no spacing: the decree's font for every style.
    s += "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" "
         "w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>" +
         sz(28) +
         "<w:lang w:val=\"vi-VN\" w:eastAsia=\"vi-VN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>"
         "<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
         "</w:pPr></w:pPrDefault></w:docDefaults>";
    s += "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name "
         "w:val=\"Normal\"/><w:qFormat/></w:style>";
    // Body text: justified, first line 1 cm, 6 pt between paragraphs, lines exactly as far
    // apart as in vanban's PDF (line-height 1.2 of nd30.css: 16.13 pt between baselines there;
    // the decree allows 1–1.5), so the two break lines and pages alike
    // (tests/docx/check_docx_render.py measures both).
    const std::string body = "<w:spacing w:after=\"120\" w:line=\"" +
                             std::to_string(kBodyLineTwips) +
                             "\" w:lineRule=\"exact\"/>"
                             "<w:ind w:firstLine=\"" +
                             tw(10) + "\"/><w:jc w:val=\"both\"/>";
    s += pstyle("TenCoQuanChuQuan", "Tên cơ quan chủ quản", kCenter, sz(26));
    s += pstyle("TenCoQuan", "Tên cơ quan", kCenter, kB + sz(26));
    s += pstyle("DuongKe", "Đường kẻ",
                "<w:spacing w:before=\"" + tw(0.8) +
                    "\" w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/>" + kCenter,
                sz(2));
    s += pstyle("QuocHieu", "Quốc hiệu", kCenter, kB + sz(24));
    s += pstyle("TieuNgu", "Tiêu ngữ",
                "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"5\" w:space=\"1\" "
                "w:color=\"000000\"/></w:pBdr>" +
                    kCenter,
                kB + sz(26));
    s += pstyle("SoKyHieu", "Số ký hiệu", before(4) + kCenter, sz(26));
    s += pstyle("DiaDanhNgay", "Địa danh ngày", before(4) + kCenter, kI + sz(28));
    s += pstyle("TrichYeuCongVan", "Trích yếu công văn", "<w:spacing w:before=\"120\"/>" + kCenter,
                sz(24));
    s += pstyle("DauMucDo", "Dấu mật, khẩn", before(4) + kCenter, kB + sz(26));
    s += pstyle("TenLoai", "Tên loại", "<w:keepNext/>" + before(8) + kCenter, kB + sz(28));
    s += pstyle(
        "TrichYeu", "Trích yếu",
        "<w:keepNext/><w:ind w:left=\"" + tw(12) + "\" w:right=\"" + tw(12) + "\"/>" + kCenter,
        kB + sz(28));
    s += pstyle("KinhGui", "Kính gửi", "", sz(28));
    s += pstyle("CanCu", "Căn cứ", body, kI);
    s += pstyle("NoiDung", "Nội dung", body, "");
    s += pstyle("Muc", "Mục", "<w:keepNext/>", kB, "NoiDung");
    s += pstyle("BangTieuDe", "Bảng tiêu đề", kCenter, kB + sz(26));
    s += pstyle("BangNoiDung", "Bảng nội dung", "", sz(26));
    s += pstyle("BangSo", "Bảng số", "<w:jc w:val=\"right\"/>", sz(26));
    s += pstyle("NoiNhan", "Nơi nhận", "<w:keepNext/>", kB + kI + sz(24));
    s += pstyle("NoiNhanDanhSach", "Nơi nhận danh sách",
                "<w:ind w:left=\"" + tw(2) + "\" w:hanging=\"" + tw(2) + "\"/>", sz(22));
    s += pstyle("NguoiSoanThao", "Người soạn thảo", before(2), sz(22));
    s += pstyle("ChucVuNguoiKy", "Chức vụ người ký", "<w:keepNext/>" + kCenter, kB + sz(28));
    s += pstyle(
        "ChoKy", "Chỗ ký",
        "<w:keepNext/><w:spacing w:line=\"" + tw(27) + "\" w:lineRule=\"exact\"/>" + kCenter, "");
    s += pstyle("HoTenNguoiKy", "Họ tên người ký", kCenter, kB + sz(28));
    s += pstyle("SoTrang", "Số trang", kCenter, sz(28));
    s += pstyle("DiaChi", "Địa chỉ", kCenter, sz(23));
    s += pstyle("PhuLucSo", "Phụ lục", "<w:keepNext/>" + kCenter, kB + sz(28));
    s += pstyle("TenPhuLuc", "Tên phụ lục", "<w:keepNext/>" + kCenter, kB + sz(28));
    s += pstyle("PhuLucGhiChu", "Ghi chú phụ lục", "<w:keepNext/>" + kCenter, kI + sz(28));
    // The ranking Phụ lục of a batch's thông báo (ranking_section.hpp, ranking.css): headings
    // 13 and 11 pt bold, notes 11 pt italic, table cells 11 pt (the chart's runs say 9 pt).
    s += pstyle("XepHangMuc", "Xếp hạng mục", "<w:keepNext/>" + before(3), kB + sz(26));
    s += pstyle("XepHangMucNho", "Xếp hạng mục nhỏ", "<w:keepNext/>" + before(1), kB + sz(22));
    s += pstyle("XepHangGhiChu", "Xếp hạng ghi chú", "", kI + sz(22));
    s += pstyle("XepHangDong", "Xếp hạng dòng", "", sz(22));
    s += pstyle("XepHangO", "Xếp hạng ô", "", sz(22));
    // Tables: the layout tables of boxes 1–4 and 7/9b have neither borders nor cell margins;
    // data tables have 0.6 pt rules and 0.8 x 1.5 mm padding (nd30.css).
    s += "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name "
         "w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar>"
         "<w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"0\" w:type=\"dxa\"/><w:bottom w:w=\"0\" "
         "w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>";
    s += "<w:style w:type=\"table\" w:customStyle=\"1\" w:styleId=\"BangBoCuc\"><w:name "
         "w:val=\"Bảng bố cục\"/><w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders>"
         "<w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right "
         "w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders>"
         "</w:tblPr></w:style>";
    const std::string line = "w:val=\"single\" w:sz=\"5\" w:space=\"0\" w:color=\"000000\"";
    s +=
        "<w:style w:type=\"table\" w:customStyle=\"1\" w:styleId=\"BangSoLieu\"><w:name "
        "w:val=\"Bảng số liệu\"/><w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders><w:top " +
        line + "/><w:left " + line + "/><w:bottom " + line + "/><w:right " + line +
        "/><w:insideH " + line + "/><w:insideV " + line +
        "/></w:tblBorders><w:tblCellMar><w:top w:w=\"" + tw(0.8) +
        "\" w:type=\"dxa\"/><w:left w:w=\"" + tw(1.5) + "\" w:type=\"dxa\"/><w:bottom w:w=\"" +
        tw(0.8) + "\" w:type=\"dxa\"/><w:right w:w=\"" + tw(1.5) +
        "\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>";
    return s + "</w:styles>";
}

std::string settings_xml() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings "
           "xmlns:w=\"" +
           std::string(kW) +
           "\"><w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl "
           "w:val=\"doNotCompress\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" "
           "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
           "<w:themeFontLang w:val=\"vi-VN\"/></w:settings>";
}

std::string font_table_xml() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:fonts xmlns:w=\"" +
           std::string(kW) +
           "\"><w:font w:name=\"Times New Roman\"><w:panose1 w:val=\"02020603050405020304\"/>"
           "<w:charset w:val=\"00\"/><w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/>"
           "</w:font></w:fonts>";
}

std::string header_page_xml() {
    return header_footer(
        "hdr",
        "<w:p><w:pPr><w:pStyle w:val=\"SoTrang\"/></w:pPr><w:r><w:fldChar "
        "w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE "
        "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>2</w:t>"
        "</w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>");
}

std::string header_empty_xml() {
    return header_footer("hdr", "<w:p><w:pPr><w:pStyle w:val=\"DuongKe\"/></w:pPr></w:p>");
}

std::string footer_empty_xml() {
    return header_footer("ftr", "<w:p><w:pPr><w:pStyle w:val=\"DuongKe\"/></w:pPr></w:p>");
}

std::string footer_address_xml(const model::Json& contact) {
    auto get = [&](const char* k) {
        auto it = contact.find(k);
        return it != contact.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    std::string second;
    auto add = [&](const std::string& label, const std::string& v) {
        if (v.empty()) return;
        if (!second.empty()) second += "; ";
        second += label + v;
    };
    add("Điện thoại: ", get("phone"));
    add("Email: ", get("email"));
    add("Website: ", get("website"));
    std::string inner;
    // Box 13 as the PDF draws it (nd30.css .foot): 1 mm clear above the rule, so that the body's
    // last line on a full page 1 never touches it (the footer's height, space included, is what
    // Word and LibreOffice keep free of body text).
    para(inner, "DiaChi", "Địa chỉ: " + get("address"),
         "<w:pBdr><w:top w:val=\"single\" w:sz=\"5\" w:space=\"3\" w:color=\"000000\"/></w:pBdr>"
         "<w:spacing w:before=\"" +
             tw(1) + "\"/>");
    if (!second.empty()) para(inner, "DiaChi", second);
    return header_footer("ftr", inner);
}

std::string content_types_xml(const PackageInfo& p) {
    const std::string wml = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
    auto over = [](const std::string& part, const std::string& type) {
        return "<Override PartName=\"" + part + "\" ContentType=\"" + type + "\"/>";
    };
    std::string s =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" "
        "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>";
    if (p.has_images) s += "<Default Extension=\"png\" ContentType=\"image/png\"/>";
    s += over("/word/document.xml", wml + "document.main+xml");
    s += over("/word/styles.xml", wml + "styles+xml");
    s += over("/word/settings.xml", wml + "settings+xml");
    s += over("/word/fontTable.xml", wml + "fontTable+xml");
    s += over("/word/header1.xml", wml + "header+xml");
    s += over("/word/header2.xml", wml + "header+xml");
    if (p.has_address) s += over("/word/footer1.xml", wml + "footer+xml");
    s += over("/word/footer2.xml", wml + "footer+xml");
    s += over("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
    s += over("/docProps/app.xml",
              "application/vnd.openxmlformats-officedocument.extended-properties+xml");
    return s + "</Types>";
}

std::string package_rels_xml() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships "
           "xmlns=\"" +
           std::string(kRelNs) + "\"><Relationship Id=\"rId1\" Type=\"" + kDocRel +
           "officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" "
           "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
           "core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"" +
           kDocRel + "extended-properties\" Target=\"docProps/app.xml\"/></Relationships>";
}

std::string document_rels_xml(const PackageInfo& p) {
    auto rel = [](const char* id, const char* type, const char* target) {
        return "<Relationship Id=\"" + std::string(id) + "\" Type=\"" + kDocRel + type +
               "\" Target=\"" + target + "\"/>";
    };
    std::string s =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Relationships xmlns=\"" +
        std::string(kRelNs) + "\">";
    s += rel("rIdStyles", "styles", "styles.xml");
    s += rel("rIdSettings", "settings", "settings.xml");
    s += rel("rIdFonts", "fontTable", "fontTable.xml");
    s += rel(kRelHeaderPage, "header", "header1.xml");
    s += rel(kRelHeaderEmpty, "header", "header2.xml");
    if (p.has_address) s += rel(kRelFooterAddress, "footer", "footer1.xml");
    s += rel(kRelFooterEmpty, "footer", "footer2.xml");
    if (p.has_images) {
        s += rel(kRelSignature, "image", "media/chu-ky.png");
        s += rel(kRelSeal, "image", "media/con-dau.png");
    }
    return s + "</Relationships>";
}

std::string core_xml(const PackageInfo& p) {
    const std::string when = p.date + "T00:00:00Z";
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties "
           "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
           "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
           "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>" +
           xml_escape(p.title) + "</dc:title><dc:subject>" + xml_escape(p.subject) +
           "</dc:subject><dc:creator>" + xml_escape(p.author) +
           "</dc:creator><dc:language>vi-VN</dc:language><dcterms:created "
           "xsi:type=\"dcterms:W3CDTF\">" +
           when + "</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">" + when +
           "</dcterms:modified></cp:coreProperties>";
}

std::string app_xml() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties "
           "xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
           "<Application>vanban</Application></Properties>";
}

}  // namespace vanban::docx
