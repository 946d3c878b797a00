// The outgoing register book (sổ đăng ký văn bản đi, Phụ lục IV Nghị định 30/2020) as an XLSX
// workbook: a cover sheet ("Bìa": agency, SỔ ĐĂNG KÝ VĂN BẢN ĐI, year, date range, number range)
// and the register sheet ("Sổ đăng ký": the ten columns, one row per number, voided numbers with
// their reason in Ghi chú), ready to print as a book: A4 landscape, header row frozen and
// repeated on every printed page, wrapped text, footer "Trang X/Y".
#pragma once

#include <filesystem>

#include "registry/book.hpp"

namespace vanban::xlsx {

// Writes atomically (nothing is left at `out` on failure) and deterministically (the same book
// gives the same bytes: the file's date is the book's as_of_iso()). Throws std::runtime_error
// with a Vietnamese message naming `out`.
void write_register_book_xlsx(const registry::RegisterBook& book, const std::filesystem::path& out);

}  // namespace vanban::xlsx
