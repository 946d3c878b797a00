// The letter form generated from schemas/letter.schema.json: every sample letter goes to the
// form's fields, is submitted back as a browser would (only what the page shows, each select's
// value one of its options) and must give the same JSON; validator pointers find their row; the
// add/remove buttons without JavaScript; the Vietnamese date order; NFC.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/org.hpp"
#include "web/letter_form.hpp"
#include "web/letter_service.hpp"

using namespace vanban::web;
using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = VANBAN_SOURCE_DIR;

const LetterForm& letter_form() {
    static const vanban::model::Organisation org =
        vanban::model::load_organisation((kSource / "samples/dong-nai/org.json").string());
    static const LetterForm form(kSource / "schemas/letter.schema.json", org);
    return form;
}

Json read_json(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return Json::parse(ss.str());
}

// What a browser submits for the page's rows: inputs and hidden fields outside <template>s;
// a select submits its value only if it is one of its options (else the first option).
FormFields submit(const Json& rows) {
    FormFields f;
    int in_template = 0;
    for (const auto& r : rows) {
        const std::string t = r["t"];
        if (t == "tpl") ++in_template;
        if (t == "endtpl") --in_template;
        if (in_template || (t != "input" && t != "hidden")) continue;
        std::string value = r["value"];
        if (r.contains("groups")) {
            std::vector<std::string> ids;
            for (const auto& g : r["groups"])
                for (const auto& o : g["options"]) ids.push_back(o["id"].get<std::string>());
            REQUIRE_FALSE(ids.empty());
            if (std::find(ids.begin(), ids.end(), value) == ids.end()) value = ids.front();
        }
        f[r["name"].get<std::string>()] = value;
    }
    return f;
}

Json kept_only(const Json& letter) {
    Json base = Json::object();
    for (const char* k : {"id", "number", "$schema"})
        if (letter.contains(k)) base[k] = letter[k];
    return base;
}

nlohmann::json plain(const Json& j) {
    return nlohmann::json::parse(j.dump());
}

}  // namespace

TEST_CASE("letter form: every sample letter -> form fields -> submitted -> the same JSON",
          "[web]") {
    int n = 0;
    for (const auto& e : fs::directory_iterator(kSource / "samples/letters")) {
        if (e.path().extension() != ".json") continue;
        INFO(e.path().filename().string());
        const Json letter = read_json(e.path());
        const Json rows = letter_form().rows(letter, "", "");
        const FormFields f = submit(rows);
        CHECK(plain(letter_form().read(f, kept_only(letter))) == plain(letter));
        ++n;
    }
    CHECK(n >= 10);
}

TEST_CASE("letter form: the fields come from the schema, not a hand list", "[web]") {
    const Json letter = read_json(kSource / "samples/letters/syt-1999-cchc-quy-ii-2023.json");
    const Json rows = letter_form().rows(letter, "", "");
    std::map<std::string, Json> by_name;
    for (const auto& r : rows)
        if (r.contains("name")) by_name[r["name"].get<std::string>()] = r;
    // Every property of the schema is on the form except the ones the server sets.
    const Json schema = read_json(kSource / "schemas/letter.schema.json");
    for (const auto& [k, v] : schema["properties"].items()) {
        if (k == "id" || k == "number" || k == "$schema") continue;
        bool found = false;
        for (const auto& r : rows)
            if (r.value("ptr", r.value("name", "")).rfind("/" + k, 0) == 0) found = true;
        CHECK((found || k == "$schema"));
        INFO(k);
    }
    CHECK(by_name.count("/id") == 0);
    CHECK(by_name.count("/number") == 0);
    // enums are selects with Vietnamese labels; org.json ids are selects in groups
    CHECK(by_name.at("/type")["widget"] == "select");
    CHECK(by_name.at("/urgency")["groups"][0]["options"][1]["label"] == "Khẩn");
    CHECK(by_name.at("/signer/id")["widget"] == "select");
    CHECK(by_name.at("/signer/id")["groups"].size() >= 2);
    CHECK(by_name.at("/date")["widget"] == "date-vn");
    CHECK(by_name.at("/date")["value"] == "21/04/2023");
    CHECK(by_name.at("/body/0/@kind")["widget"] == "kind");
    // arrays are repeatable groups with a template to add an item
    int templates = 0;
    for (const auto& r : rows) templates += r["t"] == "tpl";
    CHECK(templates >= 6);
}

TEST_CASE("letter form: a new schema field appears without page code", "[web]") {
    Json schema = read_json(kSource / "schemas/letter.schema.json");
    schema["properties"]["so_trang"] = {{"title", "Số trang"}, {"type", "integer"}};
    schema["$defs"]["block"]["properties"]["ghi_chu"] = {{"title", "Ghi chú"}, {"type", "string"}};
    schema["$defs"]["block"]["oneOf"].push_back({{"required", Json::array({"ghi_chu"})}});
    const SchemaForm form(schema, letter_form_hooks({}));
    const Json letter = {{"type", "cong-van"},
                         {"so_trang", 3},
                         {"body", Json::array({{{"ghi_chu", "một ghi chú"}}})}};
    const Json rows = form.rows(letter);
    bool page = false, note = false;
    for (const auto& r : rows) {
        page = page || (r.value("name", "") == "/so_trang" && r["label"] == "Số trang");
        note = note || (r.value("name", "") == "/body/0/ghi_chu" && r["value"] == "một ghi chú");
    }
    CHECK(page);
    CHECK(note);
    const Json back = form.read(submit(rows), Json::object());
    CHECK(back["so_trang"] == 3);
    CHECK(back["body"][0]["ghi_chu"] == "một ghi chú");
}

TEST_CASE("letter form: validator pointers go to the row of their field", "[web]") {
    const Json letter = read_json(kSource / "samples/letters/ubnd-ke-hoach-cchc-2025.json");
    const Json rows = letter_form().rows(letter, "", "");
    CHECK(SchemaForm::error_row(rows, "/trich_yeu") == "f-trich_yeu");
    CHECK(SchemaForm::error_row(rows, "/body/2/khoan") == "f-body-2-khoan");
    CHECK(SchemaForm::error_row(rows, "/body/1") == "f-body-1-i");
    CHECK(SchemaForm::error_row(rows, "/body/2/children/0/p") == "f-body-2-children-0-p");
    CHECK(SchemaForm::error_row(rows, "/signer") == "f-signer");
    CHECK(SchemaForm::error_row(rows, "/signer/id") == "f-signer-id");
    CHECK(SchemaForm::error_row(rows, "/kinh_gui") == "f-kinh_gui");
    CHECK(SchemaForm::error_row(rows, "/drafter/copies") == "f-drafter-copies");
    CHECK(SchemaForm::error_row(rows, "/number") == "");
    CHECK(SchemaForm::error_row(rows, "") == "");
    // a table cell of a khoản's child
    Json l2 = letter;
    l2["body"] = Json::array(
        {{{"khoan", "K"},
          {"children",
           Json::array(
               {{{"table",
                  {{"columns", {"A", "B"}},
                   {"rows", Json::array({Json::array({"x", 1}), Json::array({"y"})})}}}}})}}});
    const Json r2 = letter_form().rows(l2, "/body/0/children/0/table/rows/1", "thiếu ô");
    CHECK(SchemaForm::error_row(r2, "/body/0/children/0/table/rows/1/5") ==
          "f-body-0-children-0-table-rows-1");
    int shown = 0;
    for (const auto& r : r2)
        if (r.contains("error") && r["error"] == "thiếu ô") {
            CHECK(r["id"] == "f-body-0-children-0-table-rows-1");
            ++shown;
        }
    CHECK(shown == 1);
    // pointers of the checker (letter_service) for errors the schema form shows
    CHECK(field_of_pointer("/appendices/0/body/2") == "appendix1");
}

TEST_CASE("letter form: add and remove without JavaScript; kinds; NFC; Vietnamese date", "[web]") {
    const Json letter = read_json(kSource / "samples/letters/syt-cong-van-khan-2024.json");
    FormFields f = submit(letter_form().rows(letter, "", ""));
    const std::size_t blocks = letter["body"].size();

    FormFields add = f;
    add["_add"] = "/body";
    Json a = letter_form().read(add, letter);
    REQUIRE(a["body"].size() == blocks + 1);
    CHECK(a["body"].back() == Json{{"p", ""}});

    FormFields rm = f;
    rm["_remove"] = "/kinh_gui/0";
    Json r = letter_form().read(rm, letter);
    CHECK(r["kinh_gui"].size() == letter["kinh_gui"].size() - 1);

    // a gap in the indices (an item removed in the page) and a high index (added by web.js)
    FormFields g = f;
    g.erase("/body/0/p");
    g.erase("/body/0/@kind");
    g["/body/1733/@kind"] = "dash";
    g["/body/1733/dash"] = "mới";
    Json gj = letter_form().read(g, letter);
    CHECK(gj["body"].size() == blocks);
    CHECK(gj["body"].back() == Json{{"dash", "mới"}});

    // the kind changed in the page: the text follows; to a table: an empty table
    FormFields k = f;
    k["/body/0/@kind"] = "khoan";
    CHECK(letter_form().read(k, letter)["body"][0]["khoan"] == letter["body"][0]["p"]);
    k["/body/0/@kind"] = "table";
    CHECK(letter_form().read(k, letter)["body"][0]["table"]["columns"] == Json::array({""}));

    // a table row added without JavaScript has as many cells as the table has columns
    Json t = letter;
    t["body"] = Json::array({{{"table", {{"columns", {"A", "B", "C"}}, {"rows", Json::array()}}}}});
    FormFields tf = submit(letter_form().rows(t, "", ""));
    tf["_add"] = "/body/0/table/rows";
    CHECK(letter_form().read(tf, t)["body"][0]["table"]["rows"][0] == Json::array({"", "", ""}));

    // NFC: a decomposed "Kế hoạch" (e + circumflex + acute) comes back precomposed; a newline
    // typed in a text area becomes a space (the schema allows no control characters)
    FormFields n = f;
    n["/trich_yeu"] = "K\x65\xcc\x82\xcc\x81 hoa\xcc\xa3\x63h\r\nna\xcc\x86m 2024";
    CHECK(letter_form().read(n, letter)["trich_yeu"] == "Kế hoạch năm 2024");

    // the date: dd/mm/yyyy in the page, YYYY-MM-DD in the JSON
    FormFields d = f;
    d["/date"] = "2/8/2024";
    CHECK(letter_form().read(d, letter)["date"] == "2024-08-02");
    d["/date"] = "2025";
    CHECK(letter_form().read(d, letter)["date"] == "2025");
    d["/date"] = "08-02-2024";
    const Json bad = letter_form().read(d, letter);
    CHECK(bad["date"] == "08-02-2024");  // kept as typed: the checker names the field
    const Json rows = letter_form().rows(bad, "/date", "sai mẫu");
    for (const auto& row : rows)
        if (row.value("name", "") == "/date") {
            CHECK(row["value"] == "08-02-2024");
            CHECK(row["error"].get<std::string>().find("ngày/tháng/năm (dd/mm/yyyy)") !=
                  std::string::npos);
        }
    CHECK(date_from_vn("31/12/2024") == "2024-12-31");
    CHECK(date_from_vn("12/2024") == "");
    CHECK(date_to_vn("2024-08-02") == "02/08/2024");

    // a crafted pointer in an action changes nothing
    FormFields bad_action = f;
    bad_action["_remove"] = "/body/~9x";
    bad_action["_add"] = "/không-có";
    CHECK(plain(letter_form().read(bad_action, kept_only(letter))) == plain(letter));
}
