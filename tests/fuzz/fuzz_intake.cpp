// libFuzzer target for the spreadsheet readers: the input is read as an XLSX (libzip + the
// hand-written streaming XML scanner + pugixml) and, separately, as CSV in every encoding. A bad
// file must end in intake::ReadError; any other exception, crash, leak, hang or sanitizer report is
// a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "intake/csv_reader.hpp"
#include "intake/xlsx_reader.hpp"

using namespace vanban::intake;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    try {
        XlsxBook book = XlsxBook::from_memory("fuzz.xlsx", bytes);
        for (std::size_t i = 0; i < book.sheets().size(); ++i) {
            try {
                book.read_sheet(i, [](const Row& row) { return !row.cells.empty(); });
            } catch (const ReadError&) {
            }
        }
    } catch (const ReadError&) {
    }
    for (Encoding e : {Encoding::detect, Encoding::utf16le, Encoding::windows1258}) {
        try {
            CsvText text = decode_csv("fuzz.csv", bytes, e);
            parse_csv("fuzz.csv", text.text, 0, [](const Row& row) { return row.index < 100000; });
        } catch (const ReadError&) {
        }
    }
    return 0;
}
