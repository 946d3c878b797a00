#include "intake/form_writer.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <ctime>
#include <memory>
#include <stdexcept>

#include "intake/form_layout.hpp"

namespace vanban::intake {

namespace {

using model::Level;

// libxlsxwriter counts rows and columns from 0; the layout from 1.
lxw_row_t R(std::uint32_t row) {
    return static_cast<lxw_row_t>(row - 1);
}
lxw_col_t C(std::uint32_t col) {
    return static_cast<lxw_col_t>(col - 1);
}

std::string col_letters(std::uint32_t col) {
    std::string s;
    while (col > 0) {
        --col;
        s.insert(s.begin(), static_cast<char>('A' + col % 26));
        col /= 26;
    }
    return s;
}

// A sheet name Excel accepts: no []:*?/\ , at most 31 characters (code points), not "_vanban".
std::string sheet_name_for(const std::string& name) {
    std::string out;
    std::size_t cps = 0;
    for (std::size_t i = 0; i < name.size() && cps < 31;) {
        unsigned char c = static_cast<unsigned char>(name[i]);
        std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        std::string cp = name.substr(i, len);
        if (cp.size() == 1 && std::string_view("[]:*?/\\'").find(cp[0]) != std::string_view::npos)
            cp = " ";
        out += cp;
        ++cps;
        i += len;
    }
    return out.empty() ? form::kDataSheet : out;
}

// Midnight UTC of the day after the quarter ends: the document's fixed creation date, so the
// same form is the same bytes.
std::time_t created_for(const model::Quarter& q) {
    std::tm tm{};
    int month = q.quarter * 3;  // the first month of the next quarter, 0-based
    tm.tm_year = q.year - 1900 + (month == 12 ? 1 : 0);
    tm.tm_mon = month % 12;
    tm.tm_mday = 1;
    return ::timegm(&tm);
}

struct Book {
    lxw_workbook* wb = nullptr;
    std::string path;
    ~Book() {
        if (wb) workbook_close(wb);  // only on an error path: the file is then discarded
    }
    void check(lxw_error err, const char* what) {
        if (err != LXW_NO_ERROR)
            throw std::runtime_error("Không ghi được tệp '" + path + "': " + what + ": " +
                                     lxw_strerror(err));
    }
};

}  // namespace

void write_form(const std::string& path, const model::Organisation& org,
                const model::Method& method, const FormOptions& options) {
    std::vector<std::size_t> units;
    for (std::size_t i = 0; i < org.units.size(); ++i) {
        const auto& u = org.units[i];
        if (options.unit && u.id != *options.unit) continue;
        if (!options.levels.empty() && std::find(options.levels.begin(), options.levels.end(),
                                                 u.level) == options.levels.end())
            continue;
        units.push_back(i);
    }
    if (options.unit && units.empty())
        throw std::runtime_error("đơn vị \"" + *options.unit + "\" không có trong tệp tổ chức " +
                                 org.source);
    if (units.empty()) throw std::runtime_error("không có đơn vị nào ở các cấp đã chọn");

    const std::string data_sheet =
        options.unit ? sheet_name_for(org.units[units.front()].name) : form::kDataSheet;
    const std::size_t n_ind = method.indicators.size();
    const std::uint32_t last_col = form::kFirstCountCol + static_cast<std::uint32_t>(2 * n_ind) - 1;

    Book b;
    b.path = path;
    lxw_workbook_options wopt{};
    b.wb = workbook_new_opt(path.c_str(), &wopt);
    if (!b.wb) throw std::runtime_error("Không tạo được tệp '" + path + "'");
    std::string title = "Mẫu số liệu chỉ số cải cách hành chính " + options.quarter.label_vi();
    std::string company = org.province.full_name;
    lxw_doc_properties props{};
    props.title = title.data();
    props.company = company.data();
    props.created = created_for(options.quarter);
    b.check(workbook_set_properties(b.wb, &props), "thuộc tính tài liệu");

    lxw_worksheet* ws = workbook_add_worksheet(b.wb, data_sheet.c_str());
    lxw_worksheet* ids = workbook_add_worksheet(b.wb, form::kIdsSheet);
    if (!ws || !ids) throw std::runtime_error("Không tạo được trang tính trong '" + path + "'");

    auto fmt = [&] { return workbook_add_format(b.wb); };
    lxw_format* f_title = fmt();
    format_set_bold(f_title);
    format_set_font_size(f_title, 14);
    lxw_format* f_head = fmt();
    format_set_bold(f_head);
    format_set_text_wrap(f_head);
    format_set_align(f_head, LXW_ALIGN_CENTER);
    format_set_align(f_head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_border(f_head, LXW_BORDER_THIN);
    format_set_bg_color(f_head, 0xDDEBF7);
    lxw_format* f_text = fmt();
    format_set_border(f_text, LXW_BORDER_THIN);
    lxw_format* f_input = fmt();
    format_set_border(f_input, LXW_BORDER_THIN);
    format_set_unlocked(f_input);
    format_set_num_format(f_input, "#,##0");
    lxw_format* f_na = fmt();
    format_set_border(f_na, LXW_BORDER_THIN);
    format_set_bg_color(f_na, 0xBFBFBF);
    format_set_pattern(f_na, LXW_PATTERN_SOLID);

    // Title, period, headers.
    b.check(worksheet_merge_range(ws, R(form::kTitleRow), 0, R(form::kTitleRow), C(last_col),
                                  "MẪU SỐ LIỆU CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", f_title),
            "tiêu đề");
    std::string period_line = "Kỳ báo cáo: " + options.quarter.label_vi() + " (" +
                              options.quarter.code() + ") · " + org.province.full_name +
                              " · Bộ chỉ tiêu năm " + std::to_string(method.year) +
                              (method.basis.empty() ? "" : " (" + method.basis + ")");
    b.check(worksheet_merge_range(ws, R(form::kPeriodRow), 0, R(form::kPeriodRow), C(last_col),
                                  period_line.c_str(), nullptr),
            "kỳ báo cáo");
    const char* fixed[] = {"STT", "Mã đơn vị", "Tên đơn vị", "Cấp"};
    for (std::uint32_t i = 0; i < 4; ++i)
        b.check(worksheet_merge_range(ws, R(form::kHeaderRow), C(i + 1), R(form::kLabelRow),
                                      C(i + 1), fixed[i], f_head),
                "tiêu đề cột");
    worksheet_set_row(ws, R(form::kHeaderRow), 48, nullptr);
    worksheet_set_row(ws, R(form::kLabelRow), 48, nullptr);
    worksheet_set_column(ws, C(form::kColNo), C(form::kColNo), 5, nullptr);
    worksheet_set_column(ws, C(form::kColCode), C(form::kColCode), 22, nullptr);
    worksheet_set_column(ws, C(form::kColName), C(form::kColName), 36, nullptr);
    worksheet_set_column(ws, C(form::kColLevel), C(form::kColLevel), 18, nullptr);
    worksheet_set_column(ws, C(form::kFirstCountCol), C(last_col), 16, nullptr);

    const std::uint32_t first = form::kFirstDataRow;
    const std::uint32_t last = first + static_cast<std::uint32_t>(units.size()) - 1;
    // Keeps the strings of the validations alive until the workbook is closed.
    std::vector<std::unique_ptr<std::string>> keep;
    auto kept = [&](std::string s) {
        keep.push_back(std::make_unique<std::string>(std::move(s)));
        return keep.back()->data();
    };
    for (std::size_t k = 0; k < n_ind; ++k) {
        const auto& ind = method.indicators[k];
        const std::uint32_t nc = form::kFirstCountCol + static_cast<std::uint32_t>(2 * k);
        const std::uint32_t dc = nc + 1;
        b.check(worksheet_merge_range(ws, R(form::kHeaderRow), C(nc), R(form::kHeaderRow), C(dc),
                                      ind.name.c_str(), f_head),
                "tên chỉ tiêu");
        b.check(worksheet_write_string(ws, R(form::kLabelRow), C(nc),
                                       ("Tử số: " + ind.numerator_label).c_str(), f_head),
                "tử số");
        b.check(worksheet_write_string(ws, R(form::kLabelRow), C(dc),
                                       ("Mẫu số: " + ind.denominator_label).c_str(), f_head),
                "mẫu số");
        // Validation: whole numbers ≥ 0; the numerator at most its denominator (same row).
        lxw_data_validation den{};
        den.validate = LXW_VALIDATION_TYPE_INTEGER;
        den.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        den.value_number = 0;
        den.input_title = kept("Mẫu số");
        den.input_message = kept(ind.denominator_label.substr(0, 150) +
                                 ": số nguyên ≥ 0. Ghi 0 nếu không phát sinh.");
        den.error_title = kept("Số liệu không hợp lệ");
        den.error_message = kept("Cần số nguyên không âm.");
        b.check(worksheet_data_validation_range(ws, R(first), C(dc), R(last), C(dc), &den),
                "kiểm tra dữ liệu");
        lxw_data_validation num{};
        num.validate = LXW_VALIDATION_TYPE_INTEGER_FORMULA;
        num.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        num.minimum_formula = kept("=0");
        num.maximum_formula = kept("=" + col_letters(dc) + std::to_string(first));
        num.input_title = kept("Tử số");
        num.input_message =
            kept(ind.numerator_label.substr(0, 150) +
                 ": số nguyên ≥ 0, không lớn hơn mẫu số (cột " + col_letters(dc) + ").");
        num.error_title = kept("Số liệu không hợp lệ");
        num.error_message = kept("Cần số nguyên từ 0 đến mẫu số cùng hàng.");
        b.check(worksheet_data_validation_range(ws, R(first), C(nc), R(last), C(nc), &num),
                "kiểm tra dữ liệu");
    }

    // The ids sheet.
    std::uint32_t irow = 1;
    auto id_row = [&](const char* key) {
        worksheet_write_string(ids, R(irow), 0, key, nullptr);
        return R(irow++);
    };
    lxw_row_t r = id_row("vanban");
    worksheet_write_string(ids, r, 1, form::kMagic, nullptr);
    worksheet_write_number(ids, r, 2, form::kVersion, nullptr);
    r = id_row("period");
    worksheet_write_string(ids, r, 1, options.quarter.code().c_str(), nullptr);
    r = id_row("sheet");
    worksheet_write_string(ids, r, 1, data_sheet.c_str(), nullptr);
    r = id_row("header");
    worksheet_write_number(ids, r, 1, form::kHeaderRow, nullptr);
    for (std::size_t k = 0; k < n_ind; ++k)
        for (int role = 0; role < 2; ++role) {
            r = id_row("column");
            worksheet_write_number(
                ids, r, 1, form::kFirstCountCol + 2 * static_cast<double>(k) + role, nullptr);
            worksheet_write_string(ids, r, 2, method.indicators[k].id.c_str(), nullptr);
            worksheet_write_string(ids, r, 3, role == 0 ? "numerator" : "denominator", nullptr);
        }

    // One row per unit.
    for (std::size_t i = 0; i < units.size(); ++i) {
        const auto& u = org.units[units[i]];
        const lxw_row_t row = R(first + static_cast<std::uint32_t>(i));
        worksheet_write_number(ws, row, C(form::kColNo), static_cast<double>(i + 1), f_text);
        worksheet_write_string(ws, row, C(form::kColCode), u.id.c_str(), f_text);
        worksheet_write_string(ws, row, C(form::kColName), u.name.c_str(), f_text);
        worksheet_write_string(ws, row, C(form::kColLevel),
                               std::string(model::level_name_vi(u.level)).c_str(), f_text);
        for (std::size_t k = 0; k < n_ind; ++k) {
            bool applies =
                method.indicators[k].target_h[static_cast<std::size_t>(u.level)].has_value();
            lxw_format* f = applies ? f_input : f_na;
            const lxw_col_t nc = C(form::kFirstCountCol) + static_cast<lxw_col_t>(2 * k);
            worksheet_write_blank(ws, row, nc, f);
            worksheet_write_blank(ws, row, nc + 1, f);
        }
        r = id_row("unit");
        worksheet_write_number(ids, r, 1, row + 1, nullptr);
        worksheet_write_string(ids, r, 2, u.id.c_str(), nullptr);
    }

    worksheet_freeze_panes(ws, R(form::kFirstDataRow), C(form::kFirstCountCol));
    lxw_protection prot{};
    prot.format_columns = 1;
    prot.format_rows = 1;
    worksheet_protect(ws, nullptr, &prot);
    worksheet_protect(ids, nullptr, nullptr);
    worksheet_hide(ids);
    worksheet_activate(ws);
    lxw_error err = workbook_close(b.wb);
    b.wb = nullptr;
    b.check(err, "đóng sổ tính");
}

}  // namespace vanban::intake
