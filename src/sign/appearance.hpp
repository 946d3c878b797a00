// What a signature looks like on the page (Nghị định 30/2020, Phụ lục I, II): images as PDF
// image XObjects (RGB + soft mask from the PNG's alpha) and the widget's appearance stream.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace vanban::sign {

// A decoded PNG: 8-bit RGB and alpha planes, with its physical size when the file says it.
struct Png {
    int width = 0, height = 0;
    std::string rgb, alpha;
    std::string rgb_z, alpha_z;  // the planes deflated once (a batch reuses them per letter)
    std::optional<double> width_mm, height_mm;  // from the pHYs chunk, when in metres
};

// Throws SignError (Vietnamese, naming the file) when missing or not a readable PNG.
Png load_png(const std::string& path);

// A rectangle in PDF points, lower-left origin.
struct Box {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    double w() const { return x2 - x1; }
    double h() const { return y2 - y1; }
};

// An image placed at `at` inside the widget's rectangle.
struct Placed {
    const Png* image;
    Box at;
};

// A line of text (Liberation Serif = Times New Roman, embedded; black) at a baseline inside the
// widget; `size` in points.
struct TextLine {
    std::string text;
    double x = 0, y = 0, size = 10;
};

// Everything drawn in one widget: box in page coordinates, images and lines inside it.
struct Appearance {
    int page = 0;                 // 0-based
    Box rect;                     // page coordinates; empty (all 0) for an invisible signature
    std::vector<Placed> images;   // page coordinates too
    std::vector<TextLine> lines;  // page coordinates too
    bool visible() const { return rect.w() > 0 && rect.h() > 0; }
};

// PDF objects for an appearance, written by the caller with numbers it chooses.
struct AppearanceObjects {
    std::string form;                // the form XObject (its body, with stream)
    std::vector<std::string> extra;  // images, masks, font: bodies in order
};

// `first_extra` is the object number of extra[0]; later ones follow.
AppearanceObjects appearance_objects(const Appearance& a, int first_extra);
// How many extra objects appearance_objects() will make for `a`.
int appearance_extra_count(const Appearance& a);

}  // namespace vanban::sign
