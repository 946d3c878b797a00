// The letter model: loading and validating samples/letters/*.json, resolving against org.json,
// Số and ký hiệu, inline markup, and the Vietnamese messages for bad input.
#include <catch2/catch.hpp>

#include <string>

#include "model/letter.hpp"
#include "model/letter_context.hpp"
#include "model/org.hpp"

using namespace vanban::model;

namespace {

const std::string kSamples = VANBAN_SOURCE_DIR "/samples";

const Organisation& org() {
    static Organisation o = load_organisation(kSamples + "/dong-nai/org.json");
    return o;
}

// A minimal valid letter with one field replaced or removed (value "" removes it).
std::string letter_json(const std::string& field = "", const std::string& value = "") {
    std::vector<std::pair<std::string, std::string>> f = {
        {"id", "\"t\""},
        {"agency", "\"syt\""},
        {"drafting_unit", "\"vp\""},
        {"type", "\"cong-van\""},
        {"number", "5"},
        {"date", "\"2024-02-05\""},
        {"trich_yeu", "\"thử\""},
        {"kinh_gui", "[\"A\", \"B;\"]"},
        {"body", "[{\"p\": \"Một\"}]"},
        {"signer", "\"le-quang-trung\""},
    };
    std::string s = "{\n";
    bool first = true;
    for (auto& [k, v] : f) {
        std::string val = k == field ? value : v;
        if (k == field && value.empty()) continue;
        s += std::string(first ? "" : ",\n") + "  \"" + k + "\": " + val;
        first = false;
    }
    if (!field.empty() &&
        std::none_of(f.begin(), f.end(), [&](auto& p) { return p.first == field; }))
        s += ",\n  \"" + field + "\": " + value;
    return s + "\n}\n";
}

LetterContext context_of(const std::string& text) {
    auto doc = JsonDocument::parse("thu.json", text);
    Letter l = parse_letter(doc);
    return build_letter_context(doc, l, org());
}

std::string error_of(const std::string& text) {
    try {
        context_of(text);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(không có lỗi)";
}

}  // namespace

TEST_CASE("every sample letter loads and resolves against the Đồng Nai org.json") {
    for (const char* name : {"syt-1999-cchc-quy-ii-2023", "vp-464-cchc-2024", "snv-506-cchc-2024",
                             "syt-trien-khai-chi-thi-02-2023"}) {
        INFO(name);
        auto doc = JsonDocument::load(kSamples + "/letters/" + name + ".json");
        Letter l = parse_letter(doc);
        LetterContext c = build_letter_context(doc, l, org());
        CHECK(c.template_name == "cong-van.html");
        CHECK_FALSE(c.context["body"].empty());
    }
}

TEST_CASE("Số and ký hiệu follow Điều 15 and Phụ lục III") {
    auto doc = JsonDocument::load(kSamples + "/letters/syt-1999-cchc-quy-ii-2023.json");
    LetterContext c = build_letter_context(doc, parse_letter(doc), org());
    CHECK(c.so_ky_hieu == "1999/SYT-VP");
    CHECK(c.context["so"] == "1999");
    CHECK(c.context["place"] == "Đồng Nai");
    CHECK(c.agency_name == "Sở Y tế");

    CHECK(context_of(letter_json()).so_ky_hieu == "05/SYT-VP");
    CHECK(context_of(letter_json("number", "10")).so_ky_hieu == "10/SYT-VP");
    // a draft keeps the number blank
    LetterContext draft = context_of(letter_json("number", ""));
    CHECK(draft.so_ky_hieu == "/SYT-VP");
    CHECK(draft.context["so"] == "");
    // other types: type + agency
    LetterContext qd = context_of(letter_json("type", "\"quyet-dinh\""));
    CHECK(qd.so_ky_hieu == "05/QĐ-SYT");
    CHECK(qd.template_name == "van-ban.html");
    CHECK(qd.context["type_name"] == "Quyết định");
    CHECK(context_of(letter_json("drafting_unit", "")).so_ky_hieu == "05/SYT");
}

TEST_CASE("signature lines follow the authority (box 7)") {
    auto lines = [](const std::string& signer) {
        return context_of(letter_json("signer", signer)).context["signer"]["lines"];
    };
    CHECK(lines("\"le-quang-trung\"") == Json({"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"}));
    CHECK(lines(R"({"id": "le-quang-trung", "authority": ""})") == Json({"PHÓ GIÁM ĐỐC"}));
    CHECK(lines(R"({"id": "le-quang-trung", "authority": "TL."})") ==
          Json({"TL. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"}));
    CHECK(lines(R"({"id": "le-quang-trung", "authority": "Q."})") == Json({"Q. GIÁM ĐỐC"}));
    // TM.: on behalf of the collective, named by the agency unless authority_title says
    CHECK(lines(R"({"id": "le-quang-trung", "authority": "TM."})") ==
          Json({"TM. SỞ Y TẾ", "PHÓ GIÁM ĐỐC"}));
    CHECK(
        lines(R"({"id": "le-quang-trung", "authority": "TUQ.", "authority_title": "giám đốc"})") ==
        Json({"TUQ. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"}));
    CHECK_THAT(error_of(letter_json("signer", R"({"id": "le-quang-trung", "authority": "XX."})")),
               Catch::Contains("/signer/authority") && Catch::Contains("TUQ."));
    CHECK(context_of(letter_json()).context["signer"]["name"] == "Lê Quang Trung");
}

TEST_CASE("Kính gửi punctuation: ';' between recipients, '.' after the last") {
    CHECK(context_of(letter_json()).context["kinh_gui"] == Json({"A;", "B;"}));
    CHECK(context_of(letter_json("kinh_gui", "[\"A\", \"B\"]")).context["kinh_gui"] ==
          Json({"A;", "B."}));
    CHECK(context_of(letter_json("kinh_gui", "[\"Sở Nội vụ\"]")).context["kinh_gui"] ==
          Json({"Sở Nội vụ."}));
}

TEST_CASE("khoản are numbered, điểm restart under each khoản") {
    Json body = context_of(letter_json("body", R"([{"diem": "x"}, {"p": "y"}, {"diem": "z"},
        {"khoan": "k1", "children": [{"diem": "a"}, {"dash": "d"}, {"diem": "b"}]},
        {"khoan": "k2"}, {"diem": "w"}])"))
                    .context["body"];
    CHECK(body[0]["n"] == 1);
    CHECK(body[2]["n"] == 2);
    CHECK(body[3]["n"] == 1);
    CHECK(body[3]["children"][0]["n"] == 1);
    CHECK(body[3]["children"][2]["n"] == 2);
    CHECK(body[4]["n"] == 2);
    CHECK(body[5]["n"] == 1);
    CHECK(body[5]["kind"] == "diem");
}

TEST_CASE("mục are numbered I. II. … and restart the khoản under each") {
    Json body = context_of(letter_json("body", R"([{"khoan": "k0"}, {"muc": "MỤC ĐÍCH"},
        {"khoan": "k1"}, {"khoan": "k2", "children": [{"diem": "a"}]}, {"muc": "NHIỆM VỤ"},
        {"khoan": "k1'"}, {"diem": "x"}])"))
                    .context["body"];
    CHECK(body[0]["n"] == 1);
    CHECK(body[1]["kind"] == "muc");
    CHECK(body[1]["n"] == 1);
    CHECK(body[2]["n"] == 1);
    CHECK(body[3]["n"] == 2);
    CHECK(body[4]["n"] == 2);
    CHECK(body[5]["n"] == 1);
    CHECK(body[6]["n"] == 1);  // a điểm after a mục starts at a) too
    CHECK_THAT(error_of(letter_json("body", R"([{"khoan": "k", "children": [{"muc": "M"}]}])")),
               Catch::Contains("/body/0/children/0") && Catch::Contains("cấp ngoài cùng"));
    CHECK_THAT(error_of(letter_json("body", R"([{"muc": "M", "children": [{"p": "x"}]}])")),
               Catch::Contains("/body/0/children"));
}

TEST_CASE("electronic copy images must stay inside the letter's folder") {
    // thu.json is parsed from memory: its folder is the working directory
    CHECK_THAT(error_of(letter_json("electronic", R"({"signature": "../a.png", "seal": "b.png"})")),
               Catch::Contains("/electronic/signature") && Catch::Contains(".."));
    CHECK_THAT(
        error_of(letter_json("electronic", R"({"signature": "/etc/passwd", "seal": "b.png"})")),
        Catch::Contains("/electronic/signature"));
    CHECK_THAT(
        error_of(letter_json("electronic", R"({"signature": "khong-co.png", "seal": "b.png"})")),
        Catch::Contains("/electronic/signature") && Catch::Contains("không tìm thấy"));
    CHECK_THAT(error_of(letter_json("electronic", R"({"seal": "b.png"})")),
               Catch::Contains("/electronic") && Catch::Contains("signature"));
}

TEST_CASE("inline markup: **bold**, *italic*, anything else literal") {
    auto r = parse_inline("a **b *c* d** *e* f");
    REQUIRE(r.size() == 7);
    CHECK(r[0].text == "a ");
    CHECK((r[1].text == "b " && r[1].bold && !r[1].italic));
    CHECK((r[2].text == "c" && r[2].bold && r[2].italic));
    CHECK((r[3].text == " d" && r[3].bold));
    CHECK((r[4].text == " "));
    CHECK((r[5].text == "e" && r[5].italic));
    CHECK((r[6].text == " f" && !r[6].bold && !r[6].italic));
    CHECK(plain_text("a **b *c* d** *e* f") == "a b c d e f");
    CHECK(plain_text("3 * 4 = 12, <b>x</b> & **") == "3 * 4 = 12, <b>x</b> & **");
    CHECK(plain_text("(*tối thiểu 97%*);") == "(tối thiểu 97%);");
}

TEST_CASE("bad letters give Vietnamese messages naming file, pointer and line") {
    std::string e = error_of(letter_json("trich_yeu", ""));
    CHECK_THAT(e, Catch::Contains("thu.json") && Catch::Contains("thiếu trường \"trich_yeu\""));

    e = error_of(letter_json("signer", "\"khong-co\""));
    CHECK_THAT(e, Catch::Contains("/signer") && Catch::Contains("khong-co") &&
                      Catch::Contains("le-quang-trung") && Catch::Contains("dòng 11"));

    e = error_of(letter_json("agency", "\"xyz\""));
    CHECK_THAT(e, Catch::Contains("/agency") && Catch::Contains("dòng 3"));
    e = error_of(letter_json("drafting_unit", "\"xyz\""));
    CHECK_THAT(e, Catch::Contains("/drafting_unit") && Catch::Contains("đơn vị soạn thảo"));
    e = error_of(letter_json("type", "\"cong-thu\""));
    CHECK_THAT(e, Catch::Contains("/type") && Catch::Contains("loại văn bản"));
    e = error_of(letter_json("body", "[]"));
    CHECK_THAT(e, Catch::Contains("/body") && Catch::Contains("không được để trống"));
    e = error_of(letter_json("body", R"([{"p": "a\u0007b"}])"));
    CHECK_THAT(e, Catch::Contains("/body/0/p") && Catch::Contains("ký tự điều khiển U+0007"));
    e = error_of(letter_json("body", R"([{"p": "a", "diem": "b"}])"));
    CHECK_THAT(e, Catch::Contains("/body/0") && Catch::Contains("chỉ được có một"));
    e = error_of(letter_json("date", "\"2023-02-29\""));
    CHECK_THAT(e, Catch::Contains("/date"));
    e = error_of(letter_json("number", "0"));
    CHECK_THAT(e, Catch::Contains("/number"));
    e = error_of(letter_json("urgency", "\"gap\""));
    CHECK_THAT(e, Catch::Contains("/urgency") && Catch::Contains("hoa-toc"));
    e = error_of(letter_json("secrecy", "\"MẬT\""));
    CHECK_THAT(e, Catch::Contains("thu.json") && Catch::Contains("/secrecy") &&
                      Catch::Contains("dòng 12") && Catch::Contains("\"toi-mat\"") &&
                      Catch::Contains("độ mật \"MẬT\" không hợp lệ"));
    e = error_of(letter_json("secrecy", "true"));
    CHECK_THAT(e, Catch::Contains("/secrecy"));
    e = error_of(letter_json("kinh_goi", "[]"));
    CHECK_THAT(e, Catch::Contains("/kinh_goi") && Catch::Contains("không thuộc định dạng"));
}

TEST_CASE("dấu chỉ độ mật (box 10a): three levels, printed upper case, absent by default") {
    CHECK(context_of(letter_json()).context["secrecy"] == "");
    CHECK(context_of(letter_json("secrecy", "\"mat\"")).context["secrecy"] == "MẬT");
    CHECK(context_of(letter_json("secrecy", "\"toi-mat\"")).context["secrecy"] == "TỐI MẬT");
    CHECK(context_of(letter_json("secrecy", "\"tuyet-mat\"")).context["secrecy"] == "TUYỆT MẬT");
    auto doc = JsonDocument::parse("thu.json", letter_json("secrecy", "\"toi-mat\""));
    CHECK(parse_letter(doc).secrecy == "toi-mat");
    CHECK(parse_letter(JsonDocument::parse("thu.json", letter_json())).secrecy.empty());
}

TEST_CASE("text is NFC once loaded") {
    // "ệ" written decomposed (e + U+0323 + U+0302)
    LetterContext c = context_of(letter_json("trich_yeu", "\"vi\\u0065\\u0323\\u0302c\""));
    CHECK(c.context["trich_yeu"] ==
          "vi\xE1\xBB\x87"
          "c");
}

TEST_CASE("table blocks: numbers as Vietnamese writes them, rows checked against columns") {
    Json t = context_of(letter_json("body", R"([{"table": {"columns": ["STT", "Tên", "Tỷ lệ"],
        "rows": [[1, "Đúng hạn", 97.5], [2, "Trực tuyến", 1234]]}}])"))
                 .context["body"][0]["table"];
    CHECK(t["rows"][0] == Json({"1", "Đúng hạn", "97,5"}));
    CHECK(t["rows"][1][2] == "1.234");
    CHECK(t["numeric"] == Json({true, false, true}));
    std::string e = error_of(letter_json("body", R"([{"table": {"columns": ["A", "B"],
        "rows": [["x"]]}}])"));
    CHECK_THAT(e, Catch::Contains("/body/0/table/rows/0") && Catch::Contains("bảng có 2 cột"));
}

#ifdef VANBAN_HAVE_REGISTRY
#include "registry/doc_types.hpp"

// The letter prints Số + ký hiệu itself before the registry has recorded it: both must agree on
// the form for every type the letters accept.
TEST_CASE("a letter's Số + ký hiệu is the form the registry records") {
    for (const auto& t : letter_types()) {
        INFO(t.id);
        auto r = vanban::registry::find_doc_type(t.name);
        REQUIRE(r.has_value());
        CHECK(r->id == t.id);
        CHECK(vanban::registry::format_so_ky_hieu(5, *r, "SYT", "VP") ==
              (t.abbrev.empty() ? "05/SYT-VP" : "05/" + std::string(t.abbrev) + "-SYT"));
    }
}
#endif

TEST_CASE("a công văn must name its addressees (Kính gửi); other types may have none") {
    std::string e = error_of(letter_json("kinh_gui", "[]"));
    CHECK_THAT(e, Catch::Contains("thu.json") && Catch::Contains("/kinh_gui") &&
                      Catch::Contains("dòng 9") && Catch::Contains("Kính gửi"));
    e = error_of(letter_json("kinh_gui", ""));  // absent
    CHECK_THAT(e, Catch::Contains("thu.json") && Catch::Contains("\"kinh_gui\"") &&
                      Catch::Contains("Kính gửi"));
    std::string tb = letter_json("kinh_gui", "[]");
    tb.replace(tb.find("\"cong-van\""), 10, "\"thong-bao\"");
    CHECK(context_of(tb).context["kinh_gui"].empty());
    std::string kh = letter_json("kinh_gui", "");
    kh.replace(kh.find("\"cong-van\""), 10, "\"ke-hoach\"");
    CHECK(context_of(kh).context["kinh_gui"].empty());
}

TEST_CASE("a draft may leave day and month blank: \"date\" is the year alone") {
    std::string draft = letter_json("number", "");
    draft.replace(draft.find("\"2024-02-05\""), 12, "\"2023\"");
    LetterContext c = context_of(draft);
    CHECK(c.context["date_blank"] == true);
    CHECK(c.context["date"] == "2023");
    CHECK(c.so_ky_hieu == "/SYT-VP");
    // a dated letter is unchanged
    CHECK(context_of(letter_json()).context["date_blank"] == false);
    // a numbered letter has its date: number and date are given together at issue
    std::string numbered = letter_json("date", "\"2023\"");
    std::string e = error_of(numbered);
    CHECK_THAT(
        e, Catch::Contains("thu.json") && Catch::Contains("/date") && Catch::Contains("dự thảo"));
    for (const char* bad : {"\"23\"", "\"2023-\"", "\"2023-13\"", "\"năm 2023\""}) {
        INFO(bad);
        std::string d = letter_json("number", "");
        d.replace(d.find("\"2024-02-05\""), 12, bad);
        CHECK_THAT(error_of(d), Catch::Contains("/date"));
    }
}

TEST_CASE("text that could not be printed whole is refused with its pointer, never cut") {
    std::string para(20000, 'a');
    CHECK_NOTHROW(context_of(letter_json("body", "[{\"p\": \"" + para + "\"}]")));
    std::string e = error_of(letter_json("body", "[{\"p\": \"" + para + "ă\"}]"));
    CHECK_THAT(e, Catch::Contains("thu.json") && Catch::Contains("/body/0/p") &&
                      Catch::Contains("20.001 ký tự") && Catch::Contains("20.000"));
    e = error_of(letter_json("kinh_gui", "[\"A\", \"" + para + "bc\"]"));
    CHECK_THAT(e, Catch::Contains("/kinh_gui/1") && Catch::Contains("20.002 ký tự"));
    std::string body = "[";
    for (int i = 0; i < 11; ++i) body += std::string(i ? "," : "") + "{\"p\": \"" + para + "\"}";
    e = error_of(letter_json("body", body + "]"));
    CHECK_THAT(e, Catch::Contains("thu.json") && Catch::Contains("/body") &&
                      Catch::Contains("220.000 ký tự") && Catch::Contains("200.000"));
}
