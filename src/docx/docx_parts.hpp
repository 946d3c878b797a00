// The fixed parts of a letter's package besides document.xml: styles (one named paragraph style
// per box of the decree), settings, font table, the page-number header, the box-13 footer,
// content types, relationships and document properties.
#pragma once

#include <string>

#include "model/json_source.hpp"

namespace vanban::docx {

std::string styles_xml();
std::string settings_xml();
std::string font_table_xml();
std::string header_page_xml();   // PAGE field centred
std::string header_empty_xml();  // first pages
std::string footer_empty_xml();
// Box 13: a full-width rule, then address, phone, email, website (page 1 only).
std::string footer_address_xml(const model::Json& contact);

struct PackageInfo {
    bool has_address = false;
    bool has_images = false;
    std::string title, author, subject;  // trích yếu, agency, Số và ký hiệu
    std::string date;                    // ISO "YYYY-MM-DD": created and modified
};
std::string content_types_xml(const PackageInfo& p);
std::string package_rels_xml();
std::string document_rels_xml(const PackageInfo& p);
std::string core_xml(const PackageInfo& p);
std::string app_xml();

}  // namespace vanban::docx
