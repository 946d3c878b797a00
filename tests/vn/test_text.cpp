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
