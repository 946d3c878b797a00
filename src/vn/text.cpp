#include "vn/text.hpp"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>

#include <string>

namespace vanban::vn {

InvalidUtf8::InvalidUtf8(std::size_t at)
    : std::runtime_error("invalid UTF-8 at byte " + std::to_string(at)), offset(at) {}

std::size_t find_invalid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        char32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n) return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        // Reject overlong forms, surrogates and values above U+10FFFF.
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return std::string_view::npos;
}

char32_t decode_utf8(std::string_view s, std::size_t& i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        ++i;
        return c;
    }
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    char32_t cp = c & (0x7F >> len);
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    return cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::u32string to_u32(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) out.push_back(decode_utf8(s, i));
    return out;
}

std::string to_utf8(std::u32string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char32_t cp : s) append_utf8(out, cp);
    return out;
}

std::size_t codepoint_count(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

namespace {

bool is_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

icu::UnicodeString to_icu(std::string_view s) {
    return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string from_icu(const icu::UnicodeString& u) {
    std::string out;
    u.toUTF8String(out);
    return out;
}

const icu::Normalizer2& nfc_normalizer() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFC normalizer unavailable");
    return *n;
}

void check_utf8(std::string_view s) {
    if (auto bad = find_invalid_utf8(s); bad != std::string_view::npos) throw InvalidUtf8(bad);
}

}  // namespace

std::string nfc(std::string_view s) {
    if (is_ascii(s)) return std::string(s);
    check_utf8(s);
    UErrorCode status = U_ZERO_ERROR;
    const auto& norm = nfc_normalizer();
    // Most text is already NFC: checked in UTF-8, without a conversion to UTF-16 and back,
    // since every string of every input file comes through here.
    if (norm.isNormalizedUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), status) &&
        U_SUCCESS(status))
        return std::string(s);
    status = U_ZERO_ERROR;
    icu::UnicodeString u = to_icu(s);
    icu::UnicodeString out = norm.normalize(u, status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFC normalization failed");
    return from_icu(out);
}

bool is_nfc(std::string_view s) {
    if (is_ascii(s)) return true;
    check_utf8(s);
    UErrorCode status = U_ZERO_ERROR;
    bool ok = nfc_normalizer().isNormalizedUTF8(
        icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), status);
    return U_SUCCESS(status) && ok;
}

namespace {

// True for code points whose full (Python/SpecialCasing) case mapping is their one-to-one simple
// mapping and needs no context: Latin-1, Latin Extended-A/B, the combining marks of Vietnamese
// NFD text and Latin Extended Additional (all precomposed Vietnamese letters), minus the few that
// SpecialCasing.txt maps to several code points. Final sigma and the Turkish/Lithuanian rules
// concern other code points or other locales.
bool simple_casing(char32_t cp) {
    if (cp < 0x250) return cp != 0xDF && cp != 0x130 && cp != 0x149 && cp != 0x1F0;
    if (cp >= 0x300 && cp < 0x345) return true;
    if (cp >= 0x1E00 && cp < 0x1F00) return cp < 0x1E96 || cp > 0x1E9A;
    return false;
}

// Maps Latin and Vietnamese text one code point at a time without ICU's string conversions (the
// template engine upper/lowercases and sorts case-insensitively in every render). Returns false,
// leaving `out` unspecified, when the text needs the full ICU mapping.
bool map_simple(std::string_view s, std::string& out, bool to_upper) {
    if (find_invalid_utf8(s) != std::string_view::npos) return false;
    out.clear();
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            const char lo = to_upper ? 'a' : 'A';
            out.push_back(c >= lo && c <= lo + 25 ? static_cast<char>(c ^ 0x20)
                                                  : static_cast<char>(c));
            ++i;
            continue;
        }
        const auto cp = static_cast<UChar32>(decode_utf8(s, i));
        if (!simple_casing(static_cast<char32_t>(cp))) return false;
        append_utf8(out, static_cast<char32_t>(to_upper ? u_toupper(cp) : u_tolower(cp)));
    }
    return true;
}

}  // namespace

std::string upper(std::string_view s) {
    std::string out;
    if (map_simple(s, out, true)) return out;
    icu::UnicodeString u = to_icu(s);
    u.toUpper(icu::Locale::getRoot());
    return from_icu(u);
}

std::string lower(std::string_view s) {
    std::string out;
    if (map_simple(s, out, false)) return out;
    icu::UnicodeString u = to_icu(s);
    u.toLower(icu::Locale::getRoot());
    return from_icu(u);
}

std::string upper_first_lower_rest(std::string_view s) {
    if (s.empty()) return {};
    std::size_t i = 0;
    decode_utf8(s, i);
    // Python's capitalize uses the titlecase mapping of the first character (full mapping).
    icu::UnicodeString first = to_icu(s.substr(0, i));
    first.toTitle(nullptr, icu::Locale::getRoot(),
                  U_TITLECASE_NO_LOWERCASE | U_TITLECASE_NO_BREAK_ADJUSTMENT);
    // The rest is lowercased in the context of the whole string, as Python does: a final sigma
    // after the first letter ("ΑΣ" -> "Ας") needs that letter to be seen. The only contextual
    // lowercasing in the root locale is the final sigma, which never applies at position 0, so
    // the first character's lowercase alone is a prefix of the whole string's lowercase.
    const std::string whole = lower(s);
    const std::string first_lower = lower(s.substr(0, i));
    return from_icu(first) + whole.substr(first_lower.size());
}

std::string capitalize(std::string_view s) {
    return upper_first_lower_rest(s);
}

bool is_space(char32_t cp) {
    // Python str.isspace(): bidirectional type WS, B or S, or category Zs.
    if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F)) return true;
    if (cp < 0x80) return false;
    if (u_charType(static_cast<UChar32>(cp)) == U_SPACE_SEPARATOR) return true;
    auto dir = u_charDirection(static_cast<UChar32>(cp));
    return dir == U_WHITE_SPACE_NEUTRAL || dir == U_BLOCK_SEPARATOR || dir == U_SEGMENT_SEPARATOR;
}

bool is_word_char(char32_t cp) {
    if (cp == '_') return true;
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    // Python's str.isalnum(): categories L*, N* (Nd, Nl, No) ; \w in re also matches these.
    int8_t t = u_charType(static_cast<UChar32>(cp));
    switch (t) {
        case U_UPPERCASE_LETTER:
        case U_LOWERCASE_LETTER:
        case U_TITLECASE_LETTER:
        case U_MODIFIER_LETTER:
        case U_OTHER_LETTER:
        case U_DECIMAL_DIGIT_NUMBER:
        case U_LETTER_NUMBER:
        case U_OTHER_NUMBER:
            return true;
        default:
            return false;
    }
}

}  // namespace vanban::vn
