#include "sign/appearance.hpp"

#include <png.h>
#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <set>

#include "pdf/atomic_file.hpp"
#include "sign/keys.hpp"
#include "sign/pdf_text.hpp"
#include "sign/truetype.hpp"

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

std::string hex4(uint32_t v) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%04X", v);
    return buf;
}

// Type0 font, CIDFontType2, FontDescriptor, FontFile2, ToUnicode.
constexpr int kFontObjects = 5;

std::string stream(const std::string& dict_entries, const std::string& data) {
    return "<< " + dict_entries + "/Length " + std::to_string(data.size()) + " >>\nstream\n" +
           data + "\nendstream";
}

// The subset program of a set of glyphs, deflated. A batch signs every letter with the same
// agency name, so the last few subsets are kept.
std::string subset_program(const TrueTypeFont& ttf, const std::set<uint16_t>& gids) {
    static std::mutex mutex;
    static std::map<std::set<uint16_t>, std::string> made;
    std::lock_guard lock(mutex);
    auto it = made.find(gids);
    if (it != made.end()) return it->second;
    if (made.size() > 16) made.clear();
    const std::string program = ttf.subset(gids);
    return made[gids] =
               stream("/Length1 " + std::to_string(program.size()) + " /Filter /FlateDecode ",
                      deflate(program));
}

// Liberation Serif embedded for the lines' glyphs (object numbers first … first + 4): CID =
// GID with Identity-H, widths from hmtx, a ToUnicode map so the text is extracted as written.
std::vector<std::string> embedded_font(const TrueTypeFont& ttf,
                                       const std::vector<ShapedText>& lines, int first) {
    std::map<uint16_t, char32_t> used;
    for (const ShapedText& t : lines)
        for (size_t i = 0; i < t.gids.size(); ++i) used.emplace(t.gids[i], t.chars[i]);
    std::set<uint16_t> gids;
    uint32_t tag_hash = 2166136261u;
    std::string widths, bfchars, block;
    int in_block = 0;
    for (const auto& [g, c] : used) {
        gids.insert(g);
        tag_hash = (tag_hash ^ g) * 16777619u;
        widths += std::to_string(g) + " [" + std::to_string(ttf.advance(g)) + "] ";
        std::string utf16;
        if (c >= 0x10000) {
            utf16 = hex4(0xD800 + ((c - 0x10000) >> 10)) + hex4(0xDC00 + ((c - 0x10000) & 0x3FF));
        } else {
            utf16 = hex4(c);
        }
        block += "<" + hex4(g) + "> <" + utf16 + ">\n";
        if (++in_block == 100 || g == used.rbegin()->first) {  // at most 100 a block
            bfchars += std::to_string(in_block) + " beginbfchar\n" + block + "endbfchar\n";
            block.clear();
            in_block = 0;
        }
    }
    // A subset's name starts with six capital letters naming the subset (ISO 32000-1, 9.6.4).
    std::string name = "/";
    for (int i = 0; i < 6; ++i, tag_hash /= 26) name += static_cast<char>('A' + tag_hash % 26);
    name += "+LiberationSerif";
    const auto ref = [&](int k) { return std::to_string(first + k) + " 0 R"; };
    const std::string cmap =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" +
        bfchars + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    return {
        "<< /Type /Font /Subtype /Type0 /BaseFont " + name +
            " /Encoding /Identity-H /DescendantFonts [" + ref(1) + "] /ToUnicode " + ref(4) + " >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont " + name +
            " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
            " /FontDescriptor " +
            ref(2) + " /CIDToGIDMap /Identity /DW 1000 /W [" + widths + "] >>",
        "<< /Type /FontDescriptor /FontName " + name + " /Flags 34 /FontBBox [" +
            std::to_string(ttf.bbox[0]) + " " + std::to_string(ttf.bbox[1]) + " " +
            std::to_string(ttf.bbox[2]) + " " + std::to_string(ttf.bbox[3]) +
            "] /ItalicAngle 0 /Ascent " + std::to_string(ttf.ascent) + " /Descent " +
            std::to_string(ttf.descent) + " /CapHeight " + std::to_string(ttf.cap_height) +
            " /StemV 80 /FontFile2 " + ref(3) + " >>",
        subset_program(ttf, gids),
        stream("", cmap),
    };
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

int appearance_extra_count(const Appearance& a) {
    return static_cast<int>(a.images.size()) * 2 + (a.lines.empty() ? 0 : kFontObjects);
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
        const TrueTypeFont& ttf = TrueTypeFont::liberation_serif();
        std::vector<ShapedText> shaped;
        for (const TextLine& l : a.lines) shaped.push_back(shape(ttf, l.text));
        for (std::string& body : embedded_font(ttf, shaped, n))
            out.extra.push_back(std::move(body));
        font = "/Font << /F1 " + std::to_string(n) + " 0 R >> ";
        content += "BT 0 g\n";
        for (size_t i = 0; i < a.lines.size(); ++i) {
            const TextLine& l = a.lines[i];
            std::string hex;
            for (uint16_t g : shaped[i].gids) hex += hex4(g);
            content += "/F1 " + num(l.size) + " Tf 1 0 0 1 " + num(l.x - a.rect.x1) + " " +
                       num(l.y - a.rect.y1) + " Tm <" + hex + "> Tj\n";
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
