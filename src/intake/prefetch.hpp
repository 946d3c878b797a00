// Opening the workbooks of an import (their workbook, styles and shared strings: about a tenth of
// a national import) on the second core while the caller loads the organisation, which the rest
// of the import needs. The import uses each result where it would have opened the file, so
// results, errors and their order are those of opening it there.
#pragma once

#include <exception>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "intake/xlsx_reader.hpp"

namespace vanban::intake {

class PrefetchedBooks {
  public:
    // Starts opening every .xlsx/.xlsm file of `files` (by extension, as the import decides) in
    // one background thread.
    explicit PrefetchedBooks(const std::vector<std::string>& files);
    // Waits for the thread (results not taken are dropped).
    ~PrefetchedBooks();
    PrefetchedBooks(const PrefetchedBooks&) = delete;
    PrefetchedBooks& operator=(const PrefetchedBooks&) = delete;

    // The book opened for files[index], or what opening it threw, thrown again here. Once per
    // file, in any order.
    XlsxBook take(std::size_t index);

  private:
    struct Slot {
        std::optional<XlsxBook> book;
        std::exception_ptr error;
        bool wanted = false;
    };
    std::vector<std::string> files_;
    std::vector<Slot> slots_;
    std::future<void> done_;
};

}  // namespace vanban::intake
