// Unit tests of the batch library's pure parts: the job file's checks (messages name the JSON
// pointer), the body-line format of the letter templates, folder names, the manifest.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "batch/job.hpp"
#include "batch/letter_text.hpp"
#include "batch/manifest.hpp"
#include "batch/runner.hpp"
#include "model/json_source.hpp"

using namespace vanban;
namespace fs = std::filesystem;
using J = nlohmann::ordered_json;

namespace {

const char* kGood = R"({
  "id": "t", "year": 2024, "org": "org.json", "targets": ["d"], "data": ["d"],
  "periods": [{"period": "2024-Q1", "date": "2024-04-15"}, {"period": "2024", "date": "2025-01-20"}],
  "result_letters": {"agency": "snv", "signer": "x"},
  "notice": {"agency": "ubnd", "signer": "y", "kinh_gui": ["A"], "periods": ["2024"]}
})";

batch::Job parse(const std::string& text) {
    return batch::parse_job(model::JsonDocument::parse("job.json", text), "/base");
}

std::string error_of(const std::string& text) {
    try {
        parse(text);
    } catch (const model::InputError& e) {
        return e.what();
    }
    return "";
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a job resolves paths against its folder and defaults the letter periods", "[job]") {
    const batch::Job j = parse(kGood);
    CHECK(j.id == "t");
    CHECK(j.org == "/base/org.json");
    CHECK(j.data == std::vector<std::string>{"/base/d"});
    REQUIRE(j.periods.size() == 2);
    CHECK(j.periods[1].period.code() == "2024");
    // Result letters default to the quarters and the year that the job lists.
    CHECK(j.letters.periods == std::vector<std::string>{"2024-Q1", "2024"});
    CHECK(j.notice.periods == std::vector<std::string>{"2024"});
    CHECK(j.letters.luu == "VT");
    CHECK(j.scorecards);
    CHECK(j.registry.empty());
}

TEST_CASE("job errors name the JSON pointer and what was expected", "[job]") {
    CHECK_THAT(error_of(replace(kGood, "\"2024-Q1\", \"date\"", "\"2024-Q5\", \"date\"")),
               Catch::Contains("/periods/0/period") && Catch::Contains("2024-Q5"));
    CHECK_THAT(error_of(replace(kGood, "\"2024-Q1\", \"date\"", "\"2023-Q1\", \"date\"")),
               Catch::Contains("không thuộc năm 2024"));
    CHECK_THAT(error_of(replace(kGood, "2024-04-15", "2024-02-30")),
               Catch::Contains("/periods/0/date"));
    CHECK_THAT(error_of(replace(kGood, "\"periods\": [\"2024\"]", "\"periods\": [\"2024-Q3\"]")),
               Catch::Contains("/notice/periods/0") && Catch::Contains("2024-Q3"));
    CHECK_THAT(error_of(replace(kGood, "\"id\": \"t\"", "\"id\": \"t\", \"colour\": 1")),
               Catch::Contains("/colour"));
    CHECK_THAT(error_of(replace(kGood, "\"kinh_gui\": [\"A\"], ", "")),
               Catch::Contains("/notice") && Catch::Contains("kinh_gui"));
    CHECK_THAT(error_of(replace(kGood, "\"id\": \"t\"", "\"id\": \"a/b\"")),
               Catch::Contains("/id"));
    CHECK_THAT(error_of(replace(kGood, "{\"period\": \"2024\", \"date\": \"2025-01-20\"}",
                                "{\"period\": \"2024-Q1\", \"date\": \"2025-01-20\"}")),
               Catch::Contains("/periods/1/period") && Catch::Contains("lặp lại"));
}

TEST_CASE("body lines become letter blocks, indented lines are children of a khoản",
          "[letter_text]") {
    J letter;
    const J table = {{"columns", {"A"}}, {"rows", {{"1"}}}};
    batch::apply_body_lines(
        "trich_yeu: V/v thử\n\nkinh_gui: Ông A\np: Mở đầu <b>&\n"
        "khoan: Một\n  p: con\n  bang\n  diem: điểm a\n"
        "khoan: Hai\n  dash: gạch\np: Kết./.\n",
        "t.txt", table, letter);
    CHECK(letter["trich_yeu"] == "V/v thử");
    CHECK(letter["kinh_gui"] == J::array({"Ông A"}));
    const J& b = letter["body"];
    REQUIRE(b.size() == 4);
    CHECK(b[0]["p"] == "Mở đầu <b>&");  // data is kept as text; the letter pipeline escapes it
    CHECK(b[1]["khoan"] == "Một");
    REQUIRE(b[1]["children"].size() == 3);
    CHECK(b[1]["children"][1]["table"] == table);
    CHECK(b[1]["children"][2]["diem"] == "điểm a");
    CHECK(b[2]["children"][0]["dash"] == "gạch");
    CHECK(b[3]["p"] == "Kết./.");
}

TEST_CASE("body lines that do not fit the format name the template and the line", "[letter_text]") {
    J letter;
    auto err = [&](const std::string& text) {
        try {
            batch::apply_body_lines(text, "mau.txt", J::object(), letter);
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK_THAT(err("p: a\nxyz: b\n"), Catch::Contains("mau.txt: dòng 2") && Catch::Contains("xyz"));
    CHECK_THAT(err("  p: orphan\n"), Catch::Contains("dòng 1") && Catch::Contains("khoan"));
    CHECK_THAT(err("diem: top\n"), Catch::Contains("điểm phải nằm trong một khoản"));
    CHECK_THAT(err("p:\n"), Catch::Contains("không có nội dung"));
}

TEST_CASE("period folders are readable names", "[runner]") {
    CHECK(batch::period_folder(*model::Period::parse("2024-Q2")) == "quy-II-2024");
    CHECK(batch::period_folder(*model::Period::parse("2024-6T")) == "6-thang-2024");
    CHECK(batch::period_folder(*model::Period::parse("2024-9T")) == "9-thang-2024");
    CHECK(batch::period_folder(*model::Period::parse("2024")) == "nam-2024");
}

TEST_CASE("document keys identify job, period, kind and unit", "[letter_text]") {
    batch::Job j;
    j.id = "dn";
    CHECK(batch::document_key(j, "2024-Q1", "cong-van", "syt") == "dn/2024-Q1/cong-van/syt");
    CHECK(batch::document_key(j, "2024", "thong-bao") == "dn/2024/thong-bao");
}

TEST_CASE("the manifest round-trips and ignores another job's or a damaged file", "[manifest]") {
    const fs::path dir =
        fs::temp_directory_path() / ("vanban-manifest-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string warning;
    {
        batch::Manifest m(dir, "job-a", "1/1", warning);
        CHECK(warning.empty());
        batch::ManifestEntry e;
        e.kind = "cong-van";
        e.period = "2024-Q1";
        e.unit = "syt";
        e.key = "job-a/2024-Q1/cong-van/syt";
        e.so_ky_hieu = "01/SNV-TT";
        e.input_hash = "abc";
        e.file_hash = "def";
        e.ok = true;
        m.record("quy-I-2024/cong-van/syt-so-01.pdf", e);
        batch::ManifestEntry f;
        f.kind = "bang-diem";
        f.error = "lỗi ghi";
        m.record("x.xlsx", f);
        m.save();
    }
    {
        batch::Manifest m(dir, "job-a", "1/1", warning);
        CHECK(warning.empty());
        auto e = m.find("quy-I-2024/cong-van/syt-so-01.pdf");
        REQUIRE(e);
        CHECK(e->ok);
        CHECK(e->so_ky_hieu == "01/SNV-TT");
        CHECK(e->file_hash == "def");
        auto f = m.find("x.xlsx");
        REQUIRE(f);
        CHECK_FALSE(f->ok);
        CHECK(f->error == "lỗi ghi");
    }
    {
        batch::Manifest m(dir, "job-b", "1/1", warning);
        CHECK_THAT(warning, Catch::Contains("job-a"));
        CHECK(m.size() == 0);
    }
    std::ofstream(dir / "manifest.json") << "{ not json";
    warning.clear();
    batch::Manifest m(dir, "job-a", "1/1", warning);
    CHECK_THAT(warning, Catch::Contains("manifest.json"));
    CHECK(m.size() == 0);
    fs::remove_all(dir);
}
