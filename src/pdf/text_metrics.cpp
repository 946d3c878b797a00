#include "pdf/text_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "pdf/page_setup.hpp"

namespace vanban::pdf {

namespace fs = std::filesystem;

namespace {

std::uint32_t be16(const std::string& d, std::size_t at) {
    if (at + 2 > d.size()) throw std::out_of_range("ttf");
    return (std::uint32_t(std::uint8_t(d[at])) << 8) | std::uint8_t(d[at + 1]);
}
std::uint32_t be32(const std::string& d, std::size_t at) {
    return (be16(d, at) << 16) | be16(d, at + 2);
}

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("Không đọc được tệp phông chữ '" + p.string() + "'");
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Decodes one UTF-8 sequence; invalid bytes come out as U+FFFD (text is validated upstream).
char32_t next_cp(std::string_view s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i++]);
    if (b < 0x80) return b;
    int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : -1;
    if (extra < 0) return 0xFFFD;
    char32_t cp = b & (0x3F >> extra);
    for (int k = 0; k < extra; ++k) {
        if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
    }
    return cp;
}

// The folder of the first <dir> element of a fontconfig file.
fs::path font_dir(const fs::path& conf) {
    const std::string text = read_all(conf);
    const auto open = text.find("<dir>");
    const auto close = text.find("</dir>", open);
    if (open == std::string::npos || close == std::string::npos)
        throw std::runtime_error("Tệp cấu hình phông '" + conf.string() +
                                 "' không có thẻ <dir> chỉ thư mục phông chữ");
    return text.substr(open + 5, close - open - 5);
}

}  // namespace

FontFace::FontFace(const fs::path& ttf) : glyph_of_(0x10000, 0) {
    const std::string d = read_all(ttf);
    try {
        std::size_t head = 0, hhea = 0, hmtx = 0, cmap = 0;
        const std::uint32_t tables = be16(d, 4);
        for (std::uint32_t t = 0; t < tables; ++t) {
            const std::size_t rec = 12 + 16 * t;
            const std::string tag = d.substr(rec, 4);
            const std::size_t off = be32(d, rec + 8);
            if (tag == "head") head = off;
            if (tag == "hhea") hhea = off;
            if (tag == "hmtx") hmtx = off;
            if (tag == "cmap") cmap = off;
        }
        if (!head || !hhea || !hmtx || !cmap) throw std::out_of_range("tables");
        units_per_em_ = be16(d, head + 18);
        const std::uint32_t metrics = be16(d, hhea + 34);
        advances_.resize(metrics);
        for (std::uint32_t g = 0; g < metrics; ++g) advances_[g] = be16(d, hmtx + 4 * g);

        // The Windows Unicode BMP subtable (platform 3, encoding 1, format 4) covers every
        // character a Vietnamese document uses.
        std::size_t sub = 0;
        const std::uint32_t n = be16(d, cmap + 2);
        for (std::uint32_t k = 0; k < n; ++k) {
            const std::size_t rec = cmap + 4 + 8 * k;
            if (be16(d, rec) == 3 && be16(d, rec + 2) == 1) sub = cmap + be32(d, rec + 4);
        }
        if (!sub || be16(d, sub) != 4) throw std::out_of_range("cmap");
        const std::uint32_t segs = be16(d, sub + 6) / 2;
        const std::size_t ends = sub + 14, starts = ends + 2 * segs + 2, deltas = starts + 2 * segs,
                          ranges = deltas + 2 * segs;
        for (std::uint32_t s = 0; s < segs; ++s) {
            const std::uint32_t end = be16(d, ends + 2 * s), start = be16(d, starts + 2 * s);
            const std::uint32_t delta = be16(d, deltas + 2 * s);
            const std::uint32_t range = be16(d, ranges + 2 * s);
            for (std::uint32_t c = start; c <= end && c < 0xFFFF; ++c) {
                std::uint32_t g = 0;
                if (range == 0) {
                    g = (c + delta) & 0xFFFF;
                } else {
                    const std::size_t at = ranges + 2 * s + range + 2 * (c - start);
                    g = be16(d, at);
                    if (g) g = (g + delta) & 0xFFFF;
                }
                glyph_of_[c] = static_cast<unsigned short>(g);
            }
        }
    } catch (const std::out_of_range&) {
        throw std::runtime_error("Tệp phông chữ '" + ttf.string() +
                                 "' không phải phông TrueType đọc được (cần bảng cmap, hmtx)");
    }
}

bool FontFace::has_glyph(char32_t cp) const {
    return cp < 0x10000 && glyph_of_[cp] != 0;
}

unsigned FontFace::advance(char32_t cp) const {
    unsigned g = cp < 0x10000 ? glyph_of_[cp] : 0;
    // Glyphs past numberOfHMetrics share the last advance (TrueType rule).
    if (g >= advances_.size()) g = static_cast<unsigned>(advances_.size()) - 1;
    return advances_[g];
}

namespace {

std::array<FontFace, 4> load_faces(const fs::path& conf_arg) {
    const fs::path conf = conf_arg.empty() ? fs::path(VANBAN_FONTS_CONF) : conf_arg;
    const fs::path dir = font_dir(conf);
    return {FontFace(dir / "LiberationSerif-Regular.ttf"),
            FontFace(dir / "LiberationSerif-Bold.ttf"),
            FontFace(dir / "LiberationSerif-Italic.ttf"),
            FontFace(dir / "LiberationSerif-BoldItalic.ttf")};
}

}  // namespace

TextMetrics::TextMetrics(std::array<FontFace, 4> faces) : faces_(std::move(faces)) {}
TextMetrics::TextMetrics(const fs::path& fonts_conf) : TextMetrics(load_faces(fonts_conf)) {}

const TextMetrics& TextMetrics::shared() {
    static const TextMetrics metrics;  // initialised once, thread-safe, read-only afterwards
    return metrics;
}

double TextMetrics::pdf_size_pt(double css_pt) {
    return std::round(css_pt / kFontQuantumPt) * kFontQuantumPt;
}

const FontFace& TextMetrics::face(const FontSpec& f) const {
    return faces_[(f.bold ? 1 : 0) + (f.italic ? 2 : 0)];
}

double TextMetrics::width_pt(std::string_view s, const FontSpec& font) const {
    const FontFace& ff = face(font);
    const double px = std::round(font.size_pt / kFontQuantumPt);
    double sum_px = 0;
    for (std::size_t i = 0; i < s.size();)
        sum_px += std::round(ff.advance(next_cp(s, i)) * px / ff.units_per_em());
    return sum_px * kFontQuantumPt;
}

bool TextMetrics::covers(std::string_view s, const FontSpec& font) const {
    const FontFace& ff = face(font);
    for (std::size_t i = 0; i < s.size();) {
        const char32_t cp = next_cp(s, i);
        if (cp != ' ' && cp != '\n' && !ff.has_glyph(cp)) return false;
    }
    return true;
}

int TextMetrics::line_count(std::string_view s, const FontSpec& font, double width) const {
    const double space = width_pt(" ", font);
    int lines = 1;
    double used = -1;  // < 0: nothing on the current line yet
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        if (i >= s.size()) break;
        const std::size_t start = i;
        while (i < s.size() && s[i] != ' ') ++i;
        const double w = width_pt(s.substr(start, i - start), font);
        if (used >= 0 && used + space + w <= width) {
            used += space + w;
            continue;
        }
        if (used >= 0) ++lines;
        used = w;
        if (w > width) {
            // The ND30 layout breaks a word longer than the line at the edge (word-wrap:
            // break-word); each broken line is counted one em short, as a character never
            // straddles the edge.
            const double per_line = std::max(width - font.size_pt, font.size_pt);
            const int extra = static_cast<int>(std::ceil(w / per_line)) - 1;
            lines += extra;
            used = w - extra * per_line;
        }
    }
    return lines;
}

}  // namespace vanban::pdf
