// pdf::paginate: rows kept whole, headings kept with their rows, every page within its height;
// then a register-book-like table rendered by wkhtmltopdf and read back with poppler: the header
// row tops every page, no row is cut, nothing runs into the bottom margin.
#include <catch2/catch.hpp>
#include <cstdio>
#include <map>

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
    // A word longer than the line is not broken: it takes a line of its own.
    CHECK(tm.line_count("a Trảngbomtrảngbom b", f, tm.width_pt("Trảng", f)) == 3);
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
