#include "leader/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "vn/format.hpp"

namespace vanban::leader::svg {

std::string mm(double v) {
    char buf[48];
    if (std::fabs(v) < 0.0005) v = 0;  // no "-0.000"
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}

double bar_length_mm(double rate, double width_mm) {
    return std::clamp(rate, 0.0, 100.0) / 100.0 * width_mm;
}

namespace {

std::string open_svg(double w, double h) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + mm(w) + "mm\" height=\"" + mm(h) +
           "mm\" viewBox=\"0 0 " + mm(w) + " " + mm(h) + "\">";
}

// Text in the SVG: Times New Roman (fonts/fonts.conf resolves it to Liberation Serif, as for
// the HTML). `size` in mm; 2.5 mm = 7.1 pt.
std::string text(double x, double y, double size, const std::string& s, const char* anchor,
                 const char* fill = "#000", bool bold = false) {
    return "<text x=\"" + mm(x) + "\" y=\"" + mm(y) + "\" font-size=\"" + mm(size) +
           "\" font-family=\"Times New Roman\" text-anchor=\"" + anchor + "\" fill=\"" + fill +
           "\"" + (bold ? " font-weight=\"bold\"" : "") + ">" + s + "</text>";
}

}  // namespace

std::string bar(std::optional<double> rate, double target, bool reached, double w, double h) {
    std::string s = open_svg(w, h);
    const double track_y = h * 0.15, track_h = h * 0.7;
    s += "<rect x=\"0\" y=\"" + mm(track_y) + "\" width=\"" + mm(w) + "\" height=\"" + mm(track_h) +
         "\" fill=\"#eeeeee\"/>";
    // The target's tick first: it shows above and below the track, and the bar drawn over it
    // keeps its exact length.
    const double tx = bar_length_mm(target, w);
    s += "<line class=\"target\" x1=\"" + mm(tx) + "\" y1=\"0\" x2=\"" + mm(tx) + "\" y2=\"" +
         mm(h) + "\" stroke=\"#000\" stroke-width=\"0.5\"/>";
    if (rate) {
        s += "<rect class=\"rate\" x=\"0\" y=\"" + mm(track_y) + "\" width=\"" +
             mm(bar_length_mm(*rate, w)) + "\" height=\"" + mm(track_h) + "\" fill=\"" +
             (reached ? kMet : kMissed) + "\"/>";
    } else {
        // Không phát sinh: diagonal grey hatching over the track, no bar.
        for (double x = 0; x + track_h <= w; x += 2.0)
            s += "<line x1=\"" + mm(x) + "\" y1=\"" + mm(track_y + track_h) + "\" x2=\"" +
                 mm(x + track_h) + "\" y2=\"" + mm(track_y) + "\" stroke=\"" + kGrey +
                 "\" stroke-width=\"0.2\"/>";
        // Said in words on the track, on a white ground.
        s += "<rect x=\"" + mm(w / 2 - 11) + "\" y=\"" + mm(track_y) + "\" width=\"22\" height=\"" +
             mm(track_h) + "\" fill=\"#fff\"/>";
        s += text(w / 2, track_y + track_h * 0.82, 2.6, "Không phát sinh", "middle", "#424242");
    }
    return s + "</svg>";
}

double axis_floor(const std::vector<std::optional<double>>& values, std::optional<double> target) {
    double lo = 100;
    for (const auto& v : values)
        if (v) lo = std::min(lo, *v);
    if (target) lo = std::min(lo, *target);
    return std::max(0.0, std::floor((lo - 5.0) / 10.0) * 10.0);
}

std::string line_chart(const LineChart& c) {
    const double w = c.width_mm, h = c.height_mm;
    const double fs = c.compact ? 2.0 : 2.3;  // label size (mm)
    const double left = c.compact ? 5.0 : 6.5, right = w - 1.0, top = c.compact ? 2.8 : 3.5,
                 bottom = h - (c.compact ? 3.2 : 4.5);
    const double lo = axis_floor(c.values, c.target), hi = 100;
    auto y_of = [&](double v) {
        return bottom - (std::clamp(v, lo, hi) - lo) / (hi - lo) * (bottom - top);
    };
    auto x_of = [&](int q) { return left + (q + 0.5) * (right - left) / 4.0; };
    std::string s = open_svg(w, h);
    // Axis frame and grid at lo, the middle and 100.
    std::vector<double> grid{lo, hi};
    if (!c.compact) grid.insert(grid.begin() + 1, (lo + hi) / 2);
    for (double g : grid) {
        s += "<line x1=\"" + mm(left) + "\" y1=\"" + mm(y_of(g)) + "\" x2=\"" + mm(right) +
             "\" y2=\"" + mm(y_of(g)) + "\" stroke=\"#cccccc\" stroke-width=\"0.2\"/>";
        s += text(left - 0.8, y_of(g) + 0.7, fs, vn::number(g, 0), "end", "#555555");
    }
    if (c.target)
        s += "<line class=\"target\" x1=\"" + mm(left) + "\" y1=\"" + mm(y_of(*c.target)) +
             "\" x2=\"" + mm(right) + "\" y2=\"" + mm(y_of(*c.target)) +
             "\" stroke=\"#000\" stroke-width=\"0.35\" stroke-dasharray=\"1.2,0.8\"/>";
    static const char* const kRoman[] = {"I", "II", "III", "IV"};
    for (int q = 0; q < 4; ++q)
        s += text(x_of(q), h - (c.compact ? 0.5 : 1.2), fs, std::string("Q") + kRoman[q], "middle",
                  q < c.last_quarter ? "#000" : kGrey);
    // The line joins consecutive quarters that both have a value (a gap stays a gap).
    for (int q = 0; q + 1 < c.last_quarter && q + 1 < static_cast<int>(c.values.size()); ++q) {
        const auto& a = c.values[static_cast<std::size_t>(q)];
        const auto& b = c.values[static_cast<std::size_t>(q + 1)];
        if (a && b)
            s += "<line x1=\"" + mm(x_of(q)) + "\" y1=\"" + mm(y_of(*a)) + "\" x2=\"" +
                 mm(x_of(q + 1)) + "\" y2=\"" + mm(y_of(*b)) + "\" stroke=\"" + c.colour +
                 "\" stroke-width=\"0.5\"/>";
    }
    for (int q = 0; q < c.last_quarter && q < static_cast<int>(c.values.size()); ++q) {
        const auto& v = c.values[static_cast<std::size_t>(q)];
        if (!v) continue;
        const bool missed = c.target && *v < *c.target;
        const char* fill = c.target ? (missed ? kMissed : kMet) : c.colour.c_str();
        s += "<circle class=\"point\" cx=\"" + mm(x_of(q)) + "\" cy=\"" + mm(y_of(*v)) +
             "\" r=\"0.8\" fill=\"" + fill + "\"/>";
        // The value above the point, or below it when the point is near the top or when the
        // label above would cross the dashed target line (a point just under the target).
        const double above = y_of(*v) - 1.2, below = y_of(*v) + fs + 0.6;
        auto crosses_target = [&](double baseline) {
            if (!c.target) return false;
            const double ty = y_of(*c.target);
            // Digits rise about 0.75 em above the baseline, the decimal comma drops 0.25 em
            // below it; the dashed line is 0.35 mm thick.
            return ty > baseline - fs * 0.75 - 0.3 && ty < baseline + fs * 0.25 + 0.3;
        };
        const bool fits_above = above - fs * 0.7 >= 0, fits_below = below <= bottom;
        double ly = fits_above ? above : below;
        if (crosses_target(ly)) {
            const double other = ly == above ? below : above;
            if ((other == above ? fits_above : fits_below) && !crosses_target(other)) ly = other;
        }
        const std::string label = vn::number(*v, c.decimals);
        if (crosses_target(ly)) {
            // Neither side is free (a sparkline has no room): a white ground under the figure
            // keeps the target line from striking it through.
            const double tw = static_cast<double>(label.size()) * fs * 0.55 + 0.4;
            s += "<rect class=\"label-ground\" x=\"" + mm(x_of(q) - tw / 2) + "\" y=\"" +
                 mm(ly - fs * 0.85) + "\" width=\"" + mm(tw) + "\" height=\"" + mm(fs * 1.15) +
                 "\" fill=\"#fff\"/>";
        }
        s += text(x_of(q), ly, fs, label, "middle");
    }
    return s + "</svg>";
}

std::vector<std::string> band_colours(std::size_t n) {
    static const char* const five[] = {"#1b5e20", "#66bb6a", "#fdd835", "#fb8c00", "#c62828"};
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i) {
        // Spread over the five when there are fewer bands; the worst is always red.
        const std::size_t k = n <= 1 ? 0 : (i * 4 + (n - 1) / 2) / (n - 1);
        out.push_back(five[std::min<std::size_t>(k, 4)]);
    }
    return out;
}

std::string stacked_bar(const std::vector<int>& counts, const std::vector<std::string>& colours,
                        double w, double h) {
    int sum = 0;
    for (int n : counts) sum += n;
    std::string s = open_svg(w, h);
    if (sum == 0) return s + "</svg>";
    double x = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (counts[i] == 0) continue;
        const double len = w * counts[i] / sum;
        s += "<rect x=\"" + mm(x) + "\" y=\"0\" width=\"" + mm(len) + "\" height=\"" + mm(h) +
             "\" fill=\"" + colours[i] + "\" stroke=\"#fff\" stroke-width=\"0.2\"/>";
        if (len >= 4.0)
            s += text(x + len / 2, h / 2 + 1.1, 3.0, std::to_string(counts[i]), "middle",
                      i + 1 == counts.size() || i == 0 ? "#fff" : "#000", true);
        x += len;
    }
    return s + "</svg>";
}

}  // namespace vanban::leader::svg
