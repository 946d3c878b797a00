// Mapping mode of the import: a sheet (XLSX) or a CSV file laid out by someone else, typically the
// one-stop system's export. The mapping file names the header of the unit column and of each
// indicator's numerator and denominator columns; units are found by code or by name.
#include <map>

#include "intake/csv_reader.hpp"
#include "intake/import_internal.hpp"
#include "intake/mapping.hpp"
#include "intake/xlsx_reader.hpp"
#include "vn/text.hpp"

namespace vanban::intake {

namespace {

struct Columns {
    std::uint32_t unit = 0;
    std::vector<std::uint32_t> num, den;  // per mapped indicator
};

std::string cell_text(const Cell* c) {
    if (!c) return "";
    if (c->kind == CellKind::number) return describe(*c);
    return c->text;
}

}  // namespace

void import_mapped(const std::string& file, const XlsxBook* book, const std::string* csv_text,
                   const Mapping& m, Collected& c) {
    std::string sheet;  // "" for CSV: cells are named "F17"
    std::size_t sheet_index = 0;
    if (book) {
        if (!m.sheet.empty()) {
            int i = book->sheet_index(vn::nfc(m.sheet));
            if (i < 0) {
                std::string names;
                for (const auto& s : book->sheets()) names += (names.empty() ? "" : ", ") + s.name;
                c.issues.error(file, "",
                               "không có trang \"" + m.sheet + "\" (tệp ánh xạ " + m.source +
                                   " /sheet); các trang: " + names);
                return;
            }
            sheet_index = static_cast<std::size_t>(i);
        } else {
            while (sheet_index + 1 < book->sheets().size() && book->sheets()[sheet_index].hidden)
                ++sheet_index;
        }
        sheet = book->sheets()[sheet_index].name;
    }
    const bool csv = csv_text != nullptr;
    const std::uint32_t last_header = m.header_rows.back();

    // Unit names, matched after NFC and case folding.
    std::map<std::string, std::vector<std::size_t>> by_name;
    if (!m.unit_by_code)
        for (std::size_t i = 0; i < c.org.units.size(); ++i)
            by_name[match_key(c.org.units[i].name)].push_back(i);

    std::map<std::uint32_t, std::vector<std::string>> header_parts;  // col -> texts, top down
    bool resolved = false, failed = false;
    Columns cols;
    auto resolve = [&] {
        resolved = true;
        // An upper header row merged across columns has its text in the first cell only: it
        // counts for the columns to its right up to the next text in that row.
        for (std::size_t level = 0; level + 1 < m.header_rows.size(); ++level) {
            std::string current;
            for (auto& [col, parts] : header_parts) {
                parts.resize(m.header_rows.size());
                if (!parts[level].empty())
                    current = parts[level];
                else
                    parts[level] = current;
            }
        }
        std::map<std::string, std::vector<std::uint32_t>> by_header;
        for (const auto& [col, parts] : header_parts) {
            std::string h;
            for (const auto& p : parts)
                if (!p.empty()) h += (h.empty() ? "" : " / ") + p;
            by_header[match_key(h)].push_back(col);
        }
        std::string row_where = cell_name(sheet, 1, last_header);
        auto find = [&](const std::string& header, const std::string& ptr) -> std::uint32_t {
            auto it = by_header.find(match_key(header));
            if (it == by_header.end()) {
                c.issues.error(file, row_where,
                               "không có cột tiêu đề \"" + header + "\" (tệp ánh xạ " + m.source +
                                   " " + ptr + ") ở hàng tiêu đề");
                failed = true;
                return 0;
            }
            if (it->second.size() > 1) {
                c.issues.error(file, cell_name(sheet, it->second[1], last_header),
                               "tiêu đề \"" + header + "\" có ở hai cột (" +
                                   column_name(it->second[0]) + " và " +
                                   column_name(it->second[1]) + ")");
                failed = true;
                return 0;
            }
            return it->second.front();
        };
        cols.unit = find(m.unit_header, "/unit/header");
        for (const auto& mi : m.indicators) {
            cols.num.push_back(find(mi.numerator, mi.numerator_ptr));
            cols.den.push_back(find(mi.denominator, mi.denominator_ptr));
        }
        header_parts.clear();
    };

    auto on_row = [&](const Row& row) -> bool {
        c.issues.clear_subject();
        if (row.index <= last_header) {
            bool is_header = false;
            std::size_t level = 0;
            for (std::size_t i = 0; i < m.header_rows.size(); ++i)
                if (m.header_rows[i] == row.index) {
                    is_header = true;
                    level = i;
                }
            if (!is_header) return true;
            for (const auto& cell : row.cells) {
                auto& parts = header_parts[cell.col];
                parts.resize(m.header_rows.size());
                parts[level] = cell_text(&cell);
            }
            return true;
        }
        if (!resolved) resolve();
        if (failed) return false;
        const Cell* ucell = row.find(cols.unit);
        std::string utext = cell_text(ucell);
        std::string key = match_key(utext);
        std::string uwhere = cell_name(sheet, cols.unit, row.index);
        for (const auto& s : m.skip)
            if (key == s) return true;
        bool any = false;
        for (std::size_t j = 0; j < m.indicators.size(); ++j)
            if (row.find(cols.num[j]) || row.find(cols.den[j])) any = true;
        if (key.empty()) {
            c.issues.warning(file, uwhere,
                             any ? "hàng không có đơn vị: bỏ qua" : "hàng trống: bỏ qua");
            return true;
        }
        std::optional<std::size_t> ui;
        if (m.unit_by_code) {
            int i = c.org.unit_index(key);
            if (i < 0)
                c.issues.error(
                    file, uwhere,
                    "mã đơn vị \"" + utext + "\" không có trong tệp tổ chức " + c.org.source);
            else
                ui = static_cast<std::size_t>(i);
        } else {
            auto it = by_name.find(key);
            if (it == by_name.end()) {
                c.issues.error(file, uwhere,
                               "tên đơn vị \"" + utext +
                                   "\" không khớp đơn vị nào trong tệp tổ chức " + c.org.source);
            } else if (it->second.size() > 1) {
                std::string ids;
                for (auto i : it->second) ids += (ids.empty() ? "" : ", ") + c.org.units[i].id;
                c.issues.error(file, uwhere,
                               "tên đơn vị \"" + utext + "\" khớp " +
                                   std::to_string(it->second.size()) + " đơn vị (" + ids +
                                   "): dùng mã đơn vị (\"by\": \"code\")");
            } else {
                ui = it->second.front();
            }
        }
        if (!ui) return true;
        const auto& unit = c.org.units[*ui];
        c.issues.set_subject(unit.id);
        if (!any) {
            c.issues.warning(
                file, uwhere,
                "hàng trống: đơn vị \"" + unit.id + "\" (" + unit.name + ") không có số liệu");
            return true;
        }
        if (!c.claim(*ui, file, uwhere)) return true;
        const std::size_t n_ind = c.method.indicators.size();
        for (std::size_t j = 0; j < m.indicators.size(); ++j) {
            std::size_t k = m.indicators[j].indicator;
            if (!c.applies(*ui, k)) continue;  // exports list every indicator for every unit
            const Cell* ncell = row.find(cols.num[j]);
            const Cell* dcell = row.find(cols.den[j]);
            auto pn = plain_count(ncell), pd = plain_count(dcell);
            if (pn && pd && *pn <= *pd) {
                c.counts[*ui * n_ind + k] = model::Counts{*pn, *pd};
                continue;
            }
            const auto& ind = c.method.indicators[k];
            c.issues.set_subject(unit.id, ind.id);
            auto what = [&](const std::string& label) {
                return label + ", chỉ tiêu \"" + ind.id + "\", đơn vị \"" + unit.id + "\"";
            };
            std::string nw = cell_name(sheet, cols.num[j], row.index);
            std::string dw = cell_name(sheet, cols.den[j], row.index);
            auto num = read_count(ncell, csv, c.issues, file, nw, what(ind.numerator_label));
            auto den = read_count(dcell, csv, c.issues, file, dw, what(ind.denominator_label));
            store_pair(c, *ui, k, num, den, file, nw, dw);
        }
        c.issues.clear_subject();
        return true;
    };
    if (book)
        book->read_sheet(sheet_index, on_row);
    else
        parse_csv(file, *csv_text, 0, on_row);
    if (!resolved) resolve();  // a file with headers only still has its headers checked
    c.issues.clear_subject();
}

}  // namespace vanban::intake
