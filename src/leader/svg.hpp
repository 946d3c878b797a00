// The charts of the leaders' pages as inline SVG, drawn from numbers only: a bar against its
// target, a small line chart over the quarters of a year, a stacked bar of bands. Lengths are in
// mm (the SVG's viewBox is in mm, so 1 user unit = 1 mm on paper) and written with three
// decimals in the C locale: the same figures give the same bytes. wkhtmltopdf 0.12.6 paints
// inline SVG (rects, lines, polylines, text) as vector graphics; no JavaScript.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace vanban::leader::svg {

inline constexpr const char* kMet = "#2e7d32";     // target met: green
inline constexpr const char* kMissed = "#c62828";  // target missed: red
inline constexpr const char* kLine = "#1f4e9c";    // trend lines: blue
inline constexpr const char* kGrey = "#9e9e9e";

// "12.345": three decimals, C locale.
std::string mm(double v);

// The length of a bar showing `rate` percent on a scale 0..100 % that is `width_mm` long.
double bar_length_mm(double rate, double width_mm);

// A horizontal bar: the rate (green when met, red when missed) on a light 0–100 % track, a
// black tick at the target. `rate` nullopt: "không phát sinh" (no bar, the track only, hatched).
std::string bar(std::optional<double> rate, double target, bool reached, double width_mm,
                double height_mm);

// A line chart of four quarters: values (nullopt = no point), the target as a dashed line when
// given; the y axis runs from a round value below the lowest figure to 100. Points after
// `last_quarter` are not drawn; their quarter labels are grey.
struct LineChart {
    std::vector<std::optional<double>> values;  // 4
    std::optional<double> target;
    int last_quarter = 4;
    double width_mm = 38, height_mm = 26;
    int decimals = 1;  // of the value labels
    std::string colour = kLine;
    // Sparkline in a table row: grid and axis labels only at the axis' ends, smaller labels.
    bool compact = false;
};
std::string line_chart(const LineChart& c);

// The y axis' lower end for these figures: 0, or the multiple of 10 at least 5 below them.
double axis_floor(const std::vector<std::optional<double>>& values, std::optional<double> target);

// A stacked bar of counts (one segment per band, in the band colours, count written inside
// when it fits), `width_mm` for the sum.
std::string stacked_bar(const std::vector<int>& counts, const std::vector<std::string>& colours,
                        double width_mm, double height_mm);

// Band colours from best to worst for `n` bands.
std::vector<std::string> band_colours(std::size_t n);

}  // namespace vanban::leader::svg
