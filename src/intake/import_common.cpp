#include <cmath>

#include "intake/import_internal.hpp"
#include "vn/text.hpp"

namespace vanban::intake {

namespace {

constexpr std::int64_t kMaxCount = 1'000'000'000'000LL;  // the loader's limit

// "1234", "1.234", "1,234", "1 234" (groups of three): the integer, or nullopt.
std::optional<std::int64_t> parse_grouped(std::string_view s, bool& negative) {
    negative = false;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    if (s.empty()) return std::nullopt;
    // Plain digits.
    std::string digits;
    char sep = 0;
    std::size_t group = 0, groups = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= '0' && c <= '9') {
            digits += static_cast<char>(c);
            ++group;
            continue;
        }
        // A no-break space (U+00A0) or narrow no-break space (U+202F) groups like a space.
        std::size_t skip = 0;
        char this_sep = static_cast<char>(c);
        if (s.substr(i, 2) == "\xC2\xA0") {
            this_sep = ' ';
            skip = 1;
        } else if (s.substr(i, 3) == "\xE2\x80\xAF") {
            this_sep = ' ';
            skip = 2;
        } else if (c != '.' && c != ',' && c != ' ') {
            return std::nullopt;
        }
        if ((sep && this_sep != sep) || (groups == 0 ? group < 1 || group > 3 : group != 3))
            return std::nullopt;
        sep = this_sep;
        group = 0;
        ++groups;
        i += skip;
    }
    if (groups > 0 && group != 3) return std::nullopt;
    if (digits.empty()) return std::nullopt;
    if (digits.size() > 15) return kMaxCount + 1;
    return std::stoll(digits);
}

}  // namespace

bool Collected::claim(std::size_t ui, const std::string& file, const std::string& where) {
    std::string here = file + ": " + where;
    if (!seen_at[ui].empty()) {
        issues.error(file, where,
                     "đơn vị \"" + org.units[ui].id + "\" (" + org.units[ui].name +
                         ") có hai lần: đã có ở " + seen_at[ui]);
        return false;
    }
    seen_at[ui] = here;
    seen_file[ui] = file;
    seen_where[ui] = where;
    return true;
}

bool Collected::applies(std::size_t ui, std::size_t k) const {
    return method.indicators[k].target_h[static_cast<std::size_t>(org.units[ui].level)].has_value();
}

std::optional<std::int64_t> read_count(const Cell* cell, bool csv, Issues& issues,
                                       const std::string& file, const std::string& where,
                                       const std::string& what) {
    const std::string expected = "cần số nguyên ≥ 0 (" + what + ")";
    if (!cell) {
        issues.error(file, where, "ô trống, " + expected + "; ghi 0 nếu không phát sinh");
        return std::nullopt;
    }
    double v = 0;
    switch (cell->kind) {
        case CellKind::number:
            v = cell->number;
            break;
        case CellKind::text: {
            if (!csv) {
                issues.error(file, where, "ô có " + describe(*cell) + ", " + expected);
                return std::nullopt;
            }
            std::string t = cell->text;
            while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
            std::size_t b = t.find_first_not_of(" \t");
            t = b == std::string::npos ? "" : t.substr(b);
            bool negative = false;
            auto n = parse_grouped(t, negative);
            if (!n) {
                issues.error(file, where, "ô có " + describe(*cell) + ", " + expected);
                return std::nullopt;
            }
            if (negative && *n != 0) {
                issues.error(file, where, "số âm (" + t + "), " + expected);
                return std::nullopt;
            }
            v = static_cast<double>(*n);
            break;
        }
        case CellKind::no_value:
            issues.error(file, where,
                         "ô có công thức =" + cell->text +
                             " nhưng không có giá trị đã tính; mở tệp bằng Excel hoặc "
                             "LibreOffice, tính lại và lưu, hoặc nhập số (" +
                             what + ")");
            return std::nullopt;
        default:
            issues.error(file, where, "ô có " + describe(*cell) + ", " + expected);
            return std::nullopt;
    }
    if (v < 0) {
        issues.error(file, where, "số âm (" + describe(*cell) + "), " + expected);
        return std::nullopt;
    }
    if (v != std::floor(v)) {
        issues.error(file, where, "số " + describe(*cell) + " không phải số nguyên, " + expected);
        return std::nullopt;
    }
    if (v > static_cast<double>(kMaxCount)) {
        issues.error(file, where, "số quá lớn (tối đa 10^12), " + expected);
        return std::nullopt;
    }
    return static_cast<std::int64_t>(v);
}

std::string match_key(std::string_view text) {
    // ASCII (unit codes, read on every row of an export): NFC and ICU's lowercasing change
    // nothing but A-Z, so they are skipped.
    bool ascii = true;
    for (unsigned char c : text)
        if (c >= 0x80) ascii = false;
    std::string s;
    if (ascii) {
        s.assign(text);
        for (char& c : s)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    } else {
        s = vn::lower(vn::nfc(text));
    }
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        bool is_space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!is_space && s.compare(i, 2, "\xC2\xA0") == 0) {
            is_space = true;
            ++i;
        }
        if (is_space) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(c);
    }
    return out;
}

void store_pair(Collected& c, std::size_t ui, std::size_t k, std::optional<std::int64_t> num,
                std::optional<std::int64_t> den, const std::string& file,
                const std::string& num_where, const std::string& den_where) {
    if (!num || !den) return;
    if (*num > *den) {
        c.issues.error(file, num_where,
                       "tử số (" + std::to_string(*num) + ") lớn hơn mẫu số (" +
                           std::to_string(*den) + ", ô " + den_where + ") của chỉ tiêu \"" +
                           c.method.indicators[k].id + "\", đơn vị \"" + c.org.units[ui].id + "\"");
        return;
    }
    c.counts[ui * c.method.indicators.size() + k] = model::Counts{*num, *den};
}

}  // namespace vanban::intake
