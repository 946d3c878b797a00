// Text measurement with the pinned fonts, so that vanban can lay out (paginate) a table before
// wkhtmltopdf sees it: wkhtmltopdf on unpatched Qt neither repeats <thead> nor keeps rows whole,
// so vanban decides itself which rows fit on a page (see table_pages.hpp).
//
// The advance widths come straight from the Liberation Serif TTF files that fonts/fonts.conf
// pins (cmap + hmtx tables, read here: no new dependency). Sizes are quantised the way Qt
// quantises them (kFontQuantumPt), so a width is what the PDF will show.
//
// Example: how many lines "Ủy ban nhân dân thị trấn Trảng Bom" takes in a 40 mm cell at 12 pt:
//     const TextMetrics& tm = TextMetrics::shared();
//     int n = tm.line_count("Ủy ban nhân dân thị trấn Trảng Bom", {12.0}, 40 * kPointsPerMm);
//     double w = tm.width_pt("Tổng điểm", {12.0, /*bold=*/true});
#pragma once

#include <array>
#include <filesystem>
#include <string_view>
#include <vector>

namespace vanban::pdf {

struct FontSpec {
    double size_pt = 13.0;  // the CSS size in pt (quantised like Qt before measuring)
    bool bold = false;
    bool italic = false;
};

// The advance widths of one TrueType face, from its cmap and hmtx tables.
class FontFace {
  public:
    // Throws std::runtime_error (Vietnamese, naming the file) on a file that is not a usable TTF.
    explicit FontFace(const std::filesystem::path& ttf);
    // Advance of a code point in font units (the .notdef advance when the font lacks it).
    unsigned advance(char32_t cp) const;
    bool has_glyph(char32_t cp) const;
    unsigned units_per_em() const { return units_per_em_; }

  private:
    unsigned units_per_em_ = 2048;
    std::vector<unsigned short> glyph_of_;  // BMP code point -> glyph id (0: none)
    std::vector<unsigned short> advances_;  // glyph id -> advance (font units)
};

class TextMetrics {
  public:
    // Loads Liberation Serif regular, bold, italic and bold italic from the first <dir> of the
    // fontconfig file (by default the project's fonts/fonts.conf).
    explicit TextMetrics(const std::filesystem::path& fonts_conf = {});
    // One immutable instance loaded on first use; safe to use from several threads.
    static const TextMetrics& shared();

    // The size the PDF will carry for a CSS size: the nearest multiple of kFontQuantumPt.
    static double pdf_size_pt(double css_pt);
    // Width in PDF points of a UTF-8 string on one line: each advance rounded to a whole layout
    // pixel (kFontQuantumPt) as Qt's hinted FreeType does, no kerning (Qt 4 applies none).
    // Proved against poppler within 0.4 pt (tests/ranking/test_text_metrics.cpp).
    double width_pt(std::string_view utf8, const FontSpec& font) const;
    // Lines the string takes in a box `width_pt` wide, wrapping at spaces as Qt does (greedy;
    // a word longer than the line breaks at the edge, as word-wrap: break-word makes Qt do, and
    // is counted one em short per line). An empty string takes one line.
    int line_count(std::string_view utf8, const FontSpec& font, double width_pt) const;
    // Whether every character of the string has a glyph in the face (no silent fallback).
    bool covers(std::string_view utf8, const FontSpec& font) const;

    const FontFace& face(const FontSpec& font) const;

  private:
    std::array<FontFace, 4> faces_;  // regular, bold, italic, bold italic
    TextMetrics(std::array<FontFace, 4> faces);
};

}  // namespace vanban::pdf
