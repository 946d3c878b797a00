// Finishing: merging a letter with its Phụ lục, page numbers, document info, determinism.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>

#include "docs.hpp"
#include "pdf/atomic_file.hpp"
#include "pdf/finish.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "poppler.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace vanban::pdf;
using namespace vanban::pdf::test;

namespace {

// A document of `pages` pages, each page starting with "<label>-trang-<k>".
std::string pages_html(const std::string& label, int pages) {
    std::string body;
    for (int k = 1; k <= pages; ++k) {
        body += "<p style=\"margin:0;font-size:13pt" +
                std::string(k < pages ? ";page-break-after:always" : "") + "\">" + label +
                "-trang-" + std::to_string(k) + " Nội dung văn bản</p>";
    }
    return html_doc(body);
}

struct Letter {
    fs::path output;
    PageSetup portrait;
    PageSetup landscape;
};

// Letter of 3 pages, Phụ lục I of 2 pages (portrait), Phụ lục II of 2 pages (landscape).
Letter make_letter(const fs::path& dir, const std::string& name) {
    Letter l;
    l.landscape.orientation = Orientation::landscape;
    WkhtmlPool pool;  // its own wkhtmltopdf processes
    PageNumberStamps stamps(pool);
    pool.convert({pages_html("thu", 3), l.portrait, dir / (name + "-main.pdf"), "thư"});
    pool.convert({pages_html("pl1", 2), l.portrait, dir / (name + "-pl1.pdf"), "phụ lục I"});
    pool.convert({pages_html("pl2", 2), l.landscape, dir / (name + "-pl2.pdf"), "phụ lục II"});
    FinishJob job;
    job.parts = {{dir / (name + "-main.pdf"), l.portrait},
                 {dir / (name + "-pl1.pdf"), l.portrait},
                 {dir / (name + "-pl2.pdf"), l.landscape}};
    job.info = {"Về việc đẩy mạnh cải cách hành chính năm 2024", "Sở Y tế tỉnh Đồng Nai",
                "05/SYT-VP", "cải cách hành chính", "2024-02-05"};
    job.output = dir / (name + ".pdf");
    finish(job, stamps);
    l.output = job.output;
    return l;
}

}  // namespace

TEST_CASE("a letter with two Phụ lục is merged and numbered per part") {
    TempDir dir;
    Letter l = make_letter(dir.path, "a");
    REQUIRE(info(l.output, "Pages") == "7");

    // Words in the top margin of each page: only the page numbers are there.
    std::map<int, std::vector<Word>> top;
    std::map<int, std::string> first_body_word;
    for (const auto& w : words(l.output)) {
        if (w.y_max < 20 / kMmPerPt)
            top[w.page].push_back(w);
        else if (!first_body_word.count(w.page))
            first_body_word[w.page] = w.text;
    }
    // Pages stay in order: letter, Phụ lục I, Phụ lục II.
    CHECK(first_body_word[1] == "thu-trang-1");
    CHECK(first_body_word[3] == "thu-trang-3");
    CHECK(first_body_word[4] == "pl1-trang-1");
    CHECK(first_body_word[7] == "pl2-trang-2");

    const std::map<int, std::string> expected = {{1, ""},  {2, "2"}, {3, "3"}, {4, ""},
                                                 {5, "2"}, {6, ""},  {7, "2"}};
    for (auto [page, number] : expected) {
        INFO("page " << page);
        if (number.empty()) {
            CHECK(top[page].empty());
            continue;
        }
        REQUIRE(top[page].size() == 1);
        const Word& w = top[page][0];
        CHECK(w.text == number);
        // Centred on the text column (between the left and right margins).
        auto [pw, ph] = page_size(l.output, page);
        double centre_pt = (30 + (pw * kMmPerPt - 15)) / 2 / kMmPerPt;
        CHECK((w.x_min + w.x_max) / 2 == Approx(centre_pt).margin(0.3 / kMmPerPt));
        // Inside the 20 mm top margin, 13-14 pt (13 pt CSS comes out as 13.25 pt).
        CHECK(w.y_min > 2 / kMmPerPt);
        CHECK(w.y_max < 19 / kMmPerPt);
        CHECK(liberation_size_pt(w) == Approx(13.25).margin(0.15));
        CHECK(liberation_size_pt(w) >= 13.0);
        CHECK(liberation_size_pt(w) <= 14.0);
    }
    // The stamp must not hide the page under it: the body text is still visible (pixels).
    for (int page = 1; page <= 7; ++page) {
        INFO("page " << page);
        auto body = dark_box(l.output, page, 50, {25, 21, 150, 40});
        CHECK(body.x0 >= 0);
    }
    // The landscape Phụ lục keeps its orientation; its number is centred on its own column.
    CHECK(page_size(l.output, 6).first == Approx(842).margin(0.5));
    // The numbers are embedded Liberation Serif like everything else.
    CHECK(foreign_fonts(l.output).empty());
}

TEST_CASE("document information is what was set, Vietnamese included") {
    TempDir dir;
    Letter l = make_letter(dir.path, "m");
    CHECK(info(l.output, "Title") == "Về việc đẩy mạnh cải cách hành chính năm 2024");
    CHECK(info(l.output, "Author") == "Sở Y tế tỉnh Đồng Nai");
    CHECK(info(l.output, "Subject") == "05/SYT-VP");
    CHECK(info(l.output, "Keywords") == "cải cách hành chính");
    CHECK(info(l.output, "Creator") == "vanban");
    CHECK(info(l.output, "Producer") == "vanban");
    CHECK(info(l.output, "CreationDate") == "2024-02-05T00:00:00+07");
    CHECK(info(l.output, "ModDate") == "2024-02-05T00:00:00+07");
    CHECK(info(l.output, "Metadata Stream") == "no");  // no XMP to contradict the info
}

TEST_CASE("the same input gives a byte-identical PDF from separate wkhtmltopdf processes") {
    TempDir dir1;
    TempDir dir2;
    Letter a = make_letter(dir1.path, "same");
    Letter b = make_letter(dir2.path, "same");
    std::string bytes_a = read_file(a.output);
    std::string bytes_b = read_file(b.output);
    CHECK(bytes_a.size() > 1000);
    CHECK(bytes_a == bytes_b);
    // The file still carries an /ID (derived from the content, not random).
    CHECK(bytes_a.find("/ID") != std::string::npos);
}

TEST_CASE("finishing fails cleanly on a missing part") {
    TempDir dir;
    WkhtmlPool pool;
    PageNumberStamps stamps(pool);
    FinishJob job;
    job.parts = {{dir.path / "khong-co.pdf", {}}};
    job.info.date = "2024-02-05";
    job.output = dir.path / "out.pdf";
    REQUIRE_THROWS_WITH(finish(job, stamps), Catch::Contains("Không đọc được tệp PDF") &&
                                                 Catch::Contains("khong-co.pdf"));
    CHECK(fs::is_empty(dir.path));
}

TEST_CASE("a malformed date is refused before anything is written") {
    CHECK(pdf_date("2024-02-05") == "D:20240205000000+07'00'");
    CHECK_THROWS_WITH(pdf_date("05/02/2024"),
                      Catch::Contains("'05/02/2024'") && Catch::Contains("YYYY-MM-DD"));
}
