#include "batch/docx_outputs.hpp"

#include <utility>
#include <vector>

#include "docx/letter_docx.hpp"
#include "docx/ranking_section.hpp"

namespace vanban::batch {

std::string docx_path(const std::string& pdf_rel_path) {
    const std::string ext = ".pdf";
    if (pdf_rel_path.ends_with(ext))
        return pdf_rel_path.substr(0, pdf_rel_path.size() - ext.size()) + ".docx";
    return pdf_rel_path + ".docx";
}

void make_letter_docx(const letter::PreparedLetter& p, int number, const model::Organisation& org,
                      const DocxRanking* ranking, const std::filesystem::path& out) {
    std::vector<docx::ExtraSection> extra;
    if (ranking) {
        const ranking::RankingDocument rd =
            ranking::build_document(*ranking->ds, *ranking->table, ranking->options);
        extra.push_back(
            docx::ranking_section(rd.context, rd.page.orientation == pdf::Orientation::landscape));
    }
    docx::write_docx(out, docx::letter_docx(*p.doc, p.letter, org, number, std::move(extra)));
}

}  // namespace vanban::batch
