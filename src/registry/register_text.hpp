// The outgoing register (sổ đăng ký văn bản đi, Phụ lục IV Nghị định 30/2020) as plain text:
// the cover facts and the ten columns. The XLSX/PDF book is built from the same rows later.
#pragma once

#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "registry/registry.hpp"

namespace vanban::registry {

// The ten columns of Phụ lục IV, in order.
extern const std::array<std::string_view, 10> kRegisterColumns;

// One row of the book: the ten columns' text for an entry. Ngày chuyển and Ký nhận are left
// empty (written by hand); Ghi chú says when a number is void (with its reason) or only reserved.
std::array<std::string, 10> register_row(const Entry& e);

// What the cover of the book shows for one agency and year.
struct RegisterCover {
    std::string agency;
    int year = 0;
    std::optional<Date> from_date, to_date;
    int from_number = 0, to_number = 0;  // 0 when the book is empty
    std::size_t count = 0, voided = 0, reserved = 0;
    bool secret = false;  // the book of secret documents, kept apart (see book.hpp)
    // "SỔ ĐĂNG KÝ VĂN BẢN ĐI", or "SỔ ĐĂNG KÝ VĂN BẢN MẬT ĐI" for the secret book.
    std::string title() const;
};
RegisterCover register_cover(std::string_view agency, int year, const std::vector<Entry>& entries);

// Tab-separated: a header line with the ten columns, then one line per entry. Tabs and line
// breaks inside a field become "; " so that every entry stays on one line.
void write_register_tsv(std::ostream& out, const std::vector<Entry>& entries);

// Human-readable: the cover, then one block per entry.
void write_register_text(std::ostream& out, const RegisterCover& cover,
                         const std::vector<Entry>& entries);

}  // namespace vanban::registry
