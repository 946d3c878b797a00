// What every spreadsheet reader hands on: rows of typed cells, streamed one row at a time so a
// sheet of any length is read in constant memory, and the cell names messages use ("Sheet1!F17").
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vanban::intake {

enum class CellKind {
    number,   // `number` holds it (also a formula's cached numeric result)
    text,     // `text` holds it, NFC
    boolean,  // `number` is 0 or 1
    date,     // a number formatted as a date: `text` holds the ISO date (time), `number` the serial
    error,    // an error value (#DIV/0!, #REF!, …) in `text`
    no_value,  // a formula whose result was never computed (no cached value); `text` the formula
};

struct Cell {
    std::uint32_t col = 0;  // 1-based
    CellKind kind = CellKind::text;
    bool formula = false;  // the cell holds a formula (its cached value is what the kind says)
    double number = 0;
    std::string text;
};

struct Row {
    std::uint32_t index = 0;  // 1-based
    std::vector<Cell> cells;  // ascending col; empty cells (no value) are absent

    const Cell* find(std::uint32_t col) const;
};

// A reader stops when the callback returns false.
using RowCallback = std::function<bool(const Row&)>;

// A file that cannot be read at all (not a ZIP, a broken part, invalid encoding). what() reads
// "FILE: detail" with the detail in Vietnamese.
struct ReadError : std::runtime_error {
    std::string file;
    std::string detail;
    ReadError(std::string file, std::string detail);
};

// "A", "Z", "AA", … for a 1-based column.
std::string column_name(std::uint32_t col);
// "F17"; with a sheet "Sheet1!F17" (a sheet name with spaces or punctuation quoted as Excel does:
// "'Số liệu'!F17").
std::string cell_name(std::uint32_t col, std::uint32_t row);
std::string cell_name(std::string_view sheet, std::uint32_t col, std::uint32_t row);
// Parses "F17" (letters then digits) into 1-based column and row; false for anything else.
bool parse_cell_name(std::string_view ref, std::uint32_t& col, std::uint32_t& row);
// A short rendering of a cell for messages: text quoted, numbers in Vietnamese notation.
std::string describe(const Cell& cell);

}  // namespace vanban::intake
