// Where a line must not break in Vietnamese administrative text: inside a document's number and
// symbol (5755/KH-UBND, 30/2020/NĐ-CP), a date (16/7/2021, 7/2021), a compound written with a
// hyphen (Covid-19) and a quarter (quý III/2021). Printed letters keep each of them on one line,
// as the secretariat types them with non-breaking joins; the ND30 templates apply this through
// the `vn_nobreak` filter and the Phụ lục layout measures with the same ranges.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace vanban::vn {

// Longest token kept on one line, in code points: anything longer (a URL, a pasted path) may
// break, or it could not fit the line at all.
constexpr std::size_t kNobreakMaxChars = 30;

// Byte ranges [first, second) of `text` that must stay on one line, in order, not overlapping.
// Words are separated by ASCII spaces. A word (with its punctuation) is kept whole when a '/'
// or '-' sits inside it and it is at most kNobreakMaxChars long and not a URL ("://"); "quý"
// (maybe after "(") and the Roman numeral after it ("quý III/2021", "Quý IV") are kept together.
std::vector<std::pair<std::size_t, std::size_t>> nobreak_ranges(std::string_view text);

}  // namespace vanban::vn
