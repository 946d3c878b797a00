// Calibration: CSS millimetres and points come out true in the PDF (read back with poppler).
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "docs.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "poppler.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace vanban::pdf;
using namespace vanban::pdf::test;

namespace {

std::string box(double left, double top, double w, double h) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "<div style=\"position:absolute;left:%gmm;top:%gmm;width:%gmm;height:%gmm;"
                  "background:#000\"></div>",
                  left, top, w, h);
    return buf;
}

std::string text_at(double left, double top, const std::string& size, const std::string& word) {
    return "<p style=\"position:absolute;margin:0;white-space:nowrap;left:" + std::to_string(left) +
           "mm;top:" + std::to_string(top) + "mm;font-size:" + size + "\">" + word + "</p>";
}

const Word* find_word(const std::vector<Word>& ws, const std::string& text) {
    for (const auto& w : ws)
        if (w.text == text) return &w;
    return nullptr;
}

}  // namespace

TEST_CASE("boxes placed in CSS mm land at those mm on the page") {
    TempDir dir;
    WkhtmlPool pool;
    // Decree margins at both ends of their ranges.
    PageSetup narrow;  // top 20, right 15, bottom 20, left 30
    PageSetup wide;
    wide.margins = {25, 20, 25, 35};
    for (const PageSetup& page : {narrow, wide}) {
        const Margins& m = page.margins;
        INFO("margins " << m.top_mm << "/" << m.right_mm << "/" << m.bottom_mm << "/" << m.left_mm);
        const double cw = page.usable_width_mm(), ch = page.usable_height_mm();
        fs::path out = dir.path / ("cal-" + std::to_string(int(m.left_mm)) + ".pdf");
        // A big box, and a small one in the usable box's bottom right corner (which must
        // neither shrink the page nor spill onto a second one).
        pool.convert({html_doc(box(10, 10, 100, 50) + box(cw - 20, ch - 20, 20, 20)), page, out,
                      "hiệu chuẩn"});
        REQUIRE(info(out, "Pages") == "1");
        auto big = dark_box(out, 1, 254, {0, 0, 210, 150});
        CHECK(big.x0 == Approx(m.left_mm + 10).margin(0.3));
        CHECK(big.y0 == Approx(m.top_mm + 10).margin(0.3));
        CHECK(big.x1 == Approx(m.left_mm + 110).margin(0.3));
        CHECK(big.y1 == Approx(m.top_mm + 60).margin(0.3));
        auto corner = dark_box(out, 1, 254, {150, 200, 210, 297});
        CHECK(corner.x1 == Approx(210 - m.right_mm - 0.5).margin(0.3));
        CHECK(corner.y1 == Approx(297 - m.bottom_mm - 0.5).margin(0.3));
        CHECK(corner.x1 - corner.x0 == Approx(20).margin(0.3));
        CHECK(corner.y1 - corner.y0 == Approx(20).margin(0.3));
    }
}

TEST_CASE("text sizes in CSS pt come out true, up to Qt's whole-pixel rounding") {
    TempDir dir;
    WkhtmlPool pool;
    fs::path out = dir.path / "sizes.pdf";
    // Sizes Qt can represent exactly (multiples of kFontQuantumPt), then the decree's sizes.
    std::string body = text_at(50, 10, "11.52pt", "Alpha") + text_at(50, 30, "13.248pt", "Beta") +
                       text_at(50, 50, "13.824pt", "Gamma") + text_at(20, 70, "11pt", "mười_một") +
                       text_at(20, 90, "12pt", "mười_hai") + text_at(20, 110, "13pt", "mười_ba") +
                       text_at(20, 130, "14pt", "mười_bốn");
    pool.convert({html_doc(body), {}, out, "cỡ chữ"});
    auto ws = words(out);
    struct Expect {
        const char* word;
        double pt;
        double tolerance;
    };
    for (auto [word, pt, tol] :
         {Expect{"Alpha", 11.52, 0.15}, Expect{"Beta", 13.248, 0.15}, Expect{"Gamma", 13.824, 0.15},
          Expect{"mười_một", 10.944, 0.05}, Expect{"mười_hai", 12.096, 0.05},
          Expect{"mười_ba", 13.248, 0.05}, Expect{"mười_bốn", 13.824, 0.05}}) {
        INFO(word);
        const Word* w = find_word(ws, word);
        REQUIRE(w != nullptr);
        CHECK(liberation_size_pt(*w) == Approx(pt).margin(tol));
    }
    // The decree's ranges hold: body 13-14 pt, Nơi nhận list 11 pt (+-0.1).
    CHECK(liberation_size_pt(*find_word(ws, "mười_ba")) >= 13.0);
    CHECK(liberation_size_pt(*find_word(ws, "mười_bốn")) <= 14.0);
    CHECK(liberation_size_pt(*find_word(ws, "mười_bốn")) >= 13.0);
    CHECK(std::abs(liberation_size_pt(*find_word(ws, "mười_một")) - 11) < 0.1);
    CHECK(std::abs(liberation_size_pt(*find_word(ws, "mười_hai")) - 12) < 0.15);
    // Text left edges are in true mm too (30 mm margin + 50 mm).
    CHECK(find_word(ws, "Alpha")->x_min * kMmPerPt == Approx(80).margin(0.3));
    CHECK(find_word(ws, "mười_ba")->x_min * kMmPerPt == Approx(50).margin(0.3));
}

TEST_CASE("content wider than the usable box shrinks the page, so templates must not") {
    // Documents the trap behind PageSetup::usable_width_mm(): a box past the usable width
    // makes every mm on the page false (here 10 mm too wide: the whole page shrinks).
    TempDir dir;
    WkhtmlPool pool;
    PageSetup page;
    fs::path out = dir.path / "overflow.pdf";
    pool.convert({html_doc(box(10, 10, 100, 50) + box(page.content_width_mm() - 10, 200, 20, 20)),
                  page, out, "tràn"});
    auto big = dark_box(out, 1, 254, {0, 0, 210, 150});
    CHECK(big.x1 - big.x0 < 99.0);
}

TEST_CASE("flowing text stays inside the decree's margins on every page") {
    TempDir dir;
    WkhtmlPool pool;
    std::string para =
        "<p style=\"text-align:justify;text-indent:10mm;font-size:13pt;line-height:1.3;"
        "margin:0 0 6pt 0\">Thực hiện Kế hoạch cải cách hành chính năm 2024 của Ủy ban nhân dân "
        "tỉnh, Sở Y tế đề nghị các đơn vị trực thuộc tiếp tục đẩy mạnh tiếp nhận hồ sơ trực "
        "tuyến, số hóa hồ sơ, kết quả giải quyết thủ tục hành chính và nâng cao tỷ lệ hài lòng "
        "của người dân, doanh nghiệp đối với sự phục vụ của cơ quan hành chính nhà nước.</p>";
    std::string body;
    for (int i = 0; i < 40; ++i) body += para;
    PageSetup page;
    fs::path out = dir.path / "flow.pdf";
    pool.convert({html_doc(body), page, out, "nhiều trang"});
    int pages = std::stoi(info(out, "Pages"));
    REQUIRE(pages >= 2);
    auto ws = words(out);
    REQUIRE(ws.size() > 1000);
    double max_right = 0;
    for (const auto& w : ws) {
        INFO("page " << w.page << " word " << w.text);
        CHECK(w.x_min * kMmPerPt >= 30 - 0.3);
        CHECK(w.x_max * kMmPerPt <= 210 - 15 + 0.3);
        CHECK(w.y_min * kMmPerPt >= 20 - 0.3);
        CHECK(w.y_max * kMmPerPt <= 297 - 20 + 0.3);
        max_right = std::max(max_right, w.x_max * kMmPerPt);
    }
    // Justified lines reach the right margin: the text column really is 165 mm wide.
    CHECK(max_right == Approx(195).margin(0.5));
}
