// Reading XLSX (SpreadsheetML) without a spreadsheet library, which Debian does not package for
// C++: the ZIP through libzip, the small parts (workbook, relationships, styles) through pugixml,
// the shared strings and the sheets through a hand-written streaming scanner (xml_scan.hpp) fed
// in chunks from the ZIP entry, so a sheet of any length is read row by row in constant memory
// (the shared-string table is the only thing that grows with the file). Cached formula values are
// read as values; a formula without one is reported as such (CellKind::no_value), never guessed.
// Numbers whose style is a date format come out as dates (1900 and 1904 date systems).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "intake/sheet.hpp"

namespace vanban::intake {

struct SheetInfo {
    std::string name;  // NFC
    bool hidden = false;
    std::string part;  // "xl/worksheets/sheet1.xml"
};

class XlsxBook {
  public:
    // Opens a workbook and reads its workbook, relationships, styles and shared strings. Throws
    // ReadError (file name and a Vietnamese reason) when it is not a readable XLSX.
    static XlsxBook open(const std::string& path);
    // The same from bytes in memory; `name` is used in messages.
    static XlsxBook from_memory(std::string name, std::string bytes);
    ~XlsxBook();
    XlsxBook(XlsxBook&&) noexcept;
    XlsxBook& operator=(XlsxBook&&) noexcept;

    const std::string& name() const;
    const std::vector<SheetInfo>& sheets() const;
    // Index of the sheet named `name` (exact, NFC), or -1.
    int sheet_index(const std::string& name) const;
    // Streams the rows of a sheet that have at least one cell with a value. Throws ReadError for
    // a broken sheet part (the rows already delivered stay delivered).
    void read_sheet(std::size_t index, const RowCallback& on_row) const;

    struct Impl;  // xlsx_internal.hpp

  private:
    explicit XlsxBook(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// ISO 8601 text of an Excel date serial ("2024-09-30", "2024-09-30T08:15:00").
std::string excel_date_text(double serial, bool date1904);
// True when a number format code shows a date or time ("dd/mm/yyyy", "[$-42A]d mmmm yyyy").
bool is_date_format(std::string_view code);
bool is_builtin_date_format(int id);

}  // namespace vanban::intake
