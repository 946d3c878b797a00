#include "sign/appearance.hpp"

#include <png.h>
#include <zlib.h>

#include <cstring>

#include "pdf/atomic_file.hpp"
#include "sign/keys.hpp"
#include "sign/pdf_text.hpp"

namespace vanban::sign {

namespace {

// The pHYs chunk (pixels per unit, unit 1 = metre) of a PNG, read directly: libpng's
// simplified API does not return it.
void read_phys(const std::string& bytes, Png& png) {
    size_t pos = 8;
    while (pos + 12 <= bytes.size()) {
        auto be32 = [&](size_t at) {
            return (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at])) << 24) |
                   (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
                   (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
                   static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
        };
        const uint32_t len = be32(pos);
        const std::string kind = bytes.substr(pos + 4, 4);
        if (kind == "pHYs" && len == 9 && pos + 17 <= bytes.size()) {
            const uint32_t px = be32(pos + 8), py = be32(pos + 12);
            if (bytes[pos + 16] == 1 && px > 0 && py > 0) {
                png.width_mm = png.width * 1000.0 / px;
                png.height_mm = png.height * 1000.0 / py;
            }
            return;
        }
        if (kind == "IDAT") return;  // pHYs must come before the image data
        pos += 12 + static_cast<size_t>(len);
    }
}

std::string deflate(const std::string& in) {
    uLongf n = compressBound(in.size());
    std::string out(n, '\0');
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &n,
                  reinterpret_cast<const Bytef*>(in.data()), in.size(), 6) != Z_OK)
        throw SignError("Không nén được ảnh chữ ký");
    out.resize(n);
    return out;
}

}  // namespace

Png load_png(const std::string& path) {
    std::string bytes;
    try {
        bytes = pdf::read_file(path);
    } catch (const std::exception&) {
        throw SignError("Không đọc được ảnh '" + path + "' (không có tệp hoặc không có quyền đọc)");
    }
    png_image img;
    std::memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, bytes.data(), bytes.size()))
        throw SignError("Ảnh '" + path + "' không phải tệp PNG hợp lệ");
    img.format = PNG_FORMAT_RGBA;
    std::string rgba(PNG_IMAGE_SIZE(img), '\0');
    if (!png_image_finish_read(&img, nullptr, rgba.data(), 0, nullptr)) {
        std::string why = img.message;
        png_image_free(&img);
        throw SignError("Ảnh '" + path + "' hỏng: " + why);
    }
    Png png;
    png.width = static_cast<int>(img.width);
    png.height = static_cast<int>(img.height);
    const size_t pixels = static_cast<size_t>(png.width) * png.height;
    png.rgb.resize(pixels * 3);
    png.alpha.resize(pixels);
    for (size_t i = 0; i < pixels; ++i) {
        std::memcpy(&png.rgb[i * 3], &rgba[i * 4], 3);
        png.alpha[i] = rgba[i * 4 + 3];
    }
    read_phys(bytes, png);
    png.rgb_z = deflate(png.rgb);
    png.alpha_z = deflate(png.alpha);
    return png;
}

std::optional<std::string> winansi(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if ((c >> 5) == 6 && i + 1 < s.size()) {
            unsigned cp = ((c & 0x1F) << 6) | (s[++i] & 0x3F);
            if (cp < 0xA0 || cp > 0xFF) return std::nullopt;
            out += static_cast<char>(cp);
        } else {
            return std::nullopt;
        }
    }
    return out;
}

int appearance_extra_count(const Appearance& a) {
    return static_cast<int>(a.images.size()) * 2 + (a.lines.empty() ? 0 : 1);
}

AppearanceObjects appearance_objects(const Appearance& a, int first) {
    AppearanceObjects out;
    std::string xobjects, content;
    int n = first;
    for (size_t i = 0; i < a.images.size(); ++i) {
        const Png& img = *a.images[i].image;
        const std::string& mask = img.alpha_z;
        const std::string& rgb = img.rgb_z;
        const std::string wh =
            " /Width " + std::to_string(img.width) + " /Height " + std::to_string(img.height);
        out.extra.push_back("<< /Type /XObject /Subtype /Image" + wh +
                            " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode "
                            "/Length " +
                            std::to_string(mask.size()) + " >>\nstream\n" + mask + "\nendstream");
        out.extra.push_back("<< /Type /XObject /Subtype /Image" + wh +
                            " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode "
                            "/SMask " +
                            std::to_string(n) + " 0 R /Length " + std::to_string(rgb.size()) +
                            " >>\nstream\n" + rgb + "\nendstream");
        const std::string name = "/Im" + std::to_string(i + 1);
        xobjects += name + " " + std::to_string(n + 1) + " 0 R ";
        n += 2;
        const Box& b = a.images[i].at;
        content += "q " + num(b.w()) + " 0 0 " + num(b.h()) + " " + num(b.x1 - a.rect.x1) + " " +
                   num(b.y1 - a.rect.y1) + " cm " + name + " Do Q\n";
    }
    std::string font;
    if (!a.lines.empty()) {
        out.extra.push_back(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>");
        font = "/Font << /F1 " + std::to_string(n) + " 0 R >> ";
        content += "BT 0 g\n";
        for (const TextLine& l : a.lines) {
            std::string esc;
            for (char c : winansi(l.text).value_or("?")) {
                if (c == '(' || c == ')' || c == '\\') esc += '\\';
                esc += c;
            }
            content += "/F1 " + num(l.size) + " Tf 1 0 0 1 " + num(l.x - a.rect.x1) + " " +
                       num(l.y - a.rect.y1) + " Tm (" + esc + ") Tj\n";
        }
        content += "ET\n";
    }
    out.form = "<< /Type /XObject /Subtype /Form /BBox [0 0 " + num(a.rect.w()) + " " +
               num(a.rect.h()) + "] /Resources << " +
               (xobjects.empty() ? "" : "/XObject << " + xobjects + ">> ") + font + ">> /Length " +
               std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream";
    return out;
}

}  // namespace vanban::sign
