// The outgoing register book (sổ đăng ký văn bản đi, Phụ lục IV Nghị định 30/2020) as a PDF to
// print and bind: a cover page (agency, SỔ ĐĂNG KÝ VĂN BẢN ĐI, year, date range, number range),
// then the ten-column register on A4 landscape. vanban paginates the table itself
// (pdf::paginate): every page starts with the header row and no row is cut across pages
// (wkhtmltopdf neither repeats <thead> nor keeps rows whole). The register pages carry
// "Trang X/Y" in the top margin; the cover carries no number.
//
// Example:
//     pdf::WkhtmlPool pool(options);               // asset_dirs: none needed
//     pdf::PageNumberStamps stamps(pool);
//     letter::write_register_book_pdf(book, "so-2024.pdf", templates_root, pool, stamps);
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pdf/finish.hpp"
#include "pdf/page_setup.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "registry/book.hpp"

namespace vanban::letter {

// The book laid out: the HTML of the cover and of the register, and the register's page count
// (the PDF's register part must have exactly these pages; tests check it).
struct RegisterBookHtml {
    pdf::PageSetup page;  // A4 landscape, the decree's margins
    std::string cover_html;
    std::string register_html;
    int register_pages = 0;
};

// `templates_root` holds registry/ and nd30/ (the project's templates folder). Throws
// tpl::TemplateError, or std::runtime_error (Vietnamese) when a row cannot fit on a page.
RegisterBookHtml register_book_html(const registry::RegisterBook& book,
                                    const std::filesystem::path& templates_root);

// Converts, numbers and writes `out` atomically (nothing is left there on failure). The PDF's
// dates are the book's as_of_iso(): the same book gives the same bytes. Returns the layout.
// Throws pdf::ConversionError or std::runtime_error (Vietnamese, naming `out`).
RegisterBookHtml write_register_book_pdf(const registry::RegisterBook& book,
                                         const std::filesystem::path& out,
                                         const std::filesystem::path& templates_root,
                                         pdf::WkhtmlPool& pool, pdf::PageNumberStamps& stamps);

}  // namespace vanban::letter
