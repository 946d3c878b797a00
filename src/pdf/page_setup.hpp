// Page geometry shared by the wkhtmltopdf pool, the finishing step and the templates' CSS.
#pragma once

#include <string>

namespace vanban::pdf {

// A4 as wkhtmltopdf writes it (its MediaBox is rounded to whole points: 595 x 842).
inline constexpr double kA4WidthMm = 210.0;
inline constexpr double kA4HeightMm = 297.0;
inline constexpr double kPointsPerMm = 72.0 / 25.4;

// wkhtmltopdf 0.12.6 with Debian's unpatched Qt paints CSS pixels at 0.768 of their size
// (96/125; --zoom, --dpi and --disable-smart-shrinking change nothing). A CSS `zoom` of 125/96
// on the root element makes CSS mm and pt true in the PDF. Measured by rendering a
// 150 x 240 mm black box at 508 dpi: 149.95 x 239.95 mm (one pixel = 0.05 mm); see
// tests/pdf/test_calibration.cpp, which keeps proving it.
inline constexpr double kCssZoom = 125.0 / 96.0;

// Qt rounds every font to a whole number of (zoomed) CSS pixels, so PDF font sizes are
// multiples of 0.576 pt (= 0.75 pt * 0.768). CSS pt sizes therefore come out as the nearest
// multiple: 11 pt -> 10.94, 12 pt -> 12.10, 13 pt -> 13.25, 14 pt -> 13.82 (all inside the
// ranges of Nghị định 30/2020; exact 13.00 or 14.00 cannot be produced).
inline constexpr double kFontQuantumPt = 0.576;

// The decree's margins (Phụ lục I): top/bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
struct Margins {
    double top_mm = 20.0;
    double right_mm = 15.0;
    double bottom_mm = 20.0;
    double left_mm = 30.0;
};

enum class Orientation { portrait, landscape };

struct PageSetup {
    Margins margins;
    Orientation orientation = Orientation::portrait;

    double page_width_mm() const {
        return orientation == Orientation::portrait ? kA4WidthMm : kA4HeightMm;
    }
    double page_height_mm() const {
        return orientation == Orientation::portrait ? kA4HeightMm : kA4WidthMm;
    }
    // The box between the margins, in CSS mm (true mm once base_css() is applied).
    double content_width_mm() const { return page_width_mm() - margins.left_mm - margins.right_mm; }
    double content_height_mm() const {
        return page_height_mm() - margins.top_mm - margins.bottom_mm;
    }
    // What a template may really fill. Measured: the last ~0.5 mm of each is lost to Qt's
    // pixel rounding. Content reaching the full content width makes wkhtmltopdf shrink the
    // whole page by about 0.2 % (every mm is then false); content reaching the full height
    // spills onto a new page. With margins 20/15/20/30 mm: 164.5 x 256.5 mm, i.e. in CSS px
    // (96 per inch) 621.7 x 969.4 px. Tables paginated by vanban must fit in this box.
    static constexpr double kRoundingSlackMm = 0.5;
    double usable_width_mm() const { return content_width_mm() - kRoundingSlackMm; }
    double usable_height_mm() const { return content_height_mm() - kRoundingSlackMm; }
};

// The CSS every document given to the pool must start with: the calibrating zoom, no body
// margin (the page margins are wkhtmltopdf's), and Times New Roman (resolved to Liberation
// Serif by fonts/fonts.conf). Templates include it in their base layout.
std::string base_css();

}  // namespace vanban::pdf
