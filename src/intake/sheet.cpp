#include "intake/sheet.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace vanban::intake {

namespace {

// At most 60 bytes of a text for a message, cut on a code point boundary.
std::string shorten(const std::string& s) {
    if (s.size() <= 60) return s;
    std::size_t cut = 60;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return s.substr(0, cut) + "…";
}

}  // namespace

ReadError::ReadError(std::string f, std::string d)
    : std::runtime_error(f + ": " + d), file(std::move(f)), detail(std::move(d)) {}

const Cell* Row::find(std::uint32_t col) const {
    auto it = std::lower_bound(cells.begin(), cells.end(), col,
                               [](const Cell& c, std::uint32_t v) { return c.col < v; });
    return it != cells.end() && it->col == col ? &*it : nullptr;
}

std::string column_name(std::uint32_t col) {
    std::string s;
    while (col > 0) {
        --col;
        s.insert(s.begin(), static_cast<char>('A' + col % 26));
        col /= 26;
    }
    return s;
}

std::string cell_name(std::uint32_t col, std::uint32_t row) {
    return column_name(col) + std::to_string(row);
}

std::string cell_name(std::string_view sheet, std::uint32_t col, std::uint32_t row) {
    if (sheet.empty()) return cell_name(col, row);
    bool plain = true;
    for (unsigned char c : sheet)
        if (!(std::isalnum(c) || c == '_' || c == '.')) plain = false;
    if (std::isdigit(static_cast<unsigned char>(sheet.front()))) plain = false;
    std::string out;
    if (plain) {
        out = sheet;
    } else {
        out = "'";
        for (char c : sheet) {
            if (c == '\'') out += '\'';
            out += c;
        }
        out += '\'';
    }
    return out + "!" + cell_name(col, row);
}

bool parse_cell_name(std::string_view ref, std::uint32_t& col, std::uint32_t& row) {
    std::size_t i = 0;
    std::uint64_t c = 0, r = 0;
    while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && i < 3)
        c = c * 26 + static_cast<std::uint64_t>(ref[i++] - 'A' + 1);
    if (i == 0 || i == ref.size()) return false;
    std::size_t digits = 0;
    while (i < ref.size() && ref[i] >= '0' && ref[i] <= '9' && digits < 8) {
        r = r * 10 + static_cast<std::uint64_t>(ref[i++] - '0');
        ++digits;
    }
    if (i != ref.size() || r == 0 || c > 16384 || r > 1048576) return false;
    col = static_cast<std::uint32_t>(c);
    row = static_cast<std::uint32_t>(r);
    return true;
}

std::string describe(const Cell& cell) {
    switch (cell.kind) {
        case CellKind::number: {
            if (std::isfinite(cell.number) && cell.number == std::floor(cell.number) &&
                std::fabs(cell.number) < 1e15)
                return std::to_string(static_cast<long long>(cell.number));
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.15g", cell.number);
            std::string s = buf;
            std::replace(s.begin(), s.end(), '.', ',');
            return s;
        }
        case CellKind::text:
            return "chữ \"" + shorten(cell.text) + "\"";
        case CellKind::boolean:
            return cell.number != 0 ? "giá trị logic TRUE" : "giá trị logic FALSE";
        case CellKind::date:
            return "ngày " + cell.text;
        case CellKind::error:
            return "giá trị lỗi " + cell.text;
        case CellKind::no_value:
            return "công thức =" + cell.text + " chưa được tính";
    }
    return "";
}

}  // namespace vanban::intake
