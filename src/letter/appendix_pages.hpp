// A Phụ lục laid out page by page by vanban, as the ranking and the register book are.
//
// wkhtmltopdf on unpatched Qt neither repeats a table's header row on later pages nor keeps a
// row whole. A Phụ lục starts on a page of its own (it is converted as its own document), so
// all of its blocks can be placed in advance: the heading, each paragraph measured with the
// pinned font metrics (wrapped as Qt wraps, first-line indent included), each table cut into
// page-sized pieces by pdf::paginate, every piece with its own header row. Each page becomes
// one block of HTML followed by a page break (templates/nd30/phu-luc.html).
//
//     AppendixHeading h{"Phụ lục I", "DANH SÁCH …", "", "(Kèm theo Thông báo số …)"};
//     model::Json pages = appendix_pages(h, context["appendices"][0]["body"],
//     "/appendices/0/body");
//     // {"line_mm": 5.89, "pages": [{"blocks": [{"kind": "head", "h": …}, …]}, …]}
#pragma once

#include <stdexcept>
#include <string>

#include "model/json_source.hpp"
#include "pdf/page_setup.hpp"

namespace vanban::letter {

// The printed lines of the heading (the template prints exactly these).
struct AppendixHeading {
    std::string number;    // "Phụ lục I" (or "Phụ lục" alone)
    std::string title;     // already upper case
    std::string subtitle;  // may be empty
    std::string reference;  // "(Kèm theo Công văn số 05/SYT-VP ngày 05/02/2024 của Sở Y tế)"
};

// A block that cannot be placed (a table row taller than a page), with the JSON pointer of the
// block in the letter.
class AppendixLayoutError : public std::runtime_error {
  public:
    AppendixLayoutError(std::string pointer, const std::string& message)
        : std::runtime_error(message), pointer_(std::move(pointer)) {}
    const std::string& pointer() const { return pointer_; }

  private:
    std::string pointer_;
};

// CSS of the laid-out Phụ lục (templates/nd30/nd30.css and phu-luc.html use these numbers).
inline constexpr double kBodyFontPt = 14;        // 13.82 pt in the PDF
inline constexpr double kIndentMm = 10;          // first-line indent of a paragraph
inline constexpr double kTableTopMm = 2;         // space above a table piece
inline constexpr double kTableBottomMm = 2.822;  // 8 pt under it
inline constexpr double kHeadGapMm = 4;          // between the heading and the first block
inline constexpr double kPageSafetyMm = 2;       // kept free at the foot of every page

// The body's line height (mm): 1.2 lines, rounded up to Qt's layout grid (0.576 pt) so that the
// painted lines are never taller than planned.
double appendix_line_mm();

// Lays out `body` (the appendix's blocks as model::build_letter_context gives them) under the
// heading. `pointer` is the JSON pointer of the body in the letter, for errors. Throws
// AppendixLayoutError.
model::Json appendix_pages(const AppendixHeading& heading, const model::Json& body,
                           const std::string& pointer, const pdf::PageSetup& page = {});

}  // namespace vanban::letter
