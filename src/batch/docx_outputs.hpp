// [docx] The batch's letters as Word files ("docx": true in the job, docs/batch.md): each result
// công văn and each covering thông báo also comes out as .docx beside its PDF, with the same
// number, written atomically, recorded in the manifest as a document of its own (kinds.hpp) and
// kept on a rerun when nothing it shows changed, like the PDFs. The thông báo's Phụ lục, the
// ranking, is built from the same ranking document its PDF renders (docx/ranking_section.hpp).
#pragma once

#include <filesystem>
#include <string>

#include "letter/letter_maker.hpp"
#include "model/dataset.hpp"
#include "model/org.hpp"
#include "ranking/ranking.hpp"
#include "scoring/score.hpp"

namespace vanban::batch {

// "2024-q2/cong-van/syt-so-05.pdf" -> "2024-q2/cong-van/syt-so-05.docx".
std::string docx_path(const std::string& pdf_rel_path);

// The ranking a thông báo carries as its Phụ lục (`options.reference` names the notice).
struct DocxRanking {
    const model::Dataset* ds = nullptr;
    const scoring::ScoreTable* table = nullptr;
    ranking::RankingOptions options;
};

// Writes the letter numbered `number` as .docx to `out` (atomically: nothing is left there on
// failure). `ranking`: a notice's Phụ lục, else nullptr. Throws std::runtime_error (Vietnamese).
void make_letter_docx(const letter::PreparedLetter& p, int number, const model::Organisation& org,
                      const DocxRanking* ranking, const std::filesystem::path& out);

}  // namespace vanban::batch
