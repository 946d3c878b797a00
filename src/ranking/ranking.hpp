// Ranking tables of departments, districts and communes as PDF (issue 7): what `vanban ranking`
// and the batch runner call.
//
//   ScoreTable --build_document()--> RankingDocument (rows, marks, footnotes, summary, chart,
//                                    already split into pages with pdf::paginate)
//              --render_html()-----> one HTML document through templates/ranking
//              --make_ranking_pdf()> wkhtmltopdf pool + finish() with "Trang X/Y"
//
// Pagination is vanban's own (wkhtmltopdf on unpatched Qt neither repeats <thead> nor keeps rows
// whole): every page is emitted as its own block with its own header row. All functions are
// safe to call from several threads sharing one pool and one PageNumberStamps; nothing global
// is written.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/dataset.hpp"
#include "model/org.hpp"
#include "pdf/finish.hpp"
#include "pdf/page_setup.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "scoring/score.hpp"

namespace vanban::ranking {

struct RankingOptions {
    std::vector<model::Level> levels;      // empty: sở, huyện, xã
    std::filesystem::path templates_root;  // holds ranking/ and nd30/ (default_templates_root())
    std::string agency;                    // issuing agency id in org.json; "" = the first one
    std::string report_date;               // "YYYY-MM-DD": the PDF's dates; "" = period end
    // The italic line under the title, e.g. "(Kèm theo Thông báo số 12/TB-UBND ngày 05/7/2024
    // của Ủy ban nhân dân tỉnh Đồng Nai)". Empty, or `electronic`: the dotted form
    // "(Kèm theo … số …/… ngày …)" left to be filled in.
    std::string reference;
    bool electronic = false;
    // Unit id of a district (huyện, level "huyen") in org.json: the document then ranks only the
    // communes of that district (rank within the district first, the provincial rank as a
    // column, summary and chart of that district). "" = the whole province. Only the xã level
    // makes sense with it: levels must be empty (= xã) or exactly {xa}.
    std::string district;
};

// The index in org.units of the district `id`. Throws std::runtime_error (Vietnamese, naming
// the org file and the JSON pointer, listing the district ids) when no unit has that id or
// the unit is not a huyện.
int district_unit(const model::Organisation& org, const std::string& id);

// The document's title in sentence case ("Bảng xếp hạng chỉ số cải cách hành chính quý
// II/2024", "… các xã, phường, thị trấn thuộc Thành phố Biên Hòa quý II/2024"); the page
// prints it upper case, the PDF's Title field as is. Throws as district_unit.
std::string ranking_title(const model::Organisation& org, const scoring::ScoreTable& table,
                          const RankingOptions& options);

// The templates folder next to the binary's build tree (build-x/vanban -> templates/), else
// ./templates.
std::filesystem::path default_templates_root();

// One page of the document as the template sees it (JSON context, see templates/ranking).
struct RankingDocument {
    pdf::PageSetup page;             // portrait, or landscape when the columns need it
    nlohmann::ordered_json context;  // header, title, reference, pages[blocks]
    int page_count = 0;              // pages vanban laid out (the PDF must have exactly these)
};

// Builds and paginates the document. Throws std::runtime_error (Vietnamese) when a row cannot
// fit on a page, the agency or the district is unknown; std::invalid_argument when a district
// is combined with a level other than xã.
RankingDocument build_document(const model::Dataset& ds, const scoring::ScoreTable& table,
                               const RankingOptions& options);

// The HTML of the document (templates/ranking/ranking.html). Throws tpl::TemplateError.
std::string render_html(const RankingDocument& doc, const RankingOptions& options);

// The ranking as the HTML parts of a Phụ lục (one part today), each with its page setup, for a
// covering letter made by the letters pipeline (letter::ExtraPart takes html + page).
struct RankingPart {
    std::string html;
    pdf::PageSetup page;
    int expected_pages = 0;
};
std::vector<RankingPart> ranking_appendix_parts(const model::Dataset& ds,
                                                const scoring::ScoreTable& table,
                                                const RankingOptions& options);

// The stand-alone ranking PDF, "Trang X/Y" on every page, written atomically to `out` (nothing
// is left behind on failure). Throws std::runtime_error / pdf::ConversionError / TemplateError.
void make_ranking_pdf(const model::Dataset& ds, const scoring::ScoreTable& table,
                      const RankingOptions& options, pdf::WkhtmlPool& pool,
                      pdf::PageNumberStamps& stamps, const std::filesystem::path& out);

}  // namespace vanban::ranking
