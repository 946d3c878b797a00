// Internals of XlsxBook shared by its two source files: the open archive and what was read from
// the small parts (xlsx_book.cpp) for the streaming sheet reader (xlsx_stream.cpp).
#pragma once

#include <zip.h>

#include <cstddef>
#include <string>
#include <vector>

#include "intake/xlsx_reader.hpp"

namespace vanban::intake {

struct XlsxBook::Impl {
    std::string name;
    std::string bytes;  // from_memory only: the archive's buffer lives as long as the book
    zip_t* zip = nullptr;
    std::vector<SheetInfo> sheets;
    // The shared-string table, read once: all texts (NFC) end to end in one buffer, string i
    // being [shared_start[i], shared_start[i + 1]).
    std::string shared_text;
    std::vector<std::size_t> shared_start{0};
    std::vector<std::uint8_t> date_style;  // per cellXfs index: 1 when its number format is a date
    bool date1904 = false;

    ~Impl();
    [[noreturn]] void fail(const std::string& detail) const;
    // Opens an archive entry for streaming (nullptr when absent). Throws on a broken entry.
    zip_file_t* open_entry(const std::string& part, bool required) const;
    // A whole (small) part, at most `limit` bytes uncompressed; "" when absent and not required.
    std::string read_part(const std::string& part, bool required,
                          std::size_t limit = 64u << 20) const;
};

// Reads the shared-string table (xl/sharedStrings.xml). Throws ReadError naming the part and line
// for malformed XML.
void read_shared_strings(XlsxBook::Impl& book, const std::string& part);

}  // namespace vanban::intake
