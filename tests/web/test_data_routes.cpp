// The figures as the web takes them: a JSON upload reports every problem (not only the first,
// as the loader does) with its pointer, line, unit and indicator; a good one comes back
// unchanged and is what the model's loader accepts; the pages order problems by unit and never
// show a temporary path; the periods offered are those the stored quarters make up.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "intake/json_import.hpp"
#include "model/indicator_data.hpp"
#include "model/method.hpp"
#include "model/org.hpp"
#include "pdf/atomic_file.hpp"
#include "pdf/finish.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "web/app.hpp"
#include "web/data_pages.hpp"
#include "web/score_data.hpp"

using namespace vanban;
namespace fs = std::filesystem;
using J = nlohmann::ordered_json;

namespace {

const std::string kSamples = std::string(VANBAN_SOURCE_DIR) + "/samples/dong-nai/";

struct Inputs {
    model::Organisation org = model::load_organisation(kSamples + "org.json");
    model::Method method = model::load_method(kSamples + "chi-tieu-2024.json");
    std::string q3 = pdf::read_file(kSamples + "du-lieu-2024-Q3.json");
};

const Inputs& inputs() {
    static const Inputs in;
    return in;
}

}  // namespace

TEST_CASE("data upload: a good JSON quarter comes back unchanged, as the loader reads it",
          "[web]") {
    const auto& in = inputs();
    auto r = intake::import_json("q3.json", in.q3, in.org, in.method, {2024, 3}, {});
    REQUIRE(r.ok());
    CHECK(r.json == in.q3);
    CHECK(r.units == in.org.units.size());
    CHECK(r.issues.all().empty());
}

TEST_CASE("data upload: every error of a JSON quarter, each with pointer, line, unit, indicator",
          "[web]") {
    const auto& in = inputs();
    J doc = J::parse(in.q3);
    // Three independent errors in three units; the loader alone would stop at the first.
    doc["units"][0]["counts"]["on_time"]["numerator"] = 5000;  // above its denominator
    doc["units"][5]["counts"]["satisfaction"]["denominator"] = -3;
    doc["units"][9]["counts"].erase("online_filing");
    doc["units"][12]["unit"] = "khong-co";
    const std::string bad_unit0 = doc["units"][0]["unit"];
    const std::string unit5 = doc["units"][5]["unit"];
    const std::string unit9 = doc["units"][9]["unit"];
    auto r = intake::import_json("sai.json", doc.dump(1), in.org, in.method, {2024, 3}, {});
    CHECK_FALSE(r.ok());
    CHECK(r.json.empty());
    auto find = [&](const std::string& unit, const std::string& ind) -> const intake::Issue* {
        for (const auto& i : r.issues.all())
            if (i.unit == unit && i.indicator == ind) return &i;
        return nullptr;
    };
    const auto* a = find(bad_unit0, "on_time");
    REQUIRE(a);
    CHECK(a->where.rfind("/units/0/counts/on_time/numerator (dòng ", 0) == 0);
    CHECK(a->message.find("lớn hơn mẫu số") != std::string::npos);
    const auto* b = find(unit5, "satisfaction");
    REQUIRE(b);
    CHECK(b->where.rfind("/units/5/counts/satisfaction/denominator", 0) == 0);
    CHECK(b->message.find("-3") != std::string::npos);
    const auto* c = find(unit9, "online_filing");
    REQUIRE(c);
    CHECK(c->message.find("thiếu số liệu chỉ tiêu") != std::string::npos);
    // The unknown unit is an error at its pointer, and the unit it replaced is then missing.
    bool unknown = false, missing = false;
    for (const auto& i : r.issues.all()) {
        if (i.where.rfind("/units/12/unit", 0) == 0 && i.unit.empty()) unknown = true;
        if (i.message.find("thiếu số liệu của đơn vị") != std::string::npos) missing = true;
    }
    CHECK(unknown);
    CHECK(missing);
    // The loader itself agrees that the file is bad (it stops at its first problem).
    CHECK_THROWS_AS(
        model::parse_quarter_data(model::JsonDocument::parse("du-lieu-2024-Q3.json", doc.dump(1)),
                                  in.org, in.method),
        model::InputError);
}

TEST_CASE("data upload: syntax errors and a period that is not the chosen one", "[web]") {
    const auto& in = inputs();
    auto r = intake::import_json("x.json", "{\"period\": \"2024-Q3\",\n \"units\": [}", in.org,
                                 in.method, {2024, 3}, {});
    REQUIRE(r.issues.errors() == 1);
    CHECK(r.issues.all()[0].where.find("dòng 2") != std::string::npos);
    auto p = intake::import_json("x.json", in.q3, in.org, in.method, {2024, 2}, {});
    CHECK_FALSE(p.ok());
    CHECK(p.issues.all()[0].where.rfind("/period", 0) == 0);
    CHECK(p.issues.all()[0].message.find("2024-Q2") != std::string::npos);
}

TEST_CASE("data pages: problems by unit in org order, names shown, temporary paths hidden",
          "[web]") {
    const auto& in = inputs();
    intake::Issues issues;
    const std::string tmp = "/srv/data/tmp/tai-len-0123.xlsx";
    issues.set_subject(in.org.units[3].id, "on_time");
    issues.error(tmp, "'Số liệu'!F9", "ô trống");
    issues.set_subject(in.org.units[1].id);
    issues.error(tmp, "'Số liệu'!B7", "đã có ở " + tmp + ": B5");
    issues.clear_subject();
    issues.warning(tmp, "", "chung");
    const J out = web::issues_json(issues, in.org, in.method, {{tmp, "so-lieu-quy-3.xlsx"}});
    REQUIRE(out.size() == 3);
    CHECK(out[0]["unit"] == "");
    CHECK(out[1]["unit"] == in.org.units[1].id);
    CHECK(out[1]["unit_name"] == in.org.units[1].name);
    CHECK(out[1]["message"] == "đã có ở so-lieu-quy-3.xlsx: B5");
    CHECK(out[2]["indicator_name"] == in.method.indicators[0].name);
    for (const auto& i : out) CHECK(i["file"] == "so-lieu-quy-3.xlsx");
}

TEST_CASE("data store: the periods the stored quarters make up, newest first", "[web]") {
    const fs::path dir =
        fs::temp_directory_path() / ("vanban-test-data-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    web::ServeOptions o;
    o.data_dir = dir;
    pdf::WkhtmlPool pool;  // periods() converts nothing; the store only holds the pool
    pdf::PageNumberStamps stamps(pool);
    web::ScoreData sd(o, pool, stamps);
    for (const char* f : {"du-lieu-2023-Q4.json", "du-lieu-2024-Q1.json", "du-lieu-2024-Q2.json",
                          "du-lieu-2024-Q3.json"})
        fs::copy_file(kSamples + f, sd.dir() / f);
    std::vector<std::string> codes;
    for (const auto& p : sd.periods()) codes.push_back(p.code());
    CHECK(codes == std::vector<std::string>{"2024-9T", "2024-Q3", "2024-6T", "2024-Q2", "2024-Q1",
                                            "2023-Q4"});
    // Pending uploads: only their owner takes them, once.
    web::PendingUpload p;
    p.user_id = 7;
    p.quarter = {2024, 3};
    p.source = "a.json";
    p.json = "{}";
    const std::string token = sd.put_pending(p);
    CHECK_FALSE(sd.take_pending(token, 8, true));
    CHECK_FALSE(sd.take_pending("../../etc/passwd", 7, true));
    auto got = sd.take_pending(token, 7, true);
    REQUIRE(got);
    CHECK(got->quarter == model::Quarter{2024, 3});
    CHECK_FALSE(sd.take_pending(token, 7, true));
    // replace() hands back the hash of what was there.
    const auto f = sd.quarter_file({2024, 3});
    CHECK(sd.replace(f.path, "{}") == f.hash);
    CHECK(sd.quarter_file({2024, 3}).hash != f.hash);
    fs::remove_all(dir);
}
