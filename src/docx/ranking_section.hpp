// The ranking tables of a covering thông báo as a Phụ lục of its DOCX (the batch's notices).
//
// Built from the ranking document the PDF's Phụ lục is rendered from (ranking::build_document:
// its JSON context, pages of blocks), so both hold the same texts; docx/ reads that context and
// does not link the ranking library. Word lays out pages itself, so what the PDF had to do by
// hand is left to Word here: the pieces of one table that the PDF split over pages become one
// table whose header row repeats (w:tblHeader) and whose rows do not split (w:cantSplit), and
// the "… (tiếp theo)" group rows that open later pieces are dropped. The chart's bars are
// paragraphs shaded as far as the bar reaches.
#pragma once

#include "docx/letter_body.hpp"
#include "model/json_source.hpp"

namespace vanban::docx {

// `context` is ranking::RankingDocument::context; `landscape` its page orientation.
ExtraSection ranking_section(const model::Json& context, bool landscape);

}  // namespace vanban::docx
