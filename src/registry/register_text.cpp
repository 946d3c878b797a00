#include "registry/register_text.hpp"

#include <algorithm>

#include "registry/doc_types.hpp"

namespace vanban::registry {

const std::array<std::string_view, 10> kRegisterColumns{
    "Số, ký hiệu",  "Ngày tháng",       "Tên loại và trích yếu nội dung",
    "Người ký",     "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu",
    "Số lượng bản", "Ngày chuyển",      "Ký nhận",
    "Ghi chú"};

namespace {

std::string one_line(std::string_view s) {
    std::string out;
    std::string pending;
    for (char c : s) {
        if (c == '\n' || c == '\t' || c == '\r') {
            if (!out.empty()) pending = "; ";
            continue;
        }
        out += pending;
        pending.clear();
        out += c;
    }
    return out;
}

}  // namespace

std::array<std::string, 10> register_row(const Entry& e) {
    std::string note;
    if (e.status == Status::Void)
        note = "Đã hủy: " + e.void_reason;
    else if (e.status == Status::Reserved)
        note = "Đã giữ số, chưa ban hành";
    std::string type_summary = e.doc_type;
    if (!e.trich_yeu.empty()) type_summary += " — " + e.trich_yeu;
    return {e.so_ky_hieu,
            e.date.short_vn(),
            one_line(type_summary),
            one_line(e.signer),
            one_line(e.recipients),
            one_line(e.luu),
            e.copies > 0 ? std::to_string(e.copies) : "",
            "",
            "",
            one_line(note)};
}

RegisterCover register_cover(std::string_view agency, int year, const std::vector<Entry>& entries) {
    RegisterCover c;
    c.agency = agency;
    c.year = year;
    for (const auto& e : entries) {
        if (!c.from_date || e.date.iso() < c.from_date->iso()) c.from_date = e.date;
        if (!c.to_date || e.date.iso() > c.to_date->iso()) c.to_date = e.date;
        c.from_number = c.count == 0 ? e.number : std::min(c.from_number, e.number);
        c.to_number = std::max(c.to_number, e.number);
        ++c.count;
        if (e.status == Status::Void) ++c.voided;
        if (e.status == Status::Reserved) ++c.reserved;
    }
    return c;
}

void write_register_tsv(std::ostream& out, const std::vector<Entry>& entries) {
    for (std::size_t i = 0; i < kRegisterColumns.size(); ++i)
        out << (i ? "\t" : "") << kRegisterColumns[i];
    out << '\n';
    for (const auto& e : entries) {
        const auto row = register_row(e);
        for (std::size_t i = 0; i < row.size(); ++i) out << (i ? "\t" : "") << row[i];
        out << '\n';
    }
}

std::string RegisterCover::title() const {
    return secret ? "SỔ ĐĂNG KÝ VĂN BẢN MẬT ĐI" : "SỔ ĐĂNG KÝ VĂN BẢN ĐI";
}

void write_register_text(std::ostream& out, const RegisterCover& c,
                         const std::vector<Entry>& entries) {
    out << c.title() << "\n"
        << "Cơ quan: " << c.agency << "\n"
        << "Năm: " << c.year << "\n";
    if (c.count == 0) {
        out << "(chưa có văn bản nào)\n";
        return;
    }
    out << "Từ ngày " << c.from_date->short_vn() << " đến ngày " << c.to_date->short_vn() << "\n"
        << "Từ số " << format_number(c.from_number) << " đến số " << format_number(c.to_number)
        << "\n"
        << "Số mục: " << c.count << " (đã hủy: " << c.voided
        << ", đã giữ số chưa ban hành: " << c.reserved << ")\n";
    for (const auto& e : entries) {
        out << '\n';
        const auto row = register_row(e);
        for (std::size_t i = 0; i < row.size(); ++i)
            if (!row[i].empty()) out << "  " << kRegisterColumns[i] << ": " << row[i] << '\n';
    }
}

}  // namespace vanban::registry
