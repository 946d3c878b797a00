// Unit tests of the batch library's pure parts: the job file's checks (messages name the JSON
// pointer), the body-line format of the letter templates, folder names, the manifest, the
// pruning of outputs dropped from a job (it must never reach outside OUT_DIR).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "batch/job.hpp"
#include "batch/letter_text.hpp"
#include "batch/manifest.hpp"
#include "batch/prune.hpp"
#include "batch/runner.hpp"
#include "batch/summary.hpp"
#include "model/dataset.hpp"
#include "model/json_source.hpp"
#include "scoring/score.hpp"
#include "template/engine.hpp"

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
    CHECK(model::Period::parse("2024-Q2")->slug() == "quy-II-2024");
    CHECK(model::Period::parse("2024-6T")->slug() == "6-thang-2024");
    CHECK(model::Period::parse("2024-9T")->slug() == "9-thang-2024");
    CHECK(model::Period::parse("2024")->slug() == "nam-2024");
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

namespace {

// A scratch OUT_DIR (and a sibling folder outside it) for the pruning tests.
struct PruneDir {
    fs::path root = fs::temp_directory_path() / ("vanban-prune-" + std::to_string(getpid()));
    fs::path out = root / "out";
    fs::path outside = root / "outside";
    PruneDir() {
        fs::remove_all(root);
        fs::create_directories(out);
        fs::create_directories(outside);
    }
    ~PruneDir() { fs::remove_all(root); }
    // Writes a file and records it in the manifest as an output with its hash.
    void output(batch::Manifest& m, const std::string& rel, const std::string& so = "") {
        write(out / rel, "nội dung " + rel);
        batch::ManifestEntry e;
        e.kind = "cong-van";
        e.so_ky_hieu = so;
        e.ok = true;
        e.file_hash = batch::file_sha256(out / rel);
        m.record(rel, e);
    }
    static void write(const fs::path& p, const std::string& text) {
        fs::create_directories(p.parent_path());
        std::ofstream(p) << text;
    }
};

bool has_item(const std::vector<std::string>& v, const std::string& prefix) {
    for (const auto& s : v)
        if (s.starts_with(prefix)) return true;
    return false;
}

}  // namespace

TEST_CASE("dropped outputs are deleted with their entries, planned and user files stay",
          "[prune]") {
    PruneDir d;
    std::string warning;
    batch::Manifest m(d.out, "j", "1/1", warning);
    d.output(m, "quy-I-2024/cong-van/syt-so-01.pdf", "01/SNV-TT");
    d.output(m, "quy-II-2024/cong-van/syt-so-02.pdf", "02/SNV-TT");
    d.output(m, "quy-II-2024/xep-hang-quy-II-2024.pdf");
    PruneDir::write(d.out / "quy-I-2024/cong-van/ghi-chu.txt", "của người dùng");
    const auto r = batch::remove_dropped_outputs(m, {"quy-I-2024/cong-van/syt-so-01.pdf"}, d.out);
    CHECK(r.removed == std::vector<std::string>{"quy-II-2024/cong-van/syt-so-02.pdf (số 02/SNV-TT)",
                                                "quy-II-2024/xep-hang-quy-II-2024.pdf"});
    CHECK(r.kept.empty());
    CHECK(fs::exists(d.out / "quy-I-2024/cong-van/syt-so-01.pdf"));
    CHECK(fs::exists(d.out / "quy-I-2024/cong-van/ghi-chu.txt"));
    CHECK_FALSE(fs::exists(d.out / "quy-II-2024"));  // emptied folders go, OUT_DIR stays
    CHECK(fs::is_directory(d.out));
    CHECK(m.size() == 1);
    CHECK_FALSE(m.find("quy-II-2024/xep-hang-quy-II-2024.pdf"));
}

TEST_CASE("pruning never leaves OUT_DIR nor deletes a changed file", "[prune]") {
    PruneDir d;
    std::string warning;
    batch::Manifest m(d.out, "j", "1/1", warning);
    // A hand-edited manifest naming files outside OUT_DIR, with their right hashes.
    PruneDir::write(d.outside / "a.pdf", "ngoài");
    batch::ManifestEntry e;
    e.ok = true;
    e.file_hash = batch::file_sha256(d.outside / "a.pdf");
    m.record("../outside/a.pdf", e);
    m.record((d.outside / "a.pdf").string(), e);
    m.record("x/../../outside/a.pdf", e);
    // A folder of OUT_DIR replaced by a symbolic link to a folder outside.
    fs::create_directory_symlink(d.outside, d.out / "lien-ket");
    m.record("lien-ket/a.pdf", e);
    // An output changed since it was made, and one already gone.
    d.output(m, "nam-2024/bang-diem-nam-2024.xlsx");
    PruneDir::write(d.out / "nam-2024/bang-diem-nam-2024.xlsx", "sửa tay");
    d.output(m, "nam-2024/mat.pdf");
    fs::remove(d.out / "nam-2024/mat.pdf");
    // A document whose last making failed: whatever file is there is not vanban's to delete.
    PruneDir::write(d.out / "nam-2024/loi.pdf", "cũ");
    batch::ManifestEntry failed;
    failed.error = "lỗi";
    m.record("nam-2024/loi.pdf", failed);
    const auto r = batch::remove_dropped_outputs(m, {}, d.out);
    CHECK(r.removed.empty());
    CHECK(fs::exists(d.out / "nam-2024/loi.pdf"));
    CHECK(has_item(r.kept, "nam-2024/loi.pdf: lần chạy trước không tạo được"));
    CHECK(fs::exists(d.outside / "a.pdf"));
    CHECK(fs::exists(d.out / "nam-2024/bang-diem-nam-2024.xlsx"));
    CHECK(has_item(r.kept, "../outside/a.pdf: "));
    CHECK(has_item(r.kept, "x/../../outside/a.pdf: "));
    CHECK(has_item(r.kept, "lien-ket/a.pdf: "));
    CHECK(has_item(r.kept, "nam-2024/bang-diem-nam-2024.xlsx: tệp đã khác"));
    CHECK_FALSE(has_item(r.kept, "nam-2024/mat.pdf"));  // nothing to say: already gone
    CHECK(m.size() == 0);                               // every dropped entry is forgotten
}

TEST_CASE("a commune's letter gets its rank within its district; one without a district does not",
          "[letter_text]") {
    model::Dataset ds;
    auto unit = [](std::string id, std::string name, model::Level l, int district) {
        model::Unit u;
        u.id = std::move(id);
        u.name = std::move(name);
        u.level = l;
        u.district_index = district;
        if (district >= 0) u.district = "bien-hoa";
        return u;
    };
    ds.org.units = {unit("bien-hoa", "Thành phố Biên Hòa", model::Level::huyen, -1),
                    unit("an-binh", "Phường An Bình", model::Level::xa, 0),
                    unit("tan-mai", "Phường Tân Mai", model::Level::xa, 0),
                    unit("chua-xep", "Phường Chưa Xếp", model::Level::xa, 0),
                    unit("le", "Xã Lẻ", model::Level::xa, -1)};
    model::Method method;
    method.year = 2024;
    scoring::ScoreTable table;
    table.period = *model::Period::parse("2024-Q1");
    table.previous_period = *model::Period::parse("2023-Q4");
    table.method = &method;
    auto row = [](int u, model::Level l, bool total, int rank, int in_district) {
        scoring::UnitScore r;
        r.unit = u;
        r.level = l;
        r.has_total = total;
        r.rank = rank;
        r.rank_in_district = in_district;
        return r;
    };
    // Tân Mai first in the district, An Bình second; Chưa Xếp has no total (not counted).
    table.rows = {row(0, model::Level::huyen, true, 1, 0), row(2, model::Level::xa, true, 1, 1),
                  row(1, model::Level::xa, true, 2, 2), row(4, model::Level::xa, true, 3, 0),
                  row(3, model::Level::xa, false, 0, 0)};
    tpl::Environment env;
    const auto body = env.from_string(
        "p: {% if unit.has_district_rank %}{{ unit.rank_in_district }}/{{ "
        "unit.ranked_in_district }} trong {{ unit.district }}{% else %}không có hạng trong "
        "huyện{% endif %}\n",
        "t.txt");
    batch::Job job;
    job.id = "j";
    job.letters.agency = "snv";
    job.letters.signer = "x";
    const batch::JobPeriod jp{table.period, "2024-04-15"};
    auto text = [&](std::size_t row_index) {
        const J l =
            J::parse(batch::result_letter_json(*body, job, jp, ds, table, table.rows[row_index]));
        return l["body"][0]["p"].get<std::string>();
    };
    CHECK(text(2) == "2/2 trong thành phố Biên Hòa");
    CHECK(text(1) == "1/2 trong thành phố Biên Hòa");
    CHECK(text(3) == "không có hạng trong huyện");  // a commune without a district
    CHECK(text(4) == "không có hạng trong huyện");  // no total: no rank at all
    CHECK(text(0) == "không có hạng trong huyện");  // a district itself
}

TEST_CASE("units absent from a quarter's file are a warning of the summary", "[summary]") {
    const std::string s = VANBAN_SAMPLES;
    const auto ds = model::load_dataset(s + "/org.json", {s}, {s}, *model::Period::parse("2023"));
    const auto table = scoring::score_dataset(ds);
    const std::string w = batch::missing_data_warning(ds, table);
    CHECK(w ==
          "năm 2023: chưa có số liệu (chưa báo cáo) của 1 đơn vị, không chấm điểm, không xếp "
          "hạng: Xã Đại Phước (Huyện Nhơn Trạch): quý IV/2023");
    const auto ds24 =
        model::load_dataset(s + "/org.json", {s}, {s}, *model::Period::parse("2024-Q1"));
    CHECK(batch::missing_data_warning(ds24, scoring::score_dataset(ds24)).empty());

    batch::Summary sum;
    sum.warnings.push_back(w);
    std::ostringstream out;
    batch::print_summary(sum, out);
    CHECK(out.str().find("  Cảnh báo: " + w + "\n") != std::string::npos);

    // Its result letter says chưa có số liệu and asks for the figures, never "đạt tất cả".
    const std::string templates = VANBAN_TEMPLATES;
    tpl::Environment env;
    env.add_search_path(templates + "/batch");
    const auto body = env.load("ket-qua-don-vi.txt");
    batch::Job job;
    job.id = "j";
    job.letters.agency = "snv";
    job.letters.signer = "x";
    const batch::JobPeriod jp{table.period, "2024-01-20"};
    for (const auto& r : table.rows) {
        if (!r.missing_data()) continue;
        const std::string l = batch::result_letter_json(*body, job, jp, ds, table, r);
        CHECK(l.find("chưa báo cáo số liệu quý IV/2023") != std::string::npos);
        CHECK(l.find("Báo cáo đầy đủ số liệu quý IV/2023") != std::string::npos);
        CHECK(l.find("Chưa có số liệu") != std::string::npos);
        CHECK(l.find("đạt tất cả") == std::string::npos);
        CHECK(l.find("KPS") == std::string::npos);
    }
}
