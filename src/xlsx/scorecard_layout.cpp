#include "xlsx/scorecard_layout.hpp"

#include <algorithm>

#include "vn/text.hpp"

namespace vanban::xlsx {

std::string column_name(lxw_col_t col) {
    std::string s;
    unsigned n = static_cast<unsigned>(col) + 1;
    while (n > 0) {
        unsigned r = (n - 1) % 26;
        s.insert(s.begin(), static_cast<char>('A' + r));
        n = (n - 1) / 26;
    }
    return s;
}

std::string cell(lxw_row_t row, lxw_col_t col, bool absolute) {
    std::string d = absolute ? "$" : "";
    return d + column_name(col) + d + std::to_string(row + 1);
}

namespace {

std::string quoted(const std::string& sheet) {
    std::string q = "'";
    for (char c : sheet) {
        if (c == '\'') q += '\'';
        q += c;
    }
    return q + "'";
}

}  // namespace

std::string sheet_cell(const std::string& sheet, lxw_row_t row, lxw_col_t col, bool absolute) {
    return quoted(sheet) + "!" + cell(row, col, absolute);
}

std::string sheet_range(const std::string& sheet, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2,
                        lxw_col_t c2) {
    return quoted(sheet) + "!" + cell(r1, c1, true) + ":" + cell(r2, c2, true);
}

std::string sheet_name(const std::string& wanted, const std::vector<std::string>& taken) {
    std::u32string s = vn::to_u32(wanted);
    for (auto& c : s)
        if (c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' || c == '\\')
            c = '-';
    while (!s.empty() && (s.front() == '\'' || s.front() == ' ')) s.erase(s.begin());
    while (!s.empty() && (s.back() == '\'' || s.back() == ' ')) s.pop_back();
    if (s.empty()) s = U"Chỉ số";
    // Excel compares sheet names case-insensitively.
    auto used = [&](const std::string& name) {
        std::string l = vn::lower(name);
        return std::any_of(taken.begin(), taken.end(),
                           [&](const std::string& t) { return vn::lower(t) == l; });
    };
    for (int n = 1;; ++n) {
        std::u32string suffix = n == 1 ? U"" : vn::to_u32(" (" + std::to_string(n) + ")");
        std::u32string base = s.substr(0, 31 - suffix.size());
        std::string name = vn::to_utf8(base + suffix);
        if (!used(name)) return name;
    }
}

ScorecardLayout plan_scorecard(const model::Dataset& ds, const scoring::ScoreTable& table,
                               const std::vector<model::Level>& levels) {
    ScorecardLayout l;
    const model::Method& m = *table.method;
    // Levels in their canonical order (sở, huyện, xã), each once, whatever order was asked for:
    // the order of the ScoreTable and of `vanban score`.
    std::vector<model::Level> wanted;
    for (model::Level lv : {model::Level::so, model::Level::huyen, model::Level::xa})
        if (std::find(levels.begin(), levels.end(), lv) != levels.end()) wanted.push_back(lv);
    const std::size_t n_rows = table.rows.size();
    l.ranking_row.assign(n_rows, kNoRow);
    lxw_row_t r = kRankHeaderRow + 1;
    for (model::Level level : wanted) {
        LevelBlock b;
        b.level = level;
        b.section_row = r++;
        b.first_row = r;
        for (std::size_t i = 0; i < n_rows; ++i) {
            const scoring::UnitScore& u = table.rows[i];
            if (u.level != level) continue;
            l.rows.push_back(i);
            l.ranking_row[i] = r++;
            ++b.units;
            if (u.has_total) ++b.ranked;
        }
        b.last_row = r - 1;
        if (level == model::Level::xa) l.has_district = true;
        l.blocks.push_back(b);
    }
    l.ranking_last_row = r - 1;

    std::vector<std::string> taken{"Xếp hạng", "Chỉ tiêu", "Chưa đạt", "Biểu đồ"};
    const std::size_t n_ind = m.indicators.size();
    l.indicator_sheet.resize(n_ind);
    l.indicator_row.assign(n_ind, std::vector<lxw_row_t>(n_rows, kNoRow));
    l.indicator_last_row.assign(n_ind, kIndicatorHeaderRow);
    for (std::size_t k = 0; k < n_ind; ++k) {
        const model::Indicator& ind = m.indicators[k];
        l.indicator_sheet[k] = sheet_name(ind.short_name.empty() ? ind.id : ind.short_name, taken);
        taken.push_back(l.indicator_sheet[k]);
        lxw_row_t ir = kIndicatorHeaderRow + 1;
        for (std::size_t i : l.rows) {
            if (!table.rows[i].indicators[k].applicable) continue;
            l.indicator_row[k][i] = ir++;
        }
        l.indicator_last_row[k] = ir - 1;
    }
    (void)ds;
    return l;
}

}  // namespace vanban::xlsx
