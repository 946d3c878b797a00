#include "docx/letter_docx.hpp"

#include <vector>

#include "docx/docx_parts.hpp"
#include "docx/letter_body.hpp"
#include "docx/zip_package.hpp"
#include "pdf/atomic_file.hpp"
#include "vn/format.hpp"

namespace vanban::docx {

std::string letter_docx(const model::Letter& letter, const model::LetterContext& lc,
                        std::vector<ExtraSection> extra) {
    const model::Json& c = lc.context;
    PackageInfo info;
    info.has_address = !c["contact"].value("address", std::string()).empty();
    info.has_images = letter.electronic.has_value();
    info.title = letter.trich_yeu;
    info.author = lc.agency_name;
    info.subject = lc.so_ky_hieu;
    // A draft without day and month is dated 1 January of its year in the properties.
    info.date = letter.date_blank() ? letter.date + "-01-01" : letter.date;

    BodyOptions o;
    o.has_address = info.has_address;
    o.has_images = info.has_images;
    o.extra = std::move(extra);
    // The same line as the PDF's Phụ lục heading (letter/letter_maker.cpp).
    o.appendix_reference =
        "(Kèm theo " + std::string(letter.type->name) + " số " + lc.so_ky_hieu + " ngày " +
        (letter.date_blank() ? "\u00a0\u00a0\u00a0/\u00a0\u00a0\u00a0/" + letter.date
                             : vn::date_short(vn::parse_iso_date(letter.date))) +
        " của " + lc.agency_name + ")";

    // Fixed order: content types first (as OPC readers expect), then relationships, the main
    // document and the parts it names, the media, the properties.
    std::vector<Part> parts;
    parts.push_back({"[Content_Types].xml", content_types_xml(info)});
    parts.push_back({"_rels/.rels", package_rels_xml()});
    parts.push_back({"word/document.xml", document_xml(c, o)});
    parts.push_back({"word/_rels/document.xml.rels", document_rels_xml(info)});
    parts.push_back({"word/styles.xml", styles_xml()});
    parts.push_back({"word/settings.xml", settings_xml()});
    parts.push_back({"word/fontTable.xml", font_table_xml()});
    parts.push_back({"word/header1.xml", header_page_xml()});
    parts.push_back({"word/header2.xml", header_empty_xml()});
    if (info.has_address) parts.push_back({"word/footer1.xml", footer_address_xml(c["contact"])});
    parts.push_back({"word/footer2.xml", footer_empty_xml()});
    if (info.has_images) {
        parts.push_back({"word/media/chu-ky.png", pdf::read_file(letter.electronic->signature)});
        parts.push_back({"word/media/con-dau.png", pdf::read_file(letter.electronic->seal)});
    }
    parts.push_back({"docProps/core.xml", core_xml(info)});
    parts.push_back({"docProps/app.xml", app_xml()});
    return zip_parts(parts);
}

std::string letter_docx(const model::JsonDocument& doc, model::Letter letter,
                        const model::Organisation& org, std::optional<int> number,
                        std::vector<ExtraSection> extra) {
    letter.number = number;
    const model::LetterContext lc = model::build_letter_context(doc, letter, org);
    return letter_docx(letter, lc, std::move(extra));
}

std::string issued_letter_docx(const model::JsonDocument& doc, model::Letter letter,
                               const model::Organisation& org, int number,
                               const std::string& issue_date) {
    if (letter.date_blank() && !issue_date.empty()) letter.date = issue_date;
    return letter_docx(doc, std::move(letter), org, number);
}

void write_docx(const std::filesystem::path& out, const std::string& bytes) {
    pdf::write_file_atomically(out, bytes);
}

}  // namespace vanban::docx
