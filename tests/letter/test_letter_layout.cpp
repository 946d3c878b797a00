// The layout vanban decides for a letter's tables and Phụ lục pages (src/letter/letter_table,
// src/letter/appendix_pages): column widths, page plan, errors. What the PDF really shows is
// proved by check_long_tables.py with poppler.
#include <catch2/catch.hpp>

#include <numeric>
#include <string>

#include "letter/appendix_pages.hpp"
#include "letter/letter_table.hpp"
#include "pdf/text_metrics.hpp"

using namespace vanban;
using letter::AppendixHeading;
using model::Json;

namespace {

const AppendixHeading kHeading{"Phụ lục", "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH CẤP XÃ", "",
                               "(Kèm theo Thông báo số 418/TB-UBND ngày 21/10/2024 của Ủy ban "
                               "nhân dân tỉnh Đồng Nai)"};

Json table_block(int rows, const std::string& note = "Đạt và vượt toàn bộ chỉ tiêu") {
    Json t{{"columns", {"STT", "Đơn vị", "Hồ sơ", "Ghi chú"}},
           {"numeric", {true, false, true, false}},
           {"rows", Json::array()}};
    for (int i = 1; i <= rows; ++i)
        t["rows"].push_back({std::to_string(i), "Phường Tân Hiệp (TP. Biên Hòa)", "1.234", note});
    return {{"kind", "table"}, {"table", t}, {"children", Json::array()}};
}

Json paragraph(const std::string& text) {
    return {{"kind", "p"},
            {"runs", {{{"text", text}, {"bold", false}, {"italic", false}}}},
            {"children", Json::array()}};
}

// Rows of every table piece, in page order.
std::vector<std::string> rows_in_order(const Json& layout) {
    std::vector<std::string> out;
    for (const auto& page : layout["pages"])
        for (const auto& b : page["blocks"])
            if (b["kind"] == "table")
                for (const auto& r : b["rows"]) out.push_back(r["cells"][0]);
    return out;
}

}  // namespace

TEST_CASE("column widths: sum to the width, numbers on one line, text shares the rest") {
    letter::LetterTableText t{{"STT", "Đơn vị", "Hồ sơ tiếp nhận", "Thực hiện (%)"},
                              {{"1", "Phường An Bình (TP. Biên Hòa)", "12.345", "98,65"},
                               {"120", "Xã Xuân Tân (TP. Long Khánh)", "7", "9"}},
                              {true, false, true, true}};
    auto w = letter::column_widths_mm(t, 164);
    REQUIRE(w.size() == 4);
    CHECK(std::accumulate(w.begin(), w.end(), 0.0) == Approx(164));
    const auto& tm = pdf::TextMetrics::shared();
    const double pad = 2 * letter::kTablePadXMm + letter::kTableRuleMm;
    // the widest number fits its column
    CHECK(tm.width_pt("12.345", {letter::kTableFontPt}) / pdf::kPointsPerMm + pad < w[2]);
    // the header of a number column takes two lines, not three ("Thực hiện" / "(%)")
    const pdf::FontSpec bold{letter::kTableFontPt, true};
    for (std::size_t c : {2, 3})
        CHECK(tm.line_count(t.columns[c], bold, (w[c] - pad) * pdf::kPointsPerMm) == 2);
    // the text column takes the rest: the names fit on one line
    CHECK(w[1] >
          tm.width_pt("Phường An Bình (TP. Biên Hòa)", {letter::kTableFontPt}) / pdf::kPointsPerMm +
              pad);
}

TEST_CASE("a Phụ lục of 120 rows: heading first, every row once in order, pages not overfull") {
    Json body = Json::array({paragraph("Số liệu trích từ Hệ thống thông tin giải quyết thủ tục "
                                       "hành chính tỉnh."),
                             table_block(120), paragraph("Đơn vị chưa đạt chỉ tiêu năm 2024.")});
    const pdf::PageSetup page;
    Json layout = letter::appendix_pages(kHeading, body, "/appendices/0/body", page);
    const auto& pages = layout["pages"];
    REQUIRE(pages.size() >= 4);
    CHECK(pages[0]["blocks"][0]["kind"] == "head");
    CHECK(pages[0]["blocks"][1]["kind"] == "text");
    std::vector<std::string> want;
    for (int i = 1; i <= 120; ++i) want.push_back(std::to_string(i));
    CHECK(rows_in_order(layout) == want);
    for (std::size_t p = 0; p < pages.size(); ++p) {
        INFO("page " << p + 1);
        double used = 0;
        for (const auto& b : pages[p]["blocks"]) used += b["h"].get<double>();
        CHECK(used <= page.usable_height_mm() - letter::kPageSafetyMm + 1e-9);
        CHECK(!pages[p]["blocks"].empty());
        if (p > 0 && p + 1 < pages.size()) {  // a page of the table alone starts with its piece
            CHECK(pages[p]["blocks"][0]["kind"] == "table");
            CHECK(pages[p]["blocks"][0]["columns"] == Json({"STT", "Đơn vị", "Hồ sơ", "Ghi chú"}));
        }
    }
    const auto& last = pages.back()["blocks"];
    CHECK(last.back()["kind"] == "text");
    CHECK(last.back()["item"]["runs"][0]["text"] == "Đơn vị chưa đạt chỉ tiêu năm 2024.");
}

TEST_CASE("text then a table: no empty page, no piece without rows, rows in order") {
    // Some of these leave too little room under the text for the header and a row: the table
    // then starts on the next page (pdf::paginate's empty first piece is dropped).
    for (int n = 20; n <= 40; ++n) {
        INFO(n << " paragraphs");
        Json body = Json::array();
        for (int i = 0; i < n; ++i) body.push_back(paragraph("Đoạn " + std::to_string(i)));
        body.push_back(table_block(30));
        Json layout = letter::appendix_pages(kHeading, body, "/appendices/0/body");
        for (const auto& page : layout["pages"]) {
            REQUIRE(!page["blocks"].empty());
            for (const auto& b : page["blocks"])
                // Compared as std::string: json == "table" at -O3 trips GCC 12's -Warray-bounds
                // inside nlohmann's comparison (a false positive).
                if (b["kind"].get<std::string>() == "table") CHECK(!b["rows"].empty());
        }
        std::vector<std::string> want;
        for (int i = 1; i <= 30; ++i) want.push_back(std::to_string(i));
        CHECK(rows_in_order(layout) == want);
    }
}

TEST_CASE("a row taller than a page is refused with its JSON pointer") {
    std::string long_note;
    for (int i = 0; i < 400; ++i) long_note += "rất dài ";
    Json body = Json::array({paragraph("Mở đầu."), table_block(2, long_note)});
    try {
        letter::appendix_pages(kHeading, body, "/appendices/1/body");
        FAIL("no error");
    } catch (const letter::AppendixLayoutError& e) {
        CHECK(e.pointer() == "/appendices/1/body/1/table/rows");
        CHECK_THAT(e.what(), Catch::Contains("Dòng 1") && Catch::Contains("không vừa một trang"));
    }
}

TEST_CASE("a paragraph taller than a page starts a page and the next block starts another") {
    std::string text;
    for (int i = 0; i < 700; ++i) text += "cải cách hành chính ";
    Json body = Json::array({paragraph("Mở đầu."), paragraph(text), table_block(3)});
    Json layout = letter::appendix_pages(kHeading, body, "/appendices/0/body");
    const auto& pages = layout["pages"];
    REQUIRE(pages.size() == 3);
    CHECK(pages[0]["blocks"].size() == 2);  // heading, "Mở đầu."
    REQUIRE(pages[1]["blocks"].size() == 1);
    CHECK(pages[1]["blocks"][0]["h"].get<double>() > pdf::PageSetup().usable_height_mm());
    CHECK(pages[2]["blocks"][0]["kind"] == "table");
}
