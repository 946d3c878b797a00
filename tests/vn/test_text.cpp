#include <catch2/catch.hpp>

#include "vn/text.hpp"

using namespace vanban::vn;

TEST_CASE("upper maps Vietnamese letters with their marks") {
    CHECK(upper("ủy ban nhân dân") == "ỦY BAN NHÂN DÂN");
    CHECK(upper("đồng nai") == "ĐỒNG NAI");
    CHECK(lower("SỞ Y TẾ") == "sở y tế");
}

TEST_CASE("nfc composes decomposed Vietnamese") {
    // "ế" written as e + circumflex + acute (NFD) becomes U+1EBF.
    CHECK(nfc("e\xCC\x82\xCC\x81") == "\xE1\xBA\xBF");
    CHECK(is_nfc("Tế"));
    CHECK_FALSE(is_nfc("e\xCC\x82\xCC\x81"));
    CHECK_THROWS_AS(nfc("\xC3("), InvalidUtf8);
}

TEST_CASE("codepoint_count counts characters, not bytes") {
    CHECK(codepoint_count("Đồng Nai") == 8);
    CHECK(capitalize("ủY BAN") == "Ủy ban");
}

// Expected values below are what Debian's Python 3.11 str methods return (the behaviour Jinja2's
// upper/lower/capitalize filters have); check_text_against_python.py compares every code point.
TEST_CASE("upper and lower follow Python's full case mappings") {
    CHECK(upper("ß") == "SS");
    CHECK(upper("straße") == "STRASSE");
    CHECK(lower("straße") == "straße");
    CHECK(upper("ﬁ") == "FI");
    CHECK(upper("ǆemal") == "ǄEMAL");
    CHECK(upper("ŉ") == "ʼN");
    CHECK(upper("ǰ") == "J\xCC\x8C");                 // J + combining caron
    CHECK(upper("ΐ") == "\xCE\x99\xCC\x88\xCC\x81");  // Ι + diaeresis + acute
    // İ lowercases to i + combining dot above (no Turkish tailoring).
    CHECK(lower("İstanbul") == "i\xCC\x87stanbul");
    CHECK(upper("i\xCC\x87") == "I\xCC\x87");  // stays decomposed
    CHECK(upper("istanbul") == "ISTANBUL");    // no dotted İ outside Turkish
}

TEST_CASE("lower uses final sigma at the end of a word") {
    CHECK(lower("ΟΔΟΣ") == "οδος");
    CHECK(lower("ΑΣ ΒΣ") == "ας βς");
    CHECK(lower("ΑΣ.") == "ας.");
    CHECK(lower("ΑΣΑ") == "ασα");
    CHECK(lower("ΣΑ") == "σα");
    CHECK(lower("Σ") == "σ");
}

TEST_CASE("capitalize titlecases the first character and lowercases the rest in context") {
    CHECK(capitalize("ủy ban nhân dân") == "Ủy ban nhân dân");
    CHECK(capitalize("đồng nai") == "Đồng nai");
    CHECK(capitalize("ĐỒNG NAI") == "Đồng nai");
    CHECK(capitalize("ß") == "Ss");
    CHECK(capitalize("ﬁ") == "Fi");
    CHECK(capitalize("ǆemal") == "ǅemal");
    CHECK(capitalize("ŉ") == "ʼN");
    CHECK(capitalize("İstanbul") == "İstanbul");
    CHECK(capitalize("ΟΔΟΣ") == "Οδος");
    CHECK(capitalize("ΑΣ") == "Ας");  // the final sigma needs the first letter as context
    CHECK(capitalize("Σ") == "Σ");
    CHECK(capitalize("") == "");
    CHECK(capitalize("1 ABC") == "1 abc");
}

TEST_CASE("Vietnamese letters round-trip through upper and lower") {
    const std::string lower_vn =
        "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ";
    const std::string upper_vn =
        "AÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬBCDĐEÈẺẼÉẸÊỀỂỄẾỆGHIÌỈĨÍỊKLMNOÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢPQRSTUÙỦŨÚỤƯỪỬỮỨỰVXYỲỶỸÝỴ";
    CHECK(upper(lower_vn) == upper_vn);
    CHECK(lower(upper_vn) == lower_vn);
    CHECK(codepoint_count(lower_vn) == 89);
    CHECK(is_nfc(lower_vn));
    CHECK(is_nfc(upper_vn));
}

TEST_CASE("nfc leaves NFC and ASCII text unchanged and composes everything else") {
    CHECK(nfc("") == "");
    CHECK(nfc("abc") == "abc");
    CHECK(nfc("Thống Nhất") == "Thống Nhất");
    // Ư + hook above + ... in NFD: U+0055 U+031B U+0309 -> U+1EEC "Ử".
    CHECK(nfc("U\xCC\x9B\xCC\x89") == "Ử");
    // Canonical reordering: dot below (ccc 220) and circumflex (ccc 230) in either order.
    CHECK(nfc("a\xCC\x82\xCC\xA3") == "ậ");
    CHECK(nfc("a\xCC\xA3\xCC\x82") == "ậ");
    CHECK(is_nfc("ậ"));
    CHECK_FALSE(is_nfc("a\xCC\xA3\xCC\x82"));
    CHECK_THROWS_AS(is_nfc("\xE1\xBA"), InvalidUtf8);   // truncated sequence
    CHECK_THROWS_AS(nfc("\xC0\x80"), InvalidUtf8);      // overlong NUL
    CHECK_THROWS_AS(nfc("\xED\xA0\x80"), InvalidUtf8);  // surrogate
}

TEST_CASE("codepoint_count is Python's len()") {
    CHECK(codepoint_count("") == 0);
    CHECK(codepoint_count("abc") == 3);
    CHECK(codepoint_count("ủy ban") == 6);
    CHECK(codepoint_count("e\xCC\x82\xCC\x81") == 3);  // NFD: three code points
    CHECK(codepoint_count("\xF0\x9F\x98\x80") == 1);   // one emoji, four bytes
}

TEST_CASE("is_space is Python's str.isspace()") {
    for (char32_t cp : {0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1F, 0x85, 0xA0, 0x1680, 0x2000,
                        0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000}) {
        INFO(static_cast<unsigned>(cp));
        CHECK(is_space(cp));
    }
    for (char32_t cp : {0x00, 0x08, 0x0E, 0x41, 0x200B, 0xFEFF, 0x180E, 0x1EA1}) {
        INFO(static_cast<unsigned>(cp));
        CHECK_FALSE(is_space(cp));
    }
}

TEST_CASE("is_word_char is Python's \\w") {
    for (char32_t cp : {U'a', U'Z', U'0', U'_', U'ạ', U'Đ', U'ư', U'½', U'①', U'²', U'٣', U'Ⅰ'}) {
        INFO(static_cast<unsigned>(cp));
        CHECK(is_word_char(cp));
    }
    // Combining marks are not \w in Python (NFD text splits words there).
    for (char32_t cp : {U' ', U'-', U'.', U'\u0301', U'\u0300', U'\u00B7', U'\u200D', U'/'}) {
        INFO(static_cast<unsigned>(cp));
        CHECK_FALSE(is_word_char(cp));
    }
}
