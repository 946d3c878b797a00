// The draft form <-> the letter JSON: block text both ways, fields, and error pointers mapped to
// the form field they belong to.
#include <catch2/catch.hpp>

#include "web/letter_form.hpp"
#include "web/letter_service.hpp"

using namespace vanban::web;
using Json = nlohmann::ordered_json;

TEST_CASE("block text: every block kind and khoản children and tables with numbers", "[web]") {
    const std::string text =
        "mục: I. MỤC ĐÍCH\n"
        "Đoạn **đậm** thường.\n"
        "khoản: Khoản một\n"
        "  điểm: điểm a\n"
        "  - gạch\n"
        "khoản: Khoản hai\n"
        "- gạch ngoài\n"
        "+ cộng\n"
        "| Đơn vị | Năm | Tỷ lệ |\n"
        "| Sở Y tế | '2024 | 97.5 |\n"
        "| Sở A\\|B | '12 | 100 |\n"
        "đoạn: mục: không phải mục\n";
    const BlockText bt = parse_block_text(text);
    const Json& b = bt.blocks;
    REQUIRE(b.size() == 8);
    CHECK(b[0] == Json{{"muc", "I. MỤC ĐÍCH"}});
    CHECK(b[1] == Json{{"p", "Đoạn **đậm** thường."}});
    CHECK(b[2]["khoan"] == "Khoản một");
    REQUIRE(b[2]["children"].size() == 2);
    CHECK(b[2]["children"][0] == Json{{"diem", "điểm a"}});
    CHECK(b[2]["children"][1] == Json{{"dash", "gạch"}});
    CHECK_FALSE(b[3].contains("children"));
    CHECK(b[4] == Json{{"dash", "gạch ngoài"}});
    CHECK(b[5] == Json{{"plus", "cộng"}});
    const Json& t = b[6]["table"];
    CHECK(t["columns"] == Json::array({"Đơn vị", "Năm", "Tỷ lệ"}));
    CHECK(t["rows"][0] == Json::array({"Sở Y tế", "2024", 97.5}));
    CHECK(t["rows"][1] == Json::array({"Sở A|B", "12", 100}));
    CHECK(b[7] == Json{{"p", "mục: không phải mục"}});
    CHECK(bt.lines == std::vector<int>{1, 2, 3, 6, 7, 8, 9, 12});

    // Formatting gives text that parses back to the same blocks.
    CHECK(parse_block_text(format_block_text(b)).blocks == b);
}

TEST_CASE("block text: two tables need a blank line between them", "[web]") {
    const Json b = parse_block_text("| a |\n| 1 |\n\n| b |\n| 2 |\n").blocks;
    REQUIRE(b.size() == 2);
    CHECK(parse_block_text(format_block_text(b)).blocks == b);
}

TEST_CASE("form: a letter's fields to the form and back keep the letter", "[web]") {
    const Json letter = Json::parse(R"({
      "id": "x", "agency": "syt", "drafting_unit": "vp", "type": "cong-van",
      "date": "2024-08-02", "trich_yeu": "V/v thử", "urgency": "khan",
      "kinh_gui": ["Các phòng", "Trung tâm"], "can_cu": ["Căn cứ A;"],
      "body": [{"p": "Một"}, {"khoan": "Hai", "children": [{"diem": "a"}]},
               {"table": {"columns": ["A", "B"], "rows": [["x", 1]]}}],
      "signer": {"id": "le-quang-trung", "authority": "KT."},
      "noi_nhan": ["Như trên"], "luu": "VT, VP", "drafter": {"initials": "Nhâm", "copies": 12},
      "appendices": [{"title": "Bảng", "subtitle": "kèm theo", "body": [{"p": "PL"}]}]
    })");
    const FormFields f = form_from_letter(letter);
    CHECK(f.at("kinh_gui") == "Các phòng\nTrung tâm\n");
    CHECK(f.at("signer") == "le-quang-trung");
    CHECK(f.at("appendix1_title") == "Bảng");
    const Json back = letter_from_form(letter, f);
    CHECK(back == letter);  // nothing lost, signer's authority override kept

    FormFields g = f;
    g["urgency"] = "";
    g["can_cu"] = "";
    g["appendix1_title"] = "";
    g["appendix1_subtitle"] = "";
    g["appendix1_body"] = "";
    g["drafter_copies"] = "mười";
    g["signer"] = "khac";
    const Json changed = letter_from_form(letter, g);
    CHECK_FALSE(changed.contains("urgency"));
    CHECK_FALSE(changed.contains("can_cu"));
    CHECK_FALSE(changed.contains("appendices"));
    CHECK(changed["drafter"]["copies"] == "mười");  // kept as text: the validator names it
    CHECK(changed["signer"]["id"] == "khac");
    CHECK(changed["signer"]["authority"] == "KT.");
}

TEST_CASE("errors: JSON pointers map to form fields and body lines", "[web]") {
    CHECK(field_of_pointer("/trich_yeu") == "trich_yeu");
    CHECK(field_of_pointer("/body/3/khoan") == "body");
    CHECK(field_of_pointer("/kinh_gui/1") == "kinh_gui");
    CHECK(field_of_pointer("/appendices/0/body/2") == "appendix1");
    CHECK(field_of_pointer("/appendices/2/title") == "appendix3");
    CHECK(field_of_pointer("/signer/id") == "signer");
    CHECK(field_of_pointer("/drafter/copies") == "drafter");
    CHECK(field_of_pointer("") == "");
    CHECK(field_of_pointer("/number") == "");
    const std::string body = "Một\n\nkhoản: Hai\n  điểm: a\n| A |\n| 1 |\nBa\n";
    CHECK(block_location("/body/0", body) == "khối thứ 1, dòng 1");
    CHECK(block_location("/body/2/table/rows/0", body) == "khối thứ 3, dòng 5");
    CHECK(block_location("/body/3", body) == "khối thứ 4, dòng 7");
    CHECK(block_location("/body/9", body) == "");
    CHECK(block_location("/trich_yeu", body) == "");
    CHECK(block_location("/appendices/0/body/1", "a\nb\n", "/appendices/0/body/") ==
          "khối thứ 2, dòng 2");
}
