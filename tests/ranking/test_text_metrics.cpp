// TextMetrics against poppler: a line's width as measured from the TTF files equals the width
// of the same line in a PDF made by wkhtmltopdf.
#include <catch2/catch.hpp>
#include <cstdio>

#include "docs.hpp"
#include "pdf/text_metrics.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "poppler.hpp"
#include "temp_dir.hpp"

using namespace vanban::pdf;
using namespace vanban::pdf::test;

TEST_CASE("text widths match what poppler reads from the PDF") {
    const TextMetrics& tm = TextMetrics::shared();
    struct Line {
        std::string text;
        FontSpec font;
    };
    const std::vector<Line> lines = {
        {"Ủy ban nhân dân thị trấn Trảng Bom", {13}},
        {"BẢNG XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", {14, true}},
        {"Sở Thông tin và Truyền thông tỉnh Đồng Nai", {12}},
        {"(Kèm theo Thông báo số 12/TB-UBND ngày 05/7/2024)", {14, false, true}},
        {"Xã Phước Thiền, huyện Nhơn Trạch", {11, true, true}},
        {"96,5% 100,0% 87,25 Xuất sắc ▲ 2 ▼ 1", {10}},
        {"Thành phố Biên Hòa", {9}},
    };
    std::string body;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& l = lines[i];
        char style[200];
        std::snprintf(style, sizeof style,
                      "position:absolute;left:0;top:%dmm;white-space:nowrap;font-size:%gpt;%s%s",
                      int(i) * 12, l.font.size_pt, l.font.bold ? "font-weight:bold;" : "",
                      l.font.italic ? "font-style:italic;" : "");
        body += std::string("<div style=\"") + style + "\">" + l.text + "</div>";
    }
    TempDir dir;
    WkhtmlPool pool;
    const auto out = dir.path / "widths.pdf";
    pool.convert({html_doc(body), PageSetup{}, out, "độ rộng"});
    const auto ws = words(out);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& l = lines[i];
        INFO(l.text << " at " << l.font.size_pt << " pt");
        REQUIRE(tm.covers(l.text, l.font));
        // The words of line i: those whose top is nearest to its position.
        double x0 = 1e9, x1 = -1e9;
        const double top_pt = (20 + 12.0 * double(i)) / kMmPerPt;
        for (const auto& w : ws)
            if (w.y_min > top_pt - 2 && w.y_min < top_pt + 20) {
                x0 = std::min(x0, w.x_min);
                x1 = std::max(x1, w.x_max);
            }
        const double measured = tm.width_pt(l.text, l.font);
        CHECK(x1 - x0 == Approx(measured).margin(0.4));
    }
}
