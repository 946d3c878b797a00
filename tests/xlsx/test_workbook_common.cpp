// Workbook: deterministic bytes, atomic output (nothing left behind on failure or without
// close()), document properties in docProps/core.xml; text_width and ColumnWidths.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../common/paused_child.hpp"
#include "../common/temp_dir.hpp"
#include "pdf/atomic_file.hpp"
#include "xlsx/workbook_common.hpp"

namespace fs = std::filesystem;
using vanban::test::TempDir;
using vanban::xlsx::ColumnWidths;
using vanban::xlsx::DocumentProperties;
using vanban::xlsx::text_width;
using vanban::xlsx::Workbook;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

DocumentProperties props() {
    DocumentProperties p;
    p.title = "Bảng điểm quý II/2024";
    p.author = "Sở Nội vụ";
    p.company = "Tỉnh Đồng Nai";
    p.created = "2024-07-05";
    return p;
}

void write_sample(const fs::path& out, bool constant_memory) {
    Workbook wb(out, props(), {constant_memory});
    lxw_worksheet* ws = wb.add_worksheet("Xếp hạng");
    ColumnWidths widths(2);
    for (int r = 0; r < 50; ++r) {
        std::string name = "Ủy ban nhân dân xã " + std::to_string(r);
        worksheet_write_string(ws, static_cast<lxw_row_t>(r), 0, name.c_str(), nullptr);
        worksheet_write_number(ws, static_cast<lxw_row_t>(r), 1, r * 1.5, nullptr);
        widths.text(0, name);
    }
    widths.apply(ws);
    wb.close();
}

}  // namespace

TEST_CASE("the same workbook written twice, seconds apart, has the same bytes") {
    TempDir dir("vanban-xlsx");
    write_sample(dir.path / "a.xlsx", false);
    write_sample(dir.path / "c.xlsx", true);
    // Zip entries and core.xml carry seconds (DOS time: two-second steps): cross a boundary.
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    write_sample(dir.path / "b.xlsx", false);
    write_sample(dir.path / "d.xlsx", true);
    std::string a = slurp(dir.path / "a.xlsx"), b = slurp(dir.path / "b.xlsx");
    std::string c = slurp(dir.path / "c.xlsx"), d = slurp(dir.path / "d.xlsx");
    REQUIRE(a.size() > 1000);
    REQUIRE(c.size() > 1000);
    CHECK(a == b);
    CHECK(c == d);
    CHECK(dir.entries() == 4);  // no temporary file left
}

TEST_CASE("a workbook destroyed without close() leaves nothing") {
    TempDir dir("vanban-xlsx");
    {
        Workbook wb(dir.path / "x.xlsx", props());
        wb.add_worksheet("A");
        CHECK(dir.entries() == 1);  // the reserved temporary name
    }
    CHECK(dir.entries() == 0);
}

TEST_CASE("an existing output is replaced only by a complete workbook") {
    TempDir dir("vanban-xlsx");
    fs::path out = dir.path / "x.xlsx";
    std::ofstream(out) << "old";
    {
        Workbook wb(out, props());
        wb.add_worksheet("A");
    }
    CHECK(slurp(out) == "old");
    write_sample(out, false);
    CHECK(slurp(out).substr(0, 2) == "PK");
    CHECK(dir.entries() == 1);
}

TEST_CASE("errors are Vietnamese and name the output") {
    TempDir dir("vanban-xlsx");
    fs::path missing = dir.path / "khong-co" / "x.xlsx";
    try {
        Workbook wb(missing, props());
        FAIL("no error for a missing folder");
    } catch (const std::runtime_error& e) {
        std::string m = e.what();
        CHECK(m.find("Không ghi được tệp") != std::string::npos);
        CHECK(m.find(missing.string()) != std::string::npos);
    }
    DocumentProperties bad = props();
    bad.created = "2024-02-30";
    CHECK_THROWS_WITH(Workbook(dir.path / "y.xlsx", bad),
                      Catch::Contains("y.xlsx") && Catch::Contains("2024-02-30"));
    bad.created = "";
    CHECK_THROWS_WITH(Workbook(dir.path / "y.xlsx", bad), Catch::Contains("ngày lập"));
    Workbook wb(dir.path / "z.xlsx", props());
    wb.add_worksheet("A");
    CHECK_THROWS_WITH(wb.add_worksheet("A"), Catch::Contains("z.xlsx") && Catch::Contains("trùng"));
    CHECK_THROWS_WITH(wb.add_worksheet("a/b"), Catch::Contains("không được phép"));
    CHECK(dir.entries() == 1);
}

TEST_CASE("a workbook's temporary file carries the pid and a killed writer's is removed") {
    TempDir dir("vanban-xlsx");
    {
        Workbook wb(dir.path / "x.xlsx", props());
        const std::string name = fs::directory_iterator(dir.path)->path().filename().string();
        CHECK(name.rfind(".x.xlsx." + std::to_string(::getpid()) + ".tmp", 0) == 0);
        CHECK(vanban::pdf::temporary_owner(name) == ::getpid());
    }
    // A child killed with SIGKILL while it writes rows (constant memory: libxlsxwriter's own
    // row files are open in the folder too) leaves only the reserved name, which the next
    // workbook written into the folder by another process (this one: it has not written into
    // that folder yet) removes.
    const fs::path sub = dir.path / "ngat";
    fs::create_directory(sub);
    vanban::test::PausedChild child([&] {
        // Never destroyed: the child dies with the workbook open.
        auto* wb = new Workbook(sub / "bi-ngat.xlsx", props(), {true});
        lxw_worksheet* ws = wb->add_worksheet("A");
        for (int r = 0; r < 2000; ++r) worksheet_write_number(ws, r, 0, r, nullptr);
    });
    child.kill();
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(sub)) left.push_back(e.path().filename());
    REQUIRE(left.size() == 1);
    CHECK(vanban::pdf::temporary_owner(left[0]) == child.pid());
    write_sample(sub / "bi-ngat.xlsx", true);
    left.clear();
    for (const auto& e : fs::directory_iterator(sub)) left.push_back(e.path().filename());
    CHECK(left == std::vector<std::string>{"bi-ngat.xlsx"});
}

TEST_CASE("text widths grow with the text, its capitals and its font size") {
    CHECK(text_width("") == Approx(1.5));
    CHECK(text_width("0000000000") == Approx(11.5));
    // Marks do not widen a letter: the NFC text weighs as its base letters.
    CHECK(text_width("Ủy ban nhân dân") == Approx(text_width("Uy ban nhan dan")));
    CHECK(text_width("ỦY BAN") > text_width("ủy ban"));
    CHECK(text_width("abc", 14) > text_width("abc", 11));
    CHECK(text_width("abc", 11, true) > text_width("abc", 11));
    CHECK(text_width("dài\nngắn hơn nhiều") == Approx(text_width("ngắn hơn nhiều")));
    ColumnWidths w(1, 5, 20);
    w.text(0, "ab");
    CHECK(w.width(0) == Approx(5));  // the minimum until something wider is written
    w.text(0, "một tên đơn vị khá dài");
    CHECK(w.width(0) == Approx(text_width("một tên đơn vị khá dài")));
    w.text(3, "x");  // grows to new columns
    CHECK(w.width(2) == Approx(5));
}
