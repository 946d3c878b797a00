// pdf::paginate: rows kept whole, headings kept with their rows, every page within its height,
// widow and orphan control (min_rows_at_break), room kept for footnotes (keep_after_mm);
// then a register-book-like table rendered by wkhtmltopdf and read back with poppler: the header
// row tops every page, no row is cut, nothing runs into the bottom margin.
#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <set>

#include "docs.hpp"
#include "pdf/table_pages.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "poppler.hpp"
#include "temp_dir.hpp"

using namespace vanban::pdf;
using namespace vanban::pdf::test;

namespace {

// A deterministic "trích yếu" of n words.
std::string words_of(int n, int seed) {
    static const char* const vocab[] = {"về",   "việc", "triển", "khai", "kế",   "hoạch", "cải",
                                        "cách", "hành", "chính", "năm",  "2024", "của",   "Ủy",
                                        "ban",  "nhân", "dân",   "tỉnh", "Đồng", "Nai"};
    std::string s;
    for (int i = 0; i < n; ++i) s += std::string(i ? " " : "") + vocab[(seed * 7 + i * 3) % 20];
    return s;
}

TableLayout register_layout() {
    TableLayout l;
    l.column_widths_mm = {18, 18, 110, 35, 40, 25};
    return l;
}

TableRow register_header() {
    TableRow h;
    for (const char* t :
         {"Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu", "Người ký", "Nơi nhận", "Ghi chú"})
        h.cells.push_back({t, {12, true}});
    return h;
}

std::vector<TableRow> register_rows(int n) {
    std::vector<TableRow> rows;
    for (int i = 0; i < n; ++i) {
        TableRow r;
        r.cells.push_back({"R" + std::to_string(i + 1), {12}, 1, true});
        r.cells.push_back({"05/3/2024", {12}, 1, true});
        // Between 3 and 60 words, ending with a tag that proves the row's last line is there.
        r.cells.push_back({words_of(3 + (i * 37) % 58, i) + " E" + std::to_string(i + 1), {12}});
        r.cells.push_back({"Nguyễn Văn A", {12}});
        r.cells.push_back({"Sở Nội vụ; UBND các huyện", {12}});
        r.cells.push_back({"", {12}});
        rows.push_back(std::move(r));
    }
    return rows;
}

}  // namespace

TEST_CASE("line_count wraps at spaces as Qt does") {
    const TextMetrics& tm = TextMetrics::shared();
    const FontSpec f{12};
    const double w = tm.width_pt("Ủy ban nhân dân", f);
    CHECK(tm.line_count("", f, 10) == 1);
    CHECK(tm.line_count("Ủy ban nhân dân", f, w) == 1);
    CHECK(tm.line_count("Ủy ban nhân dân", f, w - 0.5) == 2);
    CHECK(tm.line_count("Ủy ban nhân dân Ủy ban nhân dân", f, w + 1) == 2);
    // A word as long as the line takes a line of its own.
    CHECK(tm.line_count("a Trảngbomtrảngbom b", f, tm.width_pt("Trảngbomtrảngbom", f)) == 3);
    // A longer word breaks at the edge (nd30.css: word-wrap: break-word), each of its lines
    // counted one em (12 pt) short of the width.
    const double word = tm.width_pt("Trảngbomtrảngbom", f);
    CHECK(tm.line_count("Trảngbomtrảngbom", f, word / 2 + 12.5) == 2);
    CHECK(tm.line_count("Trảngbomtrảngbom", f, word / 2 + 11.5) == 3);
    CHECK(tm.width_pt("Đồng Nai", {12, true}) > tm.width_pt("Đồng Nai", {12}));
    CHECK(TextMetrics::pdf_size_pt(13) == Approx(13.248));
    CHECK(TextMetrics::pdf_size_pt(14) == Approx(13.824));
}

TEST_CASE("paginate keeps rows whole and every page within its height") {
    const auto layout = register_layout();
    const auto header = register_header();
    auto rows = register_rows(80);
    rows[10].keep_with_next = true;  // a heading
    const double first = 120, later = 250;
    const auto pages = paginate(layout, header, rows, first, later);
    REQUIRE(pages.size() > 2);
    CHECK(pages.front().first == 0);
    CHECK(pages.back().last == rows.size());
    const double head = row_height_mm(layout, header);
    for (std::size_t p = 0; p < pages.size(); ++p) {
        INFO("page " << p);
        double h = head;
        for (std::size_t i = pages[p].first; i < pages[p].last; ++i)
            h += row_height_mm(layout, rows[i]);
        CHECK(h == Approx(pages[p].height_mm));
        CHECK(h <= (p == 0 ? first : later) + 1e-9);
        if (p > 0) CHECK(pages[p].first == pages[p - 1].last);
        CHECK(pages[p].last > pages[p].first);
        CHECK(!rows[pages[p].last - 1].keep_with_next);
        // Full: the next row would not have fitted.
        if (p + 1 < pages.size())
            CHECK(h + row_height_mm(layout, rows[pages[p].last]) > (p == 0 ? first : later));
    }
}

TEST_CASE("a row taller than a page is an error naming the row") {
    auto rows = register_rows(3);
    rows[1].cells[2].text = words_of(2000, 1);
    try {
        paginate(register_layout(), register_header(), rows, 250, 250);
        FAIL("no error");
    } catch (const RowTooTallError& e) {
        CHECK(std::string(e.what()).find("Dòng 2") != std::string::npos);
        CHECK(std::string(e.what()).find("R2") != std::string::npos);
    }
}

namespace {

// n one-line rows of equal height ("U1" … "Un"); rows listed in `headings` are group headings
// kept with the row after them.
std::vector<TableRow> short_rows(std::size_t n, std::set<std::size_t> headings = {}) {
    std::vector<TableRow> rows;
    for (std::size_t i = 0; i < n; ++i) {
        TableRow r;
        r.cells.push_back({"U" + std::to_string(i + 1), {11}, 1, true});
        r.cells.push_back({"Xã " + std::to_string(i + 1), {11}});
        r.keep_with_next = headings.count(i) > 0;
        rows.push_back(std::move(r));
    }
    return rows;
}

TableLayout short_layout(std::size_t min_rows) {
    TableLayout l;
    l.column_widths_mm = {12, 60};
    l.min_rows_at_break = min_rows;
    return l;
}

TableRow short_header() {
    return TableRow{{{"Hạng", {11, true}}, {"Đơn vị", {11, true}}}};
}

// Room for the header and exactly `n` rows (plus a little less than one more row).
double room_for(std::size_t n) {
    const auto l = short_layout(1);
    const double h = row_height_mm(l, short_rows(1)[0]);
    return row_height_mm(l, short_header()) + static_cast<double>(n) * h + h * 0.5;
}

std::vector<std::pair<std::size_t, std::size_t>> ranges(const std::vector<TablePage>& pages) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (const auto& p : pages) out.emplace_back(p.first, p.last);
    return out;
}

using Ranges = std::vector<std::pair<std::size_t, std::size_t>>;

}  // namespace

TEST_CASE("min_rows_at_break: a lone last row takes rows from the page before") {
    const auto rows = short_rows(11);
    // 10 rows fit a page: without control the 11th row sits alone on page 2 (the chart's
    // single bar), with 3 rows at a break page 2 gets rows 9-11.
    CHECK(ranges(paginate(short_layout(1), short_header(), rows, room_for(10), room_for(10))) ==
          Ranges{{0, 10}, {10, 11}});
    const auto pages = paginate(short_layout(3), short_header(), rows, room_for(10), room_for(10));
    CHECK(ranges(pages) == Ranges{{0, 8}, {8, 11}});
    const auto l = short_layout(3);
    CHECK(pages[0].height_mm ==
          Approx(row_height_mm(l, short_header()) + 8 * row_height_mm(l, rows[0])));
    CHECK(pages[1].height_mm ==
          Approx(row_height_mm(l, short_header()) + 3 * row_height_mm(l, rows[0])));
}

TEST_CASE("min_rows_at_break: a table does not start with one row at the foot of a page") {
    const auto rows = short_rows(12);
    CHECK(ranges(paginate(short_layout(1), short_header(), rows, room_for(1), room_for(10))) ==
          Ranges{{0, 1}, {1, 11}, {11, 12}});
    // The first page gets no piece (the caller moves what heads the table along), and the
    // last page is not left with one row either.
    CHECK(ranges(paginate(short_layout(3), short_header(), rows, room_for(1), room_for(10))) ==
          Ranges{{0, 0}, {0, 9}, {9, 12}});
    // Three rows at the foot are enough.
    CHECK(ranges(paginate(short_layout(3), short_header(), rows, room_for(3), room_for(10))) ==
          Ranges{{0, 3}, {3, 12}});
}

TEST_CASE("min_rows_at_break: a short table that cannot be split moves whole") {
    // 5 rows, 4 fit at the foot: 4 + 1 breaks the rule and 2 + 3 too, so all 5 move on.
    const auto rows = short_rows(5);
    CHECK(ranges(paginate(short_layout(3), short_header(), rows, room_for(4), room_for(10))) ==
          Ranges{{0, 0}, {0, 5}});
    // 6 rows, 4 fit: 3 + 3.
    CHECK(ranges(paginate(short_layout(3), short_header(), short_rows(6), room_for(4),
                          room_for(10))) == Ranges{{0, 3}, {3, 6}});
    // A table that fits where it starts is never moved.
    CHECK(ranges(paginate(short_layout(3), short_header(), short_rows(2), room_for(2),
                          room_for(10))) == Ranges{{0, 2}});
}

TEST_CASE("min_rows_at_break: group headings do not count and stay with their rows") {
    // Rows 0 and 9 are headings: page 2 would get heading 9 + row 10 = one unit.
    const auto rows = short_rows(11, {0, 9});
    CHECK(ranges(paginate(short_layout(1), short_header(), rows, room_for(10), room_for(10))) ==
          Ranges{{0, 9}, {9, 11}});
    // Three units on page 2: rows 7, 8, heading 9, row 10.
    CHECK(ranges(paginate(short_layout(3), short_header(), rows, room_for(10), room_for(10))) ==
          Ranges{{0, 7}, {7, 11}});
    // A heading is never the last row of a page even when rows move back onto it.
    const auto rows2 = short_rows(11, {7});
    const auto pages = paginate(short_layout(3), short_header(), rows2, room_for(10), room_for(10));
    for (const auto& p : pages)
        if (p.last > p.first) CHECK(!rows2[p.last - 1].keep_with_next);
    CHECK(pages.back().last - pages.back().first >= 3);
}

TEST_CASE("keep_after_mm: footnotes under a table stay with its last rows") {
    auto l = short_layout(3);
    const auto rows = short_rows(9);
    const double h = row_height_mm(l, rows[0]), head = row_height_mm(l, short_header());
    // 9 rows fit on the page of 10, and the notes too when they need no more than one row.
    l.keep_after_mm = h;
    CHECK(ranges(paginate(l, short_header(), rows, room_for(10), room_for(10))) == Ranges{{0, 9}});
    // Notes of 2 rows' height do not fit under row 9: the last 3 rows go on with them.
    l.keep_after_mm = 2 * h;
    const auto pages = paginate(l, short_header(), rows, room_for(10), room_for(10));
    CHECK(ranges(pages) == Ranges{{0, 6}, {6, 9}});
    // Heights are the table's own; the room under it is the caller's to fill.
    CHECK(pages.back().height_mm == Approx(head + 3 * h));
    // Notes taller than a page are the caller's problem, not a reason to fail the table.
    l.keep_after_mm = 1000;
    CHECK(paginate(l, short_header(), rows, room_for(10), room_for(10)).back().last == 9);
}

TEST_CASE("min_rows_at_break: every split leaves at least that many rows on each side") {
    // Every table length and start position on pages of 10 rows: the rule holds and nothing
    // overflows, rows stay in order.
    const double later = room_for(10);
    for (std::size_t k : {2, 3}) {
        for (std::size_t n = 1; n <= 35; ++n) {
            for (std::size_t start = 0; start <= 10; ++start) {
                INFO("k " << k << ", rows " << n << ", room for " << start);
                const auto rows =
                    short_rows(n, n > 6 ? std::set<std::size_t>{5} : std::set<std::size_t>{});
                const double first = room_for(start);
                const auto pages = paginate(short_layout(k), short_header(), rows, first, later);
                REQUIRE(!pages.empty());
                CHECK(pages.front().first == 0);
                CHECK(pages.back().last == n);
                std::size_t units = 0;
                for (std::size_t i = 0; i < n; ++i) units += rows[i].keep_with_next ? 0 : 1;
                for (std::size_t p = 0; p < pages.size(); ++p) {
                    if (p > 0) CHECK(pages[p].first == pages[p - 1].last);
                    CHECK(pages[p].height_mm <= (p == 0 ? first : later) + 1e-9);
                    std::size_t here = 0;
                    for (std::size_t i = pages[p].first; i < pages[p].last; ++i)
                        here += rows[i].keep_with_next ? 0 : 1;
                    const bool split = here < units;
                    // Only the first page may be empty (the table starts on the next page).
                    if (p > 0) CHECK(here > 0);
                    if (split && here > 0) CHECK(here >= k);
                }
            }
        }
    }
}

TEST_CASE("a paginated table rendered by wkhtmltopdf: header on every page, no row cut") {
    PageSetup page;
    page.orientation = Orientation::landscape;
    const auto layout = register_layout();
    const auto header = register_header();
    const auto rows = register_rows(70);
    const double avail = page.usable_height_mm() - 1;
    const auto pages = paginate(layout, header, rows, avail, avail);
    REQUIRE(pages.size() >= 3);

    // What a template does: one table per page, the header row first, heights from the layout.
    char buf[160];
    auto row_html = [&](const TableRow& r, const char* cell) {
        std::snprintf(buf, sizeof buf, "<tr style=\"height:%.3fmm\">",
                      row_height_mm(layout, r) - layout.row_slack_mm);
        std::string s = buf;
        for (const auto& c : r.cells)
            s += std::string("<") + cell + ">" + c.text + "</" + cell + ">";
        return s + "</tr>";
    };
    char css[400];
    std::snprintf(css, sizeof css,
                  "table{table-layout:fixed;border-collapse:collapse;font-size:12pt;"
                  "line-height:%.3fmm}td,th{border:0.2mm solid #000;padding:0.6mm 1mm;"
                  "vertical-align:top}.pg{page-break-after:always}.pg:last-child{page-break-after:"
                  "auto}",
                  line_height_mm(layout, {12}));
    std::string body;
    for (const auto& p : pages) {
        body += "<div class=\"pg\"><table><colgroup>";
        for (double w : layout.column_widths_mm)
            body += "<col style=\"width:" + std::to_string(w) + "mm\">";
        body += "</colgroup>" + row_html(header, "th");
        for (std::size_t i = p.first; i < p.last; ++i) body += row_html(rows[i], "td");
        body += "</table></div>";
    }
    TempDir dir;
    WkhtmlPool pool;
    const auto out = dir.path / "register.pdf";
    pool.convert({html_doc(body, css), page, out, "sổ đăng ký"});
    REQUIRE(std::stoi(info(out, "Pages")) == int(pages.size()));

    const auto ws = words(out);
    const double top = page.margins.top_mm / kMmPerPt;
    const double bottom = (page.page_height_mm() - page.margins.bottom_mm) / kMmPerPt;
    std::map<std::string, int> start_page, end_page;
    for (const auto& w : ws) {
        CHECK(w.y_max <= bottom);
        if (w.text.size() > 1 && (w.text[0] == 'R' || w.text[0] == 'E') &&
            w.text.find_first_not_of("0123456789", 1) == std::string::npos) {
            auto& m = w.text[0] == 'R' ? start_page : end_page;
            CHECK(m.count(w.text.substr(1)) == 0);  // each row exactly once
            m[w.text.substr(1)] = w.page;
        }
    }
    for (std::size_t p = 0; p < pages.size(); ++p) {
        INFO("page " << p + 1);
        // The header row is the first thing on the page, right at the top margin.
        const Word* first = nullptr;
        for (const auto& w : ws)
            if (w.page == int(p) + 1 && (!first || w.y_min < first->y_min)) first = &w;
        REQUIRE(first != nullptr);
        CHECK(first->y_min < top + 3 / kMmPerPt);
        bool has_header = false;
        for (const auto& w : ws)
            if (w.page == int(p) + 1 && w.text == "trích" && w.y_min < top + 4 / kMmPerPt)
                has_header = true;
        CHECK(has_header);
        for (std::size_t i = pages[p].first; i < pages[p].last; ++i) {
            const std::string id = std::to_string(i + 1);
            INFO("row " << id);
            // The row's first and last words are both on the page vanban chose.
            CHECK(start_page[id] == int(p) + 1);
            CHECK(end_page[id] == int(p) + 1);
        }
    }
}
