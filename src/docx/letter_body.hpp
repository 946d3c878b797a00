// word/document.xml of a letter, from the template context the PDF renders
// (model::build_letter_context): boxes 1–5, Kính gửi, căn cứ, body, Nơi nhận and signature,
// then one section per Phụ lục.
#pragma once

#include <string>
#include <vector>

#include "model/json_source.hpp"

namespace vanban::docx {

// The relationship ids document.xml refers to (word/_rels/document.xml.rels defines them).
inline constexpr const char* kRelHeaderPage = "rIdHeaderPage";        // PAGE field, centred
inline constexpr const char* kRelHeaderEmpty = "rIdHeaderEmpty";      // first pages: no number
inline constexpr const char* kRelFooterAddress = "rIdFooterAddress";  // box 13, page 1
inline constexpr const char* kRelFooterEmpty = "rIdFooterEmpty";
inline constexpr const char* kRelSignature = "rIdSignature";
inline constexpr const char* kRelSeal = "rIdSeal";

// A Phụ lục made elsewhere (the ranking of a batch's thông báo, ranking_section.hpp): body
// markup with its own heading, in a section of its own after the letter's own appendices.
struct ExtraSection {
    std::string body;
    bool landscape = false;
};

struct BodyOptions {
    std::string appendix_reference;  // "(Kèm theo Công văn số … ngày … của …)"
    bool has_address = false;        // box 13 in the first page's footer
    bool has_images = false;         // electronic copy: signature and seal
    std::vector<ExtraSection> extra;
};

// Boxes 2 and 1 as a borderless two-column table (parent and issuing body with the rule under
// it | Quốc hiệu and Tiêu ngữ): the letter's first row, and a ranking Phụ lục's whole header.
void agency_motto_table(std::string& out, const std::vector<std::string>& parent,
                        const std::vector<std::string>& issuer);

std::string document_xml(const model::Json& c, const BodyOptions& o);

}  // namespace vanban::docx
