#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "vn/collate.hpp"
#include "vn/text.hpp"

using namespace vanban::vn;

namespace {

// The districts and cities of Đồng Nai in Vietnamese dictionary order.
const std::vector<std::string> kDongNai = {"Biên Hòa",   "Cẩm Mỹ",     "Định Quán", "Long Khánh",
                                           "Long Thành", "Nhơn Trạch", "Tân Phú",   "Thống Nhất",
                                           "Trảng Bom",  "Vĩnh Cửu",   "Xuân Lộc"};

std::vector<std::string> shuffled(std::vector<std::string> v, unsigned seed) {
    std::mt19937 rng(seed);
    std::shuffle(v.begin(), v.end(), rng);
    return v;
}

}  // namespace

TEST_CASE("compare_vi is a consistent three-way comparison") {
    CHECK(compare_vi("", "") == 0);
    CHECK(compare_vi("Long Khánh", "Long Khánh") == 0);
    CHECK(compare_vi("", "a") < 0);
    CHECK(compare_vi("a", "") > 0);
    CHECK(compare_vi("Long Khánh", "Long Thành") < 0);
    CHECK(compare_vi("Long Thành", "Long Khánh") > 0);
}

TEST_CASE("Đồng Nai district names sort in Vietnamese order") {
    for (std::size_t i = 0; i + 1 < kDongNai.size(); ++i) {
        INFO(kDongNai[i] << " < " << kDongNai[i + 1]);
        CHECK(compare_vi(kDongNai[i], kDongNai[i + 1]) < 0);
        CHECK(sort_key_vi(kDongNai[i]) < sort_key_vi(kDongNai[i + 1]));
    }
    // Byte order would put "Định" after "Xuân" (U+0110 is above ASCII).
    CHECK(std::string("Định Quán") > std::string("Xuân Lộc"));
    auto v = shuffled(kDongNai, 7);
    std::sort(v.begin(), v.end(),
              [](const std::string& a, const std::string& b) { return compare_vi(a, b) < 0; });
    CHECK(v == kDongNai);
}

TEST_CASE("đ sorts after d and before e") {
    CHECK(compare_vi("d", "đ") < 0);
    CHECK(compare_vi("đ", "e") < 0);
    CHECK(compare_vi("dz", "đa") < 0);  // đ is a letter of its own, not d with a mark
    CHECK(compare_vi("Dương", "Đà Lạt") < 0);
    CHECK(compare_vi("Đà Lạt", "Ea Súp") < 0);
}

TEST_CASE("Ă and Â are letters after A") {
    CHECK(compare_vi("A", "Ă") < 0);
    CHECK(compare_vi("Ă", "Â") < 0);
    CHECK(compare_vi("Â", "B") < 0);
    CHECK(compare_vi("Az", "Ăa") < 0);
    CHECK(compare_vi("ăn", "an") > 0);
    CHECK(compare_vi("Âu", "Ăn") > 0);
    CHECK(compare_vi("e", "ê") < 0);
    CHECK(compare_vi("ez", "êa") < 0);
    CHECK(compare_vi("oz", "ôa") < 0);
    CHECK(compare_vi("ôz", "ơa") < 0);
    CHECK(compare_vi("uz", "ưa") < 0);
}

TEST_CASE("tone marks order ngang < huyền < hỏi < ngã < sắc < nặng") {
    const std::vector<std::string> tones = {"ma", "mà", "mả", "mã", "má", "mạ"};
    for (std::size_t i = 0; i + 1 < tones.size(); ++i) {
        INFO(tones[i] << " < " << tones[i + 1]);
        CHECK(compare_vi(tones[i], tones[i + 1]) < 0);
    }
    // A tone is a lesser difference than a letter: "mạ" before "mai".
    CHECK(compare_vi("mạ", "mai") < 0);
    CHECK(compare_vi("Hòa", "Hoàng") < 0);
}

TEST_CASE("case is the least difference") {
    CHECK(compare_vi("an", "An") < 0);
    CHECK(compare_vi("An", "ăn") < 0);
    CHECK(compare_vi("biên hòa", "Biên Hòa") != 0);
}

TEST_CASE("NFC and NFD spellings compare equal") {
    const std::string nfd =
        "Vie\xCC\xA3\xCC\x82t";  // "Việt" decomposed: e + dot below + circumflex
    CHECK(compare_vi(nfc(nfd), nfd) == 0);
    CHECK(compare_vi("Vi\xE1\xBB\x87t", nfd) == 0);
    CHECK(sort_key_vi("Vi\xE1\xBB\x87t") == sort_key_vi(nfd));
}

TEST_CASE("sort keys order like compare_vi") {
    std::vector<std::string> words = {"a",  "à",   "ả",   "ã",   "á",    "ạ",   "ă",  "â",
                                      "b",  "d",   "đ",   "e",   "ê",    "o",   "ô",  "ơ",
                                      "u",  "ư",   "y",   "An",  "Anh",  "Ánh", "ba", "Bà",
                                      "bà", "bảo", "Bảo", "Đức", "Dũng", "",    "1",  "10"};
    int mismatches = 0;
    for (const auto& a : words)
        for (const auto& b : words) {
            const int c = compare_vi(a, b);
            const int k = sort_key_vi(a).compare(sort_key_vi(b));
            if ((c < 0) != (k < 0) || (c == 0) != (k == 0)) ++mismatches;
        }
    CHECK(mismatches == 0);
    CHECK(sort_key_vi("") < sort_key_vi("a"));
    CHECK(sort_key_vi("a").find('\0') == std::string::npos);
}

TEST_CASE("collation gives the same answers from several threads at once") {
    // Each thread sorts its own shuffled copy thousands of times; a shared ICU collator would
    // corrupt its state and give wrong orders (and reports under ThreadSanitizer).
    std::vector<int> wrong(4, 0);
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < 4; ++t)
        threads.emplace_back([t, &wrong] {
            for (unsigned round = 0; round < 300; ++round) {
                auto v = shuffled(kDongNai, t * 1000 + round);
                if (round % 2)
                    std::sort(v.begin(), v.end(),
                              [](const auto& a, const auto& b) { return compare_vi(a, b) < 0; });
                else
                    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
                        return sort_key_vi(a) < sort_key_vi(b);
                    });
                if (v != kDongNai) ++wrong[t];
            }
        });
    for (auto& th : threads) th.join();
    CHECK(wrong == std::vector<int>(4, 0));
}
