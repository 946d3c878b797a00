// Fonts: only embedded Liberation Serif (fonts-liberation2), in all four faces, with the
// Vietnamese letters; and proof that the check catches a fallback font.
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>

#include "docs.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "poppler.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace vanban::pdf;
using namespace vanban::pdf::test;

namespace {

std::string squash(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\n' && c != '\f') out += c;
    return out;
}

const std::string kVietnamese = "ỘỦỆạự CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập Tự do Hạnh phúc";

PoolOptions with_fonts(const fs::path& conf) {
    PoolOptions o;
    o.workers = 1;
    o.fonts_conf = conf;
    return o;
}

}  // namespace

TEST_CASE("the four faces of Liberation Serif are embedded, with Vietnamese letters") {
    TempDir dir;
    WkhtmlPool pool;
    std::string body;
    for (const char* style :
         {"", "font-weight:bold", "font-style:italic", "font-weight:bold;font-style:italic"}) {
        body += "<p style=\"font-size:13pt;" + std::string(style) + "\">" + kVietnamese + "</p>";
    }
    fs::path out = dir.path / "fonts.pdf";
    pool.convert({html_doc(body), {}, out, "phông chữ"});

    std::set<std::string> names;
    for (const auto& f : fonts(out)) {
        CHECK(f.embedded);
        names.insert(f.name);
    }
    CHECK(names == std::set<std::string>{"LiberationSerif", "LiberationSerif-Bold",
                                         "LiberationSerif-Italic", "LiberationSerif-BoldItalic"});
    CHECK(foreign_fonts(out).empty());
    // Every letter came through (nothing dropped for want of a glyph): four copies.
    std::string all = squash(text(out));
    std::string once = squash(kVietnamese);
    CHECK(all == once + once + once + once);
}

TEST_CASE("every family a template might name resolves to Liberation Serif") {
    TempDir dir;
    WkhtmlPool pool;
    std::string body;
    for (const char* family : {"'Times New Roman'", "Times", "serif", "Arial", "sans-serif",
                               "monospace", "'DejaVu Serif'", "Helvetica"}) {
        body += "<p style=\"font-family:" + std::string(family) + "\">" + kVietnamese + "</p>";
        body += "<p style=\"font-weight:bold;font-family:" + std::string(family) + "\">ỘỦỆạự</p>";
    }
    fs::path out = dir.path / "families.pdf";
    pool.convert({html_doc(body), {}, out, "họ phông"});
    CHECK(foreign_fonts(out).empty());
}

TEST_CASE("the font check catches a fallback font and a lost character") {
    TempDir dir;
    // U+2603 SNOWMAN: not in Liberation Serif; the system has some other font with it (which one
    // depends on the machine: DejaVu where installed, Liberation Mono on a minimal Debian).
    const std::string doc = html_doc("<p>Người tuyết ☃ ở đây</p>");

    // With the system's fontconfig, Qt silently falls back to another font: the check fails.
    WkhtmlPool system_fonts(with_fonts("/etc/fonts/fonts.conf"));
    fs::path fallback = dir.path / "fallback.pdf";
    system_fonts.convert({doc, {}, fallback, "phông dự phòng"});
    auto foreign = foreign_fonts(fallback);
    REQUIRE_FALSE(foreign.empty());
    CHECK_THAT(foreign[0], !Catch::Contains("LiberationSerif"));

    // With the pinned configuration there is no font to fall back to: the PDF holds only
    // Liberation Serif and the missing character shows up as lost text instead.
    WkhtmlPool pinned;
    fs::path lost = dir.path / "lost.pdf";
    pinned.convert({doc, {}, lost, "ký tự thiếu"});
    CHECK(foreign_fonts(lost).empty());
    CHECK(squash(text(lost)) != squash("Người tuyết ☃ ở đây"));
}
