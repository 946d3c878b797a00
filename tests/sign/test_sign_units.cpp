// The pieces of src/sign that need no key: text strings, Vietnam time, the cross-reference
// sections an incremental update writes (every offset must point at its object), and where the
// decree puts the images.
#include <catch2/catch.hpp>

#include <regex>

#include "sign/incremental.hpp"
#include "sign/pdf_text.hpp"
#include "sign/placement.hpp"
#include "sign/truetype.hpp"

using namespace vanban::sign;

TEST_CASE("PDF text strings are UTF-16BE with a byte order mark") {
    CHECK(pdf_text_string("A") == "<FEFF0041>");
    CHECK(pdf_text_string("Đồng") == "<FEFF01101ED3006E0067>");
    CHECK(pdf_text_string("\xF0\x9F\x98\x80") == "<FEFFD83DDE00>");  // outside the BMP
}

TEST_CASE("signing times are Vietnam time, ISO 8601 and PDF dates, and read back") {
    const std::time_t t = 1722564930;  // 2024-08-02T02:15:30Z
    CHECK(iso_vietnam(t) == "2024-08-02T09:15:30+07:00");
    CHECK(pdf_date_vietnam(t) == "D:20240802091530+07'00'");
    CHECK(parse_pdf_date(pdf_date_vietnam(t)) == t);
    CHECK(parse_pdf_date("D:20240802021530Z") == t);
    CHECK(parse_pdf_date("rác") == -1);
}

namespace {
// Every entry of a classic xref section must point at "N G obj".
void check_offsets(const std::string& pdf, const std::string& section) {
    int num = -1;
    std::regex line(R"((\d+) (\d+)\n|(\d{10}) (\d{5}) n\r\n)");
    for (std::sregex_iterator it(section.begin(), section.end(), line), end; it != end; ++it) {
        const auto& x = *it;
        if (x[1].matched) {
            num = std::stoi(x[1]);
            continue;
        }
        const long long off = std::stoll(x[3]);
        const std::string head =
            std::to_string(num) + " " + std::to_string(std::stoi(x[4])) + " obj";
        CHECK(pdf.compare(off, head.size(), head) == 0);
        ++num;
    }
}
}  // namespace

TEST_CASE("a classic incremental update: offsets, /Prev, /Size") {
    const std::string original =
        "%PDF-1.4\n1 0 obj\n<< >>\nendobj\nxref\n0 2\n"
        "0000000000 65535 f\r\n0000000009 00000 n\r\n"
        "trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n30\n%%EOF";
    Revision rev = last_revision(original, "t.pdf");
    CHECK_FALSE(rev.xref_stream);
    CHECK(rev.startxref == 30);
    rev.size = 2;
    rev.root_ref = "1 0 R";
    IncrementalUpdate up(original, rev);
    const int a = up.allocate(), b = up.allocate();
    CHECK(a == 2);
    up.put(b, 0, "<< /B true >>");
    up.put(1, 0, "<< /Changed true >>");
    up.put(a, 0, "<< /A true >>");
    const std::string out = up.finish();
    CHECK(out.rfind(original, 0) == 0);
    const size_t x = out.rfind("\nxref\n") + 1;
    check_offsets(out, out.substr(x, out.find("trailer", x) - x));
    CHECK(out.find("/Size 4 /Root 1 0 R /Prev 30") != std::string::npos);
    CHECK(out.substr(out.size() - 6) == "%%EOF\n");
}

TEST_CASE("a startxref that points nowhere is a broken file") {
    CHECK_THROWS_WITH(last_revision("%PDF-1.4\nstartxref\n5\n%%EOF", "h.pdf"),
                      Catch::Contains("h.pdf") && Catch::Contains("bị hỏng"));
    CHECK_THROWS_AS(last_revision("%PDF-1.4\n", "h.pdf"), SignError);
}

TEST_CASE("placement follows the decree") {
    PdfFacts f;
    f.pages = 1;
    f.media = {{0, 0, 595, 842}};
    const Box block{340, 200, 340 + 82 * kPointsPerMm, 200 + 27 * kPointsPerMm};
    f.sign_box = std::make_pair(0, block);
    Png sig;
    sig.width = 400;
    sig.height = 220;
    PlacementInput in;
    in.image = &sig;
    const Appearance a = plan_appearance(f, in, "x.pdf");
    // Centred in the block, at most 40 x 22 mm, aspect kept.
    CHECK((a.rect.x1 + a.rect.x2) / 2 == Approx((block.x1 + block.x2) / 2));
    CHECK((a.rect.y1 + a.rect.y2) / 2 == Approx((block.y1 + block.y2) / 2));
    CHECK(a.rect.w() == Approx(40 * kPointsPerMm));
    CHECK(a.rect.w() / a.rect.h() == Approx(400.0 / 220));

    Png seal;
    seal.width = seal.height = 360;
    in.role = Role::co_quan;
    in.image = &seal;
    in.agency = "So Y te";
    const Appearance s = plan_appearance(f, in, "x.pdf");
    REQUIRE(s.images.size() == 1);
    const Box& sb = s.images[0].at;
    CHECK(sb.w() == Approx(kSealMm * kPointsPerMm));  // no pHYs: the nominal real size
    const double sig_x1 = (block.x1 + block.x2) / 2 - 20 * kPointsPerMm;
    CHECK(sb.x2 - sig_x1 == Approx(40 * kPointsPerMm / 3));  // a third of the signature
    seal.width_mm = seal.height_mm = 40.0;                   // the PNG states its size: it is used
    CHECK(plan_appearance(f, in, "x.pdf").images[0].at.w() == Approx(40 * kPointsPerMm));

    // No recorded block: an image cannot be placed; without an image the signature is invisible.
    f.sign_box.reset();
    CHECK_THROWS_WITH(plan_appearance(f, in, "x.pdf"), Catch::Contains("x.pdf"));
    in.image = nullptr;
    CHECK_FALSE(plan_appearance(f, in, "x.pdf").visible());

    in.role = Role::dinh_kem;
    in.so_ky_hieu = "05/SYT-VP";
    const Appearance d = plan_appearance(f, in, "x.pdf");
    REQUIRE(d.lines.size() == 2);
    CHECK(d.lines[0].size == 10);
    // Right-aligned on the text's right edge (right margin 15 mm), inside the top margin (20 mm).
    CHECK(d.lines[0].x + shape(TrueTypeFont::liberation_serif(), "05/SYT-VP").width_em * 10 ==
          Approx(595 - 15 * kPointsPerMm));
    CHECK(d.rect.y1 >= 842 - 20 * kPointsPerMm - 0.01);
    CHECK(d.rect.y2 < 842);

    // A digitised paper document: the seal is required, at real size, top right of page 1.
    in.role = Role::so_hoa;
    CHECK_THROWS_WITH(plan_appearance(f, in, "x.pdf"), Catch::Contains("--image"));
    in.image = &seal;
    in.agency = "Sở Y tế tỉnh Đồng Nai";
    const Appearance h = plan_appearance(f, in, "x.pdf");
    REQUIRE(h.images.size() == 1);
    CHECK(h.images[0].at.x2 == Approx(595 - 15 * kPointsPerMm));
    CHECK(h.images[0].at.y2 == Approx(842 - 10 * kPointsPerMm));
    CHECK(h.images[0].at.w() == Approx(40 * kPointsPerMm));
    REQUIRE(h.lines.size() == 2);
    CHECK(h.lines[0].text == "Sở Y tế tỉnh Đồng Nai");
}

TEST_CASE("Liberation Serif: Vietnamese glyphs, Times metrics, a subset that keeps components") {
    const TrueTypeFont& font = TrueTypeFont::liberation_serif();
    // Metric-compatible with Times New Roman: the AFM widths of Times-Roman.
    CHECK(font.advance(font.glyph(U'A')) == 722);
    CHECK(font.advance(font.glyph(U' ')) == 250);
    const ShapedText t = shape(font, "Đồng Nai");
    CHECK(t.gids.size() == 8);
    CHECK(t.chars[1] == U'\u1ED3');
    for (uint16_t g : t.gids) CHECK(g != 0);
    CHECK_THROWS_WITH(shape(font, "Sở 中"), Catch::Contains("U+4E2D"));
    CHECK_THROWS(utf32("\xC3"));
    // The subset is a TrueType program (version 1.0) far smaller than the font.
    const std::string sub = font.subset({t.gids.begin(), t.gids.end()});
    REQUIRE(sub.size() > 12);
    CHECK(sub.substr(0, 4) == std::string("\0\1\0\0", 4));
    CHECK(sub.size() < 200000);
}
