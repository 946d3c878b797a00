// Test helper: what the XLSX reader hands on, for check_reader.py to compare with openpyxl.
//   intake_dump FILE.xlsx        one JSON line per cell: [sheet, row, col, kind, text, number]
//   intake_dump FILE.xlsx --rss  reads every sheet, then prints "rows R cells C maxrss_kib K"
//                                (the process's own peak resident set: VmHWM of
//                                /proc/self/status, which starts afresh at exec, where
//                                getrusage's ru_maxrss keeps the parent's peak from the fork)
// A ReadError is printed to stderr with exit code 1.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "intake/xlsx_reader.hpp"

using namespace vanban::intake;

namespace {

const char* kind_name(CellKind k) {
    switch (k) {
        case CellKind::number:
            return "number";
        case CellKind::text:
            return "text";
        case CellKind::boolean:
            return "boolean";
        case CellKind::date:
            return "date";
        case CellKind::error:
            return "error";
        case CellKind::no_value:
            return "no_value";
    }
    return "?";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: intake_dump FILE.xlsx [--rss]\n";
        return 2;
    }
    const bool rss = argc > 2 && std::string_view(argv[2]) == "--rss";
    std::size_t rows = 0, cells = 0;
    try {
        XlsxBook book = XlsxBook::open(argv[1]);
        for (std::size_t s = 0; s < book.sheets().size(); ++s)
            book.read_sheet(s, [&](const Row& row) {
                ++rows;
                cells += row.cells.size();
                if (!rss)
                    for (const Cell& c : row.cells)
                        std::cout << nlohmann::json::array(
                                         {s, row.index, c.col, kind_name(c.kind), c.text, c.number})
                                         .dump()
                                  << '\n';
                return true;
            });
    } catch (const ReadError& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
    if (rss) {
        long kib = -1;
        std::ifstream status("/proc/self/status");
        for (std::string line; std::getline(status, line);)
            if (line.rfind("VmHWM:", 0) == 0) kib = std::stol(line.substr(6));
        std::printf("rows %zu cells %zu maxrss_kib %ld\n", rows, cells, kib);
    }
    return 0;
}
