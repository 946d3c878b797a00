#include "sign/truetype.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <mutex>

#include "pdf/atomic_file.hpp"
#include "sign/keys.hpp"

namespace vanban::sign {

namespace {

uint16_t be16(const std::string& s, size_t at) {
    if (at + 2 > s.size()) throw SignError("Tệp phông bị cắt cụt");
    return static_cast<uint16_t>((static_cast<unsigned char>(s[at]) << 8) |
                                 static_cast<unsigned char>(s[at + 1]));
}

int16_t be16s(const std::string& s, size_t at) {
    return static_cast<int16_t>(be16(s, at));
}

uint32_t be32(const std::string& s, size_t at) {
    return (static_cast<uint32_t>(be16(s, at)) << 16) | be16(s, at + 2);
}

void put16(std::string& s, uint16_t v) {
    s += static_cast<char>(v >> 8);
    s += static_cast<char>(v & 0xFF);
}

void put32(std::string& s, uint32_t v) {
    put16(s, static_cast<uint16_t>(v >> 16));
    put16(s, static_cast<uint16_t>(v & 0xFFFF));
}

void set32(std::string& s, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) s[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
}

uint32_t checksum(const std::string& s) {
    uint32_t sum = 0;
    std::string padded = s;
    padded.resize((s.size() + 3) / 4 * 4, '\0');
    for (size_t i = 0; i < padded.size(); i += 4) sum += be32(padded, i);
    return sum;
}

// The Unicode subtable of a cmap: format 12 (3,10) when present, else format 4 (3,1).
std::map<char32_t, uint16_t> read_cmap(const std::string& cmap) {
    std::map<char32_t, uint16_t> out;
    const uint16_t count = be16(cmap, 2);
    uint32_t best = 0;
    int best_rank = 0;
    for (uint16_t i = 0; i < count; ++i) {
        const size_t rec = 4 + 8u * i;
        const uint16_t platform = be16(cmap, rec), encoding = be16(cmap, rec + 2);
        const int rank = platform == 3 && encoding == 10  ? 2
                         : platform == 3 && encoding == 1 ? 1
                                                          : 0;
        if (rank > best_rank) best_rank = rank, best = be32(cmap, rec + 4);
    }
    if (best_rank == 0) return out;
    const uint16_t format = be16(cmap, best);
    if (format == 12) {
        const uint32_t groups = be32(cmap, best + 12);
        for (uint32_t g = 0; g < groups; ++g) {
            const size_t at = best + 16 + 12u * g;
            const uint32_t first = be32(cmap, at), last = be32(cmap, at + 4);
            const uint32_t gid = be32(cmap, at + 8);
            for (uint32_t c = first; c <= last && c < 0x110000; ++c)
                out[c] = static_cast<uint16_t>(gid + (c - first));
        }
    } else if (format == 4) {
        const uint16_t segs = be16(cmap, best + 6) / 2;
        const size_t ends = best + 14, starts = ends + 2u * segs + 2, deltas = starts + 2u * segs,
                     ranges = deltas + 2u * segs;
        for (uint16_t s = 0; s < segs; ++s) {
            const uint16_t end = be16(cmap, ends + 2u * s), start = be16(cmap, starts + 2u * s);
            const uint16_t delta = be16(cmap, deltas + 2u * s);
            const uint16_t range = be16(cmap, ranges + 2u * s);
            for (uint32_t c = start; c <= end && c != 0xFFFF; ++c) {
                uint16_t gid;
                if (range == 0) {
                    gid = static_cast<uint16_t>(c + delta);
                } else {
                    const size_t at = ranges + 2u * s + range + 2u * (c - start);
                    gid = be16(cmap, at);
                    if (gid != 0) gid = static_cast<uint16_t>(gid + delta);
                }
                if (gid != 0) out[c] = gid;
            }
        }
    }
    return out;
}

// The glyphs a composite glyph is built from (glyf: numberOfContours < 0).
std::vector<uint16_t> components(const std::string& glyph) {
    std::vector<uint16_t> out;
    if (glyph.size() < 10 || be16s(glyph, 0) >= 0) return out;
    size_t at = 10;
    for (;;) {
        const uint16_t flags = be16(glyph, at);
        out.push_back(be16(glyph, at + 2));
        at += 4 + ((flags & 0x0001) ? 4 : 2);  // ARG_1_AND_2_ARE_WORDS
        if (flags & 0x0008) at += 2;           // WE_HAVE_A_SCALE
        if (flags & 0x0040) at += 4;           // WE_HAVE_AN_X_AND_Y_SCALE
        if (flags & 0x0080) at += 8;           // WE_HAVE_A_TWO_BY_TWO
        if (!(flags & 0x0020)) break;          // MORE_COMPONENTS
    }
    return out;
}

}  // namespace

TrueTypeFont::TrueTypeFont(std::string bytes, const std::string& path) : data_(std::move(bytes)) {
    try {
        const uint32_t version = be32(data_, 0);
        if (version != 0x00010000 && version != 0x74727565) throw SignError("");
        const uint16_t n = be16(data_, 4);
        for (uint16_t i = 0; i < n; ++i) {
            const size_t rec = 12 + 16u * i;
            const uint32_t off = be32(data_, rec + 8), len = be32(data_, rec + 12);
            if (static_cast<size_t>(off) + len > data_.size()) throw SignError("");
            tables_[data_.substr(rec, 4)] = {off, len};
        }
        for (const char* need : {"head", "hhea", "hmtx", "maxp", "loca", "glyf", "cmap"})
            if (!tables_.count(need)) throw SignError("");
        const std::string head = table("head"), hhea = table("hhea"), maxp = table("maxp");
        units_per_em_ = be16(head, 18);
        long_loca_ = be16s(head, 50) == 1;
        num_glyphs_ = be16(maxp, 4);
        const auto em = [&](int v) { return v * 1000 / units_per_em_; };
        for (int i = 0; i < 4; ++i) bbox[i] = em(be16s(head, 36 + 2 * i));
        ascent = em(be16s(hhea, 4));
        descent = em(be16s(hhea, 6));
        cap_height = ascent;
        if (tables_.count("OS/2")) {
            const std::string os2 = table("OS/2");
            if (be16(os2, 0) >= 2 && os2.size() >= 90) cap_height = em(be16s(os2, 88));
        }
        const uint16_t metrics = be16(hhea, 34);
        const std::string hmtx = table("hmtx");
        advances_.resize(num_glyphs_);
        for (int g = 0; g < num_glyphs_; ++g)
            advances_[g] = be16(hmtx, 4u * std::min<int>(g, metrics - 1));
        cmap_ = read_cmap(table("cmap"));
        if (cmap_.empty()) throw SignError("");
    } catch (const SignError&) {
        throw SignError("Phông '" + path + "' không phải phông TrueType đọc được");
    }
}

const TrueTypeFont& TrueTypeFont::liberation_serif() {
    static std::once_flag once;
    static std::unique_ptr<TrueTypeFont> font;
    static std::string error;
    std::call_once(once, [] {
        try {
            font = std::make_unique<TrueTypeFont>(pdf::read_file(kLiberationSerifPath),
                                                  kLiberationSerifPath);
        } catch (const SignError& e) {
            error = e.what();
        } catch (const std::exception&) {
            error = std::string("Không đọc được phông Liberation Serif '") + kLiberationSerifPath +
                    "' (gói Debian fonts-liberation2)";
        }
    });
    if (!font) throw SignError(error);
    return *font;
}

std::string TrueTypeFont::table(const std::string& tag) const {
    const auto it = tables_.find(tag);
    if (it == tables_.end()) return {};
    return data_.substr(it->second.first, it->second.second);
}

uint16_t TrueTypeFont::glyph(char32_t c) const {
    const auto it = cmap_.find(c);
    return it == cmap_.end() ? 0 : it->second;
}

int TrueTypeFont::advance(uint16_t gid) const {
    if (gid >= advances_.size()) return 0;
    return advances_[gid] * 1000 / units_per_em_;
}

uint32_t TrueTypeFont::glyph_offset(uint16_t gid) const {
    const uint32_t loca = tables_.at("loca").first;
    return long_loca_ ? be32(data_, loca + 4u * gid) : 2u * be16(data_, loca + 2u * gid);
}

std::string TrueTypeFont::glyph_data(uint16_t gid) const {
    if (gid >= num_glyphs_) return {};
    const uint32_t start = glyph_offset(gid), end = glyph_offset(static_cast<uint16_t>(gid + 1));
    const auto& [glyf, len] = tables_.at("glyf");
    if (end <= start || end > len) return {};
    return data_.substr(glyf + start, end - start);
}

std::string TrueTypeFont::subset(const std::set<uint16_t>& wanted) const {
    // Close over composite glyphs' components; .notdef is always kept.
    std::set<uint16_t> keep = wanted;
    keep.insert(0);
    std::vector<uint16_t> todo(keep.begin(), keep.end());
    while (!todo.empty()) {
        const uint16_t g = todo.back();
        todo.pop_back();
        for (uint16_t c : components(glyph_data(g)))
            if (c < num_glyphs_ && keep.insert(c).second) todo.push_back(c);
    }
    std::string glyf, loca;
    for (int g = 0; g < num_glyphs_; ++g) {
        put32(loca, static_cast<uint32_t>(glyf.size()));
        if (keep.count(static_cast<uint16_t>(g))) {
            glyf += glyph_data(static_cast<uint16_t>(g));
            glyf.resize((glyf.size() + 3) / 4 * 4, '\0');
        }
    }
    put32(loca, static_cast<uint32_t>(glyf.size()));
    std::string head = table("head");
    set32(head, 8, 0);           // checkSumAdjustment, set below
    head[50] = 0, head[51] = 1;  // indexToLocFormat: long offsets
    // The tables a TrueType rasteriser needs (name and post are not read from a PDF font).
    std::map<std::string, std::string> out = {{"head", head},          {"hhea", table("hhea")},
                                              {"hmtx", table("hmtx")}, {"maxp", table("maxp")},
                                              {"cmap", table("cmap")}, {"loca", loca},
                                              {"glyf", glyf}};
    for (const char* optional : {"cvt ", "fpgm", "prep", "OS/2"})
        if (tables_.count(optional)) out[optional] = table(optional);
    const uint16_t n = static_cast<uint16_t>(out.size());
    uint16_t power = 1, log2 = 0;
    while (power * 2 <= n) power *= 2, ++log2;
    std::string font;
    put32(font, 0x00010000);
    put16(font, n);
    put16(font, static_cast<uint16_t>(power * 16));
    put16(font, log2);
    put16(font, static_cast<uint16_t>(n * 16 - power * 16));
    uint32_t offset = 12 + 16u * n;
    std::string body;
    size_t head_at = 0;
    for (const auto& [tag, bytes] : out) {  // std::map: tags in ascending order, as required
        font += tag;
        put32(font, checksum(bytes));
        put32(font, offset + static_cast<uint32_t>(body.size()));
        put32(font, static_cast<uint32_t>(bytes.size()));
        if (tag == "head") head_at = offset + body.size();
        body += bytes;
        body.resize((body.size() + 3) / 4 * 4, '\0');
    }
    font += body;
    set32(font, head_at + 8, 0xB1B0AFBA - checksum(font));
    return font;
}

std::u32string utf32(const std::string& s) {
    std::u32string out;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const int extra = c < 0x80         ? 0
                          : (c >> 5) == 6  ? 1
                          : (c >> 4) == 14 ? 2
                          : (c >> 3) == 30 ? 3
                                           : -1;
        if (extra < 0 || i + static_cast<size_t>(extra) >= s.size())
            throw SignError("Chuỗi '" + s + "' không phải UTF-8 hợp lệ");
        char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
        for (int k = 1; k <= extra; ++k) {
            const unsigned char b = static_cast<unsigned char>(s[i + k]);
            if ((b >> 6) != 2) throw SignError("Chuỗi '" + s + "' không phải UTF-8 hợp lệ");
            cp = (cp << 6) | (b & 0x3F);
        }
        out += cp;
        i += 1 + extra;
    }
    return out;
}

ShapedText shape(const TrueTypeFont& font, const std::string& utf8) {
    ShapedText t;
    t.chars = utf32(utf8);
    int total = 0;
    for (size_t i = 0; i < t.chars.size(); ++i) {
        const uint16_t g = font.glyph(t.chars[i]);
        if (g == 0)
            throw SignError(
                "Phông Liberation Serif không có ký tự thứ " + std::to_string(i + 1) + " (U+" +
                [&] {
                    char hex[9];
                    std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(t.chars[i]));
                    return std::string(hex);
                }() +
                ") của '" + utf8 + "'");
        t.gids.push_back(g);
        total += font.advance(g);
    }
    t.width_em = total / 1000.0;
    return t;
}

}  // namespace vanban::sign
