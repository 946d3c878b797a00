// The readers' building blocks against values worked out by hand or by Python's datetime:
// cell names, Excel date serials, date formats, CSV per RFC 4180 and its encodings, and that a
// file which is not an XLSX is refused with a message naming it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "intake/csv_reader.hpp"
#include "intake/sheet.hpp"
#include "intake/xlsx_reader.hpp"
#include "vn/text.hpp"

using namespace vanban::intake;

namespace {

std::vector<Row> rows_of(std::string_view text, char delimiter = 0) {
    std::vector<Row> rows;
    parse_csv("t.csv", text, delimiter, [&](const Row& r) {
        rows.push_back(r);
        return true;
    });
    return rows;
}

}  // namespace

TEST_CASE("cell names") {
    CHECK(column_name(1) == "A");
    CHECK(column_name(26) == "Z");
    CHECK(column_name(27) == "AA");
    CHECK(column_name(16384) == "XFD");
    CHECK(cell_name("Sheet1", 6, 17) == "Sheet1!F17");
    CHECK(cell_name("Số liệu", 5, 6) == "'Số liệu'!E6");
    CHECK(cell_name("", 2, 3) == "B3");
    std::uint32_t c = 0, r = 0;
    CHECK(parse_cell_name("XFD1048576", c, r));
    CHECK((c == 16384 && r == 1048576));
    CHECK_FALSE(parse_cell_name("F0", c, r));
    CHECK_FALSE(parse_cell_name("17F", c, r));
    CHECK_FALSE(parse_cell_name("XFE1", c, r));
}

TEST_CASE("Excel date serials") {
    // datetime(1899, 12, 30) + timedelta(days=serial), as Python computes it.
    CHECK(excel_date_text(45565, false) == "2024-09-30");
    CHECK(excel_date_text(61, false) == "1900-03-01");
    CHECK(excel_date_text(59, false) == "1900-02-28");
    CHECK(excel_date_text(45565.34375, false) == "2024-09-30T08:15:00");
    CHECK(excel_date_text(44103, true) == "2024-09-30");  // 1904 system: 1462 days fewer
}

TEST_CASE("date formats") {
    CHECK(is_builtin_date_format(14));
    CHECK_FALSE(is_builtin_date_format(3));
    CHECK(is_date_format("dd/mm/yyyy"));
    CHECK(is_date_format("[$-42A]d mmmm yyyy"));
    CHECK(is_date_format("[h]:mm"));
    CHECK_FALSE(is_date_format("#,##0"));
    CHECK_FALSE(is_date_format("0.00\"days\""));
    CHECK_FALSE(is_date_format("[Red]#,##0;[Blue]-#,##0"));
}

TEST_CASE("CSV per RFC 4180") {
    auto rows = rows_of("a,\"b,c\",\"d \"\"e\"\"\"\r\n\"x\ny\",,z\r\n");
    REQUIRE(rows.size() == 2);
    REQUIRE(rows[0].cells.size() == 3);
    CHECK(rows[0].cells[1].text == "b,c");
    CHECK(rows[0].cells[2].text == "d \"e\"");
    CHECK(rows[1].index == 2);
    CHECK(rows[1].cells[0].text == "x\ny");
    CHECK(rows[1].cells[1].col == 3);  // the empty field is absent, columns keep counting
    // Semicolons (Excel with a decimal comma) and tabs are detected.
    CHECK(rows_of("a;b;c\n1;2,5;3\n")[1].cells[1].text == "2,5");
    CHECK(rows_of("a\tb\n1\t2\n")[1].cells[1].text == "2");
    // Unclosed quote and text after a closing quote.
    CHECK_THROWS_WITH(rows_of("a,\"b\n"),
                      "t.csv: dòng 1: dấu ngoặc kép mở ở cột B không được đóng");
    CHECK_THROWS_WITH(rows_of("a,\"b\"c\n"),
                      Catch::Contains("dòng 1, cột B: có ký tự sau dấu ngoặc kép đóng"));
}

TEST_CASE("CSV encodings") {
    // "Đồng Nai" in UTF-16LE with its BOM, in UTF-8 with a BOM, and in Windows-1258 where the
    // tone mark of "ồ" is a combining character (0xCC after "ô" = 0xF4).
    std::string u16le("\xFF\xFE\x10\x01\xD3\x1E\x6E\x00\x67\x00\x20\x00\x4E\x00\x61\x00\x69\x00",
                      18);
    CHECK(decode_csv("a.csv", u16le, Encoding::detect).text == "Đồng Nai");
    CHECK(decode_csv("a.csv", u16le, Encoding::detect).encoding == Encoding::utf16le);
    CHECK(decode_csv("a.csv", "\xEF\xBB\xBF\xC4\x90\xE1\xBB\x93ng Nai", Encoding::detect).text ==
          "Đồng Nai");
    auto w = decode_csv("a.csv", "\xD0\xF4\xCCng Nai", Encoding::detect);
    CHECK(w.encoding == Encoding::windows1258);
    CHECK(w.text == "Đồng Nai");  // NFC: precomposed ồ
    CHECK_THROWS_WITH(decode_csv("a.csv", "\xD0\xF4", Encoding::utf8),
                      "a.csv: không phải UTF-8 hợp lệ (byte thứ 1); dùng --encoding để chỉ định "
                      "bảng mã");
    CHECK(parse_encoding("cp1258") == Encoding::windows1258);
    CHECK_FALSE(parse_encoding("latin1"));
}

TEST_CASE("not an XLSX") {
    CHECK_THROWS_WITH(XlsxBook::from_memory("x.xlsx", "not a zip at all"),
                      "x.xlsx: không phải tệp XLSX (không phải tệp nén ZIP hợp lệ)");
    CHECK_THROWS_WITH(XlsxBook::open("/nonexistent/x.xlsx"),
                      "/nonexistent/x.xlsx: không có tệp này");
}

TEST_CASE("long text in a message is cut on a code point boundary") {
    Cell c;
    c.kind = CellKind::text;
    for (int i = 0; i < 40; ++i) c.text += "ệ";  // 3 bytes each: byte 60 is not a boundary
    std::string d = describe(c);
    CHECK(vanban::vn::find_invalid_utf8(d) == std::string::npos);
    CHECK(d.size() < c.text.size());
}
