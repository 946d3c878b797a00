// The font a signature's text is drawn in: Liberation Serif (Debian fonts-liberation2, the
// renderer's Times New Roman, metric-compatible with it), read directly from its TrueType
// tables (cmap, hmtx, glyf/loca) and embedded as a subset, so that Vietnamese names with
// diacritics are drawn and extracted (Type0 / CIDFontType2, Identity-H, ToUnicode).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace vanban::sign {

// The Debian path of the regular face (fonts/fonts.conf names the same files).
inline constexpr const char* kLiberationSerifPath =
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf";

class TrueTypeFont {
  public:
    // Throws SignError (Vietnamese, naming `path`) when it is missing or not a TrueType font.
    TrueTypeFont(std::string bytes, const std::string& path);

    // Liberation Serif Regular, read once per process.
    static const TrueTypeFont& liberation_serif();

    // The glyph for a code point; 0 (.notdef) when the font has none.
    uint16_t glyph(char32_t c) const;
    // Advance width in 1/1000 em.
    int advance(uint16_t gid) const;

    // A TrueType program holding only `gids` (and the glyphs their composites use); glyph
    // numbers are kept, so CID = GID (CIDToGIDMap /Identity). Every other glyph is empty.
    std::string subset(const std::set<uint16_t>& gids) const;

    // For the FontDescriptor, in 1/1000 em.
    int ascent = 0, descent = 0, cap_height = 0;
    int bbox[4] = {0, 0, 0, 0};

  private:
    std::string data_;
    std::map<std::string, std::pair<uint32_t, uint32_t>> tables_;  // tag -> (offset, length)
    std::map<char32_t, uint16_t> cmap_;
    std::vector<uint16_t> advances_;  // font units, one per glyph
    int units_per_em_ = 1000;
    int num_glyphs_ = 0;
    bool long_loca_ = false;

    std::string table(const std::string& tag) const;
    uint32_t glyph_offset(uint16_t gid) const;
    std::string glyph_data(uint16_t gid) const;
};

// A text drawn in the embedded font: its glyphs and the code points they stand for.
struct ShapedText {
    std::vector<uint16_t> gids;
    std::u32string chars;
    double width_em = 0;  // advance of the whole text, in em
};

// Throws SignError naming the character when the font lacks one (nothing is silently dropped).
ShapedText shape(const TrueTypeFont& font, const std::string& utf8);

// UTF-8 to code points; throws SignError on malformed input.
std::u32string utf32(const std::string& utf8);

}  // namespace vanban::sign
