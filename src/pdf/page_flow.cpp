#include "pdf/page_flow.hpp"

namespace vanban::pdf {

void PageFlow::new_page() {
    pages_.push_back({{"blocks", std::move(blocks_)}});
    blocks_ = Json::array();
    used_ = 0;
}

void PageFlow::place(Json block, double height_mm) {
    block["h"] = height_mm;
    blocks_.push_back(std::move(block));
    used_ += height_mm;
}

void PageFlow::place_or_break(Json block, double height_mm) {
    if (used_ > 0 && used_ + height_mm > page_mm_) new_page();
    place(std::move(block), height_mm);
}

void PageFlow::carry_to_new_page(std::size_t count) {
    Json carried = Json::array();
    for (std::size_t n = 0; n < count && !blocks_.empty(); ++n) {
        used_ -= blocks_.back()["h"].get<double>();
        carried.insert(carried.begin(), std::move(blocks_.back()));
        blocks_.erase(blocks_.size() - 1);
    }
    new_page();
    for (auto& b : carried) {
        used_ += b["h"].get<double>();
        blocks_.push_back(std::move(b));
    }
}

PageFlow::Json PageFlow::take_pages() {
    if (!blocks_.empty() || pages_.empty()) new_page();
    Json pages = std::move(pages_);
    pages_ = Json::array();
    return pages;
}

void place_table_pieces(PageFlow& flow, const std::vector<TablePage>& pieces, bool has_rows,
                        const std::function<PlacedBlock(std::size_t, const TablePage&)>& make) {
    for (std::size_t p = 0; p < pieces.size(); ++p) {
        const TablePage& piece = pieces[p];
        if (has_rows && piece.first == piece.last) {
            // The table cannot start on this page: what preceded it took the room.
            if (flow.used() > 0) flow.new_page();
            continue;
        }
        if (p > 0 && flow.used() > 0) flow.new_page();
        PlacedBlock placed = make(p, piece);
        flow.place(std::move(placed.block), placed.height_mm);
    }
}

}  // namespace vanban::pdf
