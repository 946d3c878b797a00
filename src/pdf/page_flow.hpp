// Filling pages with blocks before wkhtmltopdf sees them.
//
// Documents that vanban paginates itself (the ranking tables, a letter's Phụ lục) are built as a
// list of pages, each a list of blocks (JSON objects a template draws: a heading, a note, one
// piece of a table) whose heights vanban has measured. PageFlow is that list being filled: a
// block goes on the current page while it fits; a table split by pdf::paginate goes on as one
// block per piece, each piece on a page of its own. The template gets `pages` and draws each
// page's blocks at the heights written on them (`"h"`), so the layout cannot drift.
//
// Example:
//     PageFlow flow(page.usable_height_mm());
//     flow.place_or_break({{"kind", "heading"}, {"text", "1. Sở"}}, 9.5);
//     auto pieces = paginate(layout, header, rows, flow.room(), flow.page_mm());
//     place_table_pieces(flow, pieces, !rows.empty(), [&](std::size_t p, const TablePage& t) {
//         return PlacedBlock{table_block(t), t.height_mm};
//     });
//     nlohmann::ordered_json pages = flow.take_pages();   // [{"blocks": [...]}, ...]
#pragma once

#include <cstddef>
#include <functional>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "pdf/table_pages.hpp"

namespace vanban::pdf {

class PageFlow {
  public:
    using Json = nlohmann::ordered_json;

    explicit PageFlow(double page_mm) : page_mm_(page_mm) {}

    double page_mm() const { return page_mm_; }
    double used() const { return used_; }
    double room() const { return page_mm_ - used_; }
    std::size_t blocks_on_page() const { return blocks_.size(); }
    std::size_t pages_closed() const { return pages_.size(); }

    // Closes the current page (even an empty one) and starts the next.
    void new_page();
    // Puts a block on the current page whatever room is left (the caller has decided), with its
    // height written on it as "h".
    void place(Json block, double height_mm);
    // A new page first when the block does not fit on a page that already holds something.
    void place_or_break(Json block, double height_mm);
    // The last `count` blocks of this page (a heading and what keeps with it) start the next page.
    void carry_to_new_page(std::size_t count);
    // The pages, the current one closed if it holds anything (a document always has one page).
    Json take_pages();

  private:
    double page_mm_ = 0;
    double used_ = 0;
    Json pages_ = Json::array();
    Json blocks_ = Json::array();
};

// One piece of a split table as the caller draws it, with the height it takes on its page.
struct PlacedBlock {
    nlohmann::ordered_json block;
    double height_mm = 0;
};

// Puts the pieces of a table split by pdf::paginate on the flow: every piece after the first on
// a page of its own; an empty first piece (the table cannot start on this page) only moves on to
// the next page. `has_rows`: the table has body rows (an empty table is one header-only piece).
void place_table_pieces(PageFlow& flow, const std::vector<TablePage>& pieces, bool has_rows,
                        const std::function<PlacedBlock(std::size_t, const TablePage&)>& make);

}  // namespace vanban::pdf
