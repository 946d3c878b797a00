// Unicode text primitives shared by every stage: UTF-8 <-> code points, NFC, case mapping.
// Case mapping follows Python's str methods (full, locale-independent Unicode mappings), which is
// what Jinja2 does and what Vietnamese needs: upper("ủy ban") == "ỦY BAN".
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vanban::vn {

// Thrown for byte sequences that are not well-formed UTF-8.
struct InvalidUtf8 : std::runtime_error {
    std::size_t offset;  // byte offset of the first bad byte
    explicit InvalidUtf8(std::size_t at);
};

// Returns the byte offset of the first ill-formed sequence, or npos when `s` is valid UTF-8.
std::size_t find_invalid_utf8(std::string_view s);

// Decodes one code point starting at s[i] (s must be valid UTF-8) and advances i.
char32_t decode_utf8(std::string_view s, std::size_t& i);
void append_utf8(std::string& out, char32_t cp);
std::u32string to_u32(std::string_view s);
std::string to_utf8(std::u32string_view s);

// Number of code points (Python's len()).
std::size_t codepoint_count(std::string_view s);

// Canonical composition (NFC). Throws InvalidUtf8. ASCII input is returned unchanged quickly.
std::string nfc(std::string_view s);
bool is_nfc(std::string_view s);

// Python str.upper() / str.lower() / str.capitalize() (3.8+: first character titlecased).
std::string upper(std::string_view s);
std::string lower(std::string_view s);
std::string capitalize(std::string_view s);
// Titlecase of a single code point sequence start, rest untouched (building block for title()).
std::string upper_first_lower_rest(std::string_view s);

// Python str.isspace() for one code point (Unicode White_Space plus the ASCII separators).
bool is_space(char32_t cp);
// Python's \w in a str regex: alphanumeric (letters, digits and other numerics; not combining
// marks) or underscore.
bool is_word_char(char32_t cp);

}  // namespace vanban::vn
