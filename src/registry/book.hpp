// The outgoing register as a book (sổ đăng ký văn bản đi, Phụ lục IV Nghị định 30/2020): what
// the XLSX (xlsx/register_book.hpp) and PDF (letter/register_book_pdf.hpp) renderers print, built
// once so that both show the same cover and the same rows as `vanban registry export --format
// tsv`. Renderers only lay the book out; nothing here knows about a file format.
//
// Example (the batch's year register):
//     auto reg = registry::open_registry(spec, registry::OpenMode::ReadOnly);
//     registry::RegisterBook book = registry::make_register_book(*reg, "SYT", 2024, &org);
//     xlsx::write_register_book_xlsx(book, "so-van-ban-di-2024.xlsx");
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "model/org.hpp"
#include "registry/register_text.hpp"
#include "registry/registry.hpp"

namespace vanban::registry {

// Who keeps the book: box 2 of the decree's layout on the cover.
struct BookAgency {
    std::string abbreviation;   // "SYT": the registry's agency
    std::string name;           // "Sở Y tế" (the abbreviation when no org.json is given)
    std::string parent_header;  // "UBND TỈNH ĐỒNG NAI" (upper case; may be empty)
    std::string issuer_header;  // "SỞ Y TẾ" (upper case; the abbreviation without org.json)
    std::string province;       // "Tỉnh Đồng Nai" (may be empty), for document properties
};

// Điều 15 gives secret documents their own numbering system; their register is kept apart too.
// The ordinary book holds every other series of the agency (HC, or CV, QD … per type), the
// secret book every secret series (MAT, or MAT-QD … per type): never both in one book.
enum class BookKind { Ordinary, Secret };

struct RegisterBook {
    BookAgency agency;
    int year = 0;
    RegisterCover cover;                            // date range, number range, counts
    std::vector<Entry> entries;                     // register order, voided and reserved included
    std::vector<std::array<std::string, 10>> rows;  // register_row() of each entry

    // "Từ ngày 05/02/2024 đến ngày 30/12/2024", "Từ số 01 đến số 194"; blanks to fill by hand
    // when the book is empty.
    std::string date_range() const;
    std::string number_range() const;
    // The date the files carry (document properties, PDF info): the last entry's date, else
    // 1 January of the year, never the clock, so that the same register gives the same bytes.
    std::string as_of_iso() const;
    // The files' title: "Sổ đăng ký văn bản đi năm 2024", "Sổ đăng ký văn bản mật đi năm 2024".
    std::string document_title() const;
};

// The agency as the cover shows it: from org.json when the agency (matched by abbreviation or
// id) is there, else its abbreviation alone.
BookAgency book_agency(std::string_view abbreviation, const model::Organisation* org);

// The book of one agency and year from already listed entries (of that agency and year, and all
// of the book's kind).
RegisterBook make_register_book(BookAgency agency, int year, std::vector<Entry> entries,
                                BookKind kind = BookKind::Ordinary);

// Reads the agency's entries of the year and of the book's kind from the registry. `agency` is
// the abbreviation used in the registry ("SYT"); an empty one is allowed when the year holds a
// single agency. Throws RegistryError(InvalidArgument) naming the agencies when several hold
// numbers that year.
RegisterBook make_register_book(Registry& reg, std::string_view agency, int year,
                                const model::Organisation* org = nullptr,
                                BookKind kind = BookKind::Ordinary);

}  // namespace vanban::registry
