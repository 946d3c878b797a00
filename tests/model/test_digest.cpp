// SHA-256 against FIPS 180-4 test vectors and sha256sum.
#include <catch2/catch.hpp>

#include <string>

#include "model/digest.hpp"

using vanban::model::Sha256;
using vanban::model::sha256_hex;

TEST_CASE("SHA-256 matches the FIPS 180-4 vectors") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 of UTF-8 text equals sha256sum's") {
    // printf 'Sở Y tế' | sha256sum
    CHECK(sha256_hex("Sở Y tế") ==
          "035999b3ec8b26ebe3d535cbebc0f0e9e6549e1c17b9a5c3b8f4c0d7fbd13916");
}

TEST_CASE("SHA-256 fed in pieces equals one call, across block boundaries") {
    std::string text;
    for (int i = 0; i < 300; ++i) text += static_cast<char>('A' + i % 26);
    for (std::size_t cut : {0u, 1u, 55u, 56u, 63u, 64u, 65u, 128u, 299u}) {
        Sha256 s;
        s.update(std::string_view(text).substr(0, cut));
        s.update(std::string_view(text).substr(cut));
        CHECK(s.hex() == sha256_hex(text));
    }
}
