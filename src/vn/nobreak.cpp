#include "vn/nobreak.hpp"

#include "vn/text.hpp"

namespace vanban::vn {

namespace {

bool is_edge_punct(char c) {
    return c == '(' || c == ')' || c == ',' || c == '.' || c == ';' || c == ':' || c == '"' ||
           c == '\'' || c == '[' || c == ']' || c == '!' || c == '?';
}

// A word with a '/' or '-' between two of its other characters (after trimming punctuation).
bool joined_word(std::string_view w) {
    std::size_t b = 0, e = w.size();
    while (b < e && is_edge_punct(w[b])) ++b;
    while (e > b && is_edge_punct(w[e - 1])) --e;
    if (e - b < 3 || w.find("://") != std::string_view::npos) return false;
    if (codepoint_count(w) > kNobreakMaxChars) return false;
    for (std::size_t i = b + 1; i + 1 < e; ++i)
        if (w[i] == '/' || w[i] == '-') return true;
    return false;
}

// "quý", maybe after an opening parenthesis or quote: "(quý III/2021)".
bool is_quarter_word(std::string_view w) {
    while (!w.empty() && is_edge_punct(w.front())) w.remove_prefix(1);
    return w == "quý" || w == "Quý" || w == "QUÝ";
}

// "I", "II", "III", "IV" (a quarter), maybe followed by "/2021" or punctuation.
bool roman_quarter(std::string_view w) {
    std::size_t n = 0;
    while (n < w.size() && (w[n] == 'I' || w[n] == 'V')) ++n;
    const std::string_view r = w.substr(0, n);
    if (r != "I" && r != "II" && r != "III" && r != "IV") return false;
    return n == w.size() || w[n] == '/' || is_edge_punct(w[n]);
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> nobreak_ranges(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> words;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        std::size_t j = text.find(' ', i);
        if (j == std::string_view::npos) j = text.size();
        words.emplace_back(i, j);
        i = j;
    }
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t k = 0; k < words.size(); ++k) {
        auto [b, e] = words[k];
        const std::string_view w = text.substr(b, e - b);
        std::size_t end = 0;
        if (is_quarter_word(w) && k + 1 < words.size() && words[k + 1].first == e + 1) {
            const auto [nb, ne] = words[k + 1];
            const std::string_view next = text.substr(nb, ne - nb);
            if (roman_quarter(next) && codepoint_count(next) <= kNobreakMaxChars) {
                end = ne;
                ++k;
            }
        } else if (joined_word(w)) {
            end = e;
        }
        if (end) out.emplace_back(b, end);
    }
    return out;
}

}  // namespace vanban::vn
