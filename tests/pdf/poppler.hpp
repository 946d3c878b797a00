// Reads PDFs back with poppler-utils (an implementation independent of Qt and qpdf).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vanban::pdf::test {

// Runs a shell command, returns its stdout; fails the test on a non-zero exit.
std::string run(const std::string& command);

struct Word {
    int page = 0;                                       // 1-based
    double x_min = 0, y_min = 0, x_max = 0, y_max = 0;  // points, origin top left
    std::string text;
};
std::vector<Word> words(const std::filesystem::path& pdf);

struct FontInfo {
    std::string name;  // without the subset prefix
    std::string type;
    bool embedded = false;
};
std::vector<FontInfo> fonts(const std::filesystem::path& pdf);

// Fonts that are not an embedded face of Liberation Serif, as "name (type, embedded?)".
std::vector<std::string> foreign_fonts(const std::filesystem::path& pdf);

// `pdfinfo` fields ("Title", "Pages", "Page size", ...); -isodates for dates.
std::string info(const std::filesystem::path& pdf, const std::string& field);

// Page size in points of page `page` (pdfinfo -f/-l).
std::pair<double, double> page_size(const std::filesystem::path& pdf, int page);

// Plain text of the document (pdftotext -layout), all pages.
std::string text(const std::filesystem::path& pdf);

// Bounding box of the dark pixels of page `page` rendered at `dpi`, in mm from the top left;
// `region_mm` = {x0, y0, x1, y1} limits the search. Returns {-1,...} if nothing is dark.
struct BoxMm {
    double x0 = -1, y0 = -1, x1 = -1, y1 = -1;
};
BoxMm dark_box(const std::filesystem::path& pdf, int page, int dpi, BoxMm region_mm);

// Font size in pt of a word, from its bbox height: poppler's word box spans the font's
// ascent to its descent, 0.891 + 0.216 em for Liberation Serif (hhea table).
inline double liberation_size_pt(const Word& w) {
    return (w.y_max - w.y_min) / 1.107;
}

inline constexpr double kMmPerPt = 25.4 / 72.0;

}  // namespace vanban::pdf::test
