// Form mode of the import: a workbook written by `vanban data form`. Its hidden "_vanban" sheet
// says which unit each row is and which indicator and count each column is, so nothing depends on
// names; the visible unit code and the indicator headers are still checked against it, so a form
// whose rows were re-sorted or that belongs to another year's targets is caught.
#include <cmath>
#include <map>

#include "intake/form_layout.hpp"
#include "intake/import_internal.hpp"
#include "intake/xlsx_reader.hpp"

namespace vanban::intake {

namespace {

struct FormColumn {
    std::size_t indicator = 0;
    bool numerator = true;
};

struct FormIds {
    std::string period, sheet;
    std::uint32_t header_row = form::kHeaderRow;
    std::map<std::uint32_t, FormColumn> columns;  // by column number
    std::map<std::uint32_t, std::size_t> units;   // by row number: unit index
};

std::string text_of(const Row& row, std::uint32_t col) {
    const Cell* c = row.find(col);
    if (!c) return "";
    if (c->kind == CellKind::number) return describe(*c);
    return c->text;
}

std::optional<std::uint32_t> number_of(const Row& row, std::uint32_t col) {
    const Cell* c = row.find(col);
    if (!c || c->kind != CellKind::number || c->number < 1 || c->number > 1048576 ||
        c->number != std::floor(c->number))
        return std::nullopt;
    return static_cast<std::uint32_t>(c->number);
}

bool read_ids(const XlsxBook& book, int index, Collected& c, FormIds& ids) {
    const std::string& file = book.name();
    const std::string sheet = form::kIdsSheet;
    std::size_t errors = c.issues.errors();
    bool magic = false;
    book.read_sheet(static_cast<std::size_t>(index), [&](const Row& row) {
        std::string key = text_of(row, 1);
        auto where = [&](std::uint32_t col) { return cell_name(sheet, col, row.index); };
        if (key == "vanban") {
            magic = text_of(row, 2) == form::kMagic;
            auto v = number_of(row, 3);
            if (magic && (!v || *v != form::kVersion))
                c.issues.error(file, where(3),
                               "mẫu phiên bản " + text_of(row, 3) + ", vanban này đọc phiên bản " +
                                   std::to_string(form::kVersion));
        } else if (key == "period") {
            ids.period = text_of(row, 2);
        } else if (key == "sheet") {
            ids.sheet = text_of(row, 2);
        } else if (key == "header") {
            if (auto r = number_of(row, 2)) ids.header_row = *r;
        } else if (key == "column") {
            auto col = number_of(row, 2);
            int k = c.method.indicator_index(text_of(row, 3));
            std::string role = text_of(row, 4);
            if (!col || (role != "numerator" && role != "denominator")) {
                c.issues.error(file, where(1), "hàng mô tả cột của mẫu bị sửa");
            } else if (k < 0) {
                c.issues.error(file, where(3),
                               "chỉ tiêu \"" + text_of(row, 3) +
                                   "\" của mẫu không có trong bộ chỉ tiêu năm " +
                                   std::to_string(c.method.year) + " (" + c.method.source +
                                   "): mẫu lập cho bộ chỉ tiêu khác");
            } else {
                ids.columns[*col] = FormColumn{static_cast<std::size_t>(k), role == "numerator"};
            }
        } else if (key == "unit") {
            auto r = number_of(row, 2);
            std::string id = text_of(row, 3);
            int ui = c.org.unit_index(id);
            if (!r)
                c.issues.error(file, where(2), "hàng mô tả đơn vị của mẫu bị sửa");
            else if (ui < 0)
                c.issues.error(
                    file, where(3),
                    "đơn vị \"" + id + "\" của mẫu không có trong tệp tổ chức " + c.org.source);
            else
                ids.units[*r] = static_cast<std::size_t>(ui);
        }
        return true;
    });
    if (!magic) {
        c.issues.error(file, sheet + "!A1", "trang _vanban không phải của mẫu số liệu vanban");
        return false;
    }
    return c.issues.errors() == errors;
}

}  // namespace

void import_form(const XlsxBook& book, const model::Quarter& quarter, Collected& c) {
    const std::string& file = book.name();
    FormIds ids;
    if (!read_ids(book, book.sheet_index(form::kIdsSheet), c, ids)) return;
    if (ids.period != quarter.code()) {
        c.issues.error(file, std::string(form::kIdsSheet) + "!B2",
                       "mẫu lập cho kỳ " + ids.period + ", đang nhập kỳ " + quarter.code());
        return;
    }
    int data = book.sheet_index(ids.sheet);
    if (data < 0) {
        c.issues.error(file, "",
                       "không có trang \"" + ids.sheet + "\" mà mẫu ghi là trang số liệu");
        return;
    }
    const std::string& sheet = book.sheets()[static_cast<std::size_t>(data)].name;
    const std::size_t n_ind = c.method.indicators.size();
    std::vector<std::uint8_t> row_seen;
    // Numerator and denominator columns per indicator.
    std::vector<std::uint32_t> num_col(n_ind, 0), den_col(n_ind, 0);
    for (const auto& [col, fc] : ids.columns)
        (fc.numerator ? num_col : den_col)[fc.indicator] = col;
    std::uint32_t last_unit_row = ids.units.empty() ? 0 : ids.units.rbegin()->first;
    book.read_sheet(static_cast<std::size_t>(data), [&](const Row& row) {
        c.issues.clear_subject();
        if (row.index == ids.header_row) {
            // Each indicator's name over its numerator column, as the targets file has it.
            for (const auto& [col, fc] : ids.columns) {
                if (!fc.numerator) continue;
                const auto& ind = c.method.indicators[fc.indicator];
                std::string got = text_of(row, col);
                if (match_key(got) != match_key(ind.name))
                    c.issues.error(file, cell_name(sheet, col, row.index),
                                   "tiêu đề là \"" + got + "\", cần \"" + ind.name +
                                       "\" (tên chỉ tiêu \"" + ind.id + "\" trong " +
                                       c.method.source + ")");
            }
            return true;
        }
        auto it = ids.units.find(row.index);
        if (it == ids.units.end()) {
            if (row.index > last_unit_row)
                for (const auto& [col, fc] : ids.columns)
                    if (row.find(col)) {
                        c.issues.warning(file, cell_name(sheet, col, row.index),
                                         "hàng " + std::to_string(row.index) +
                                             " không thuộc mẫu (không có đơn vị): bỏ qua");
                        break;
                    }
            return true;
        }
        const std::size_t ui = it->second;
        const auto& unit = c.org.units[ui];
        c.issues.set_subject(unit.id);
        if (row_seen.size() <= ui) row_seen.resize(c.org.units.size());
        row_seen[ui] = 1;
        std::string code = text_of(row, form::kColCode);
        if (code != unit.id) {
            c.issues.error(file, cell_name(sheet, form::kColCode, row.index),
                           "mã đơn vị là \"" + code + "\", mẫu ghi hàng này là \"" + unit.id +
                               "\" (không sắp xếp lại hay chèn hàng trong mẫu)");
            return true;
        }
        bool any = false;
        for (const auto& [col, fc] : ids.columns)
            if (row.find(col)) any = true;
        if (!any) {
            c.issues.warning(
                file, cell_name(sheet, form::kColCode, row.index),
                "hàng trống: đơn vị \"" + unit.id + "\" (" + unit.name + ") chưa nhập số liệu");
            return true;
        }
        if (!c.claim(ui, file, cell_name(sheet, form::kColCode, row.index))) return true;
        for (std::size_t k = 0; k < n_ind; ++k) {
            const auto& ind = c.method.indicators[k];
            if (!num_col[k] || !den_col[k]) continue;
            if (c.applies(ui, k)) {
                auto pn = plain_count(row.find(num_col[k]));
                auto pd = plain_count(row.find(den_col[k]));
                if (pn && pd && *pn <= *pd) {
                    c.counts[ui * n_ind + k] = model::Counts{*pn, *pd};
                    continue;
                }
            }
            c.issues.set_subject(unit.id, ind.id);
            std::string nw = cell_name(sheet, num_col[k], row.index);
            std::string dw = cell_name(sheet, den_col[k], row.index);
            if (!c.applies(ui, k)) {
                for (auto col : {num_col[k], den_col[k]})
                    if (row.find(col))
                        c.issues.error(file, cell_name(sheet, col, row.index),
                                       "chỉ tiêu \"" + ind.id + "\" không áp dụng cho cấp " +
                                           std::string(model::level_name_vi(unit.level)) +
                                           ": ô phải để trống");
                continue;
            }
            auto what = [&](const std::string& label) {
                return label + ", chỉ tiêu \"" + ind.id + "\", đơn vị \"" + unit.id + "\"";
            };
            auto num = read_count(row.find(num_col[k]), false, c.issues, file, nw,
                                  what(ind.numerator_label));
            auto den = read_count(row.find(den_col[k]), false, c.issues, file, dw,
                                  what(ind.denominator_label));
            store_pair(c, ui, k, num, den, file, nw, dw);
        }
        c.issues.clear_subject();
        return true;
    });
    c.issues.clear_subject();
    for (const auto& [r, ui] : ids.units)
        if (ui >= row_seen.size() || !row_seen[ui])
            c.issues.warning(file, cell_name(sheet, form::kColCode, r),
                             "hàng trống: đơn vị \"" + c.org.units[ui].id + "\" (" +
                                 c.org.units[ui].name + ") chưa nhập số liệu");
}

}  // namespace vanban::intake
