// CSV as RFC 4180 describes it (quoted fields, doubled quotes, line breaks inside quotes, CRLF or
// LF), in the encodings Excel and the one-stop systems write: UTF-8 with or without a BOM, UTF-16
// with a BOM ("Unicode text"), and Windows-1258 (Excel's "CSV" on a Vietnamese Windows). The
// encoding is detected (BOM, then valid UTF-8, else Windows-1258) or given; the text is converted
// with ICU and normalised to NFC (Windows-1258 writes tone marks as combining characters). The
// delimiter is detected from the first record: comma, semicolon (Excel where the decimal
// separator is a comma, as in Vietnam) or tab.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "intake/sheet.hpp"

namespace vanban::intake {

enum class Encoding { detect, utf8, utf16le, utf16be, windows1258 };

// "utf-8", "utf-16" (little-endian unless a BOM says otherwise), "utf-16le", "utf-16be",
// "windows-1258" / "cp1258"; nullopt for anything else.
std::optional<Encoding> parse_encoding(std::string_view name);
std::string_view encoding_name(Encoding e);

struct CsvText {
    std::string text;                    // UTF-8, NFC, BOM removed
    Encoding encoding = Encoding::utf8;  // what was read (detected or given)
};

// Converts raw bytes to UTF-8 NFC. Throws ReadError naming `file` for bytes that are not valid
// in the given encoding.
CsvText decode_csv(const std::string& file, std::string_view bytes, Encoding encoding);

// Splits decoded text into records. Each field becomes a text cell (empty fields are absent);
// Row::index is the record number, which is the row a spreadsheet shows. `delimiter` 0 detects.
// Throws ReadError for a quote that is never closed or text after a closing quote, with the line.
void parse_csv(const std::string& file, std::string_view text, char delimiter,
               const RowCallback& on_row);

}  // namespace vanban::intake
