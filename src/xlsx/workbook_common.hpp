// What every vanban workbook shares (scorecards, the outgoing register book):
//
//  * Workbook: an lxw_workbook written to a temporary file beside the output and renamed onto it
//    by close(), so a failed run leaves nothing behind (a Workbook destroyed without close()
//    removes its temporary file). The temporary file is pdf::TempFile's (".NAME.<pid>.tmpXXXXXX"),
//    so one left by a killed process is removed like any other atomic write's. It is deterministic:
//    the same calls give the same bytes. libxlsxwriter 1.1.4 pins the zip entries' timestamps
//    itself (1980-01-01); the only clock it reads is docProps/core.xml's created/modified date,
//    which defaults to "now", so the document properties always carry an explicit created date (an
//    ISO date given by the caller). Nothing here is global: several threads may each write their
//    own Workbook.
//  * Column widths fitted to the content (libxlsxwriter has no autofit): text_width() estimates
//    the width of a UTF-8 text in Excel character units, ColumnWidths keeps the maximum per column
//    while cells are written and applies it at the end (also valid in constant_memory mode,
//    where the <cols> element is written when the workbook is closed).
//  * Vietnamese error messages that name the output file.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xlsxwriter.h>

namespace vanban::pdf {
class TempFile;
}

namespace vanban::xlsx {

struct DocumentProperties {
    std::string title;
    std::string subject;
    std::string author;   // the issuing agency
    std::string company;  // the province
    std::string keywords;
    std::string comments;
    std::string created;  // ISO date "YYYY-MM-DD" (midnight UTC); required: never the clock
};

struct WorkbookOptions {
    // Rows are flushed to a temporary file as they are written (rows must then be written in
    // order, no merged ranges): memory stays constant whatever the row count.
    bool constant_memory = false;
};

class Workbook {
  public:
    // Creates the temporary file beside `output`. Throws std::runtime_error (Vietnamese, names
    // `output`) when the folder is not writable or the created date is not an ISO date.
    Workbook(std::filesystem::path output, const DocumentProperties& props,
             WorkbookOptions options = {});
    ~Workbook();
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    lxw_workbook* get() const { return wb_; }
    const std::filesystem::path& output() const { return output_; }

    // Adds a worksheet; throws (naming the output) when libxlsxwriter refuses the name.
    lxw_worksheet* add_worksheet(const std::string& name);
    // Throws the Vietnamese error for a libxlsxwriter call that failed (`what` says which one).
    void check(lxw_error err, std::string_view what) const;

    // Writes the file and renames it onto the output. Throws std::runtime_error (Vietnamese,
    // names the output); the temporary file is removed then and the output left untouched.
    void close();

  private:
    std::filesystem::path output_;
    std::unique_ptr<pdf::TempFile> temp_;
    std::string tmpdir_;
    DocumentProperties props_;
    lxw_workbook* wb_ = nullptr;
};

// "Không ghi được tệp 'x.xlsx': …"
[[noreturn]] void fail(const std::filesystem::path& output, std::string_view why);
// A Vietnamese description of a libxlsxwriter error code.
std::string describe_error(lxw_error err);

// Estimated width, in Excel character units (the width of "0" in the default 11 pt Calibri),
// of `text` (UTF-8, NFC) at `font_pt`, including the cell padding. Code points are weighted:
// narrow letters and punctuation less, capitals and m/w more; Vietnamese diacritics do not widen
// a letter, so a letter with marks weighs as its base letter.
double text_width(std::string_view text, double font_pt = 11, bool bold = false);

// The maximum width per column of what was written, applied with worksheet_set_column.
class ColumnWidths {
  public:
    explicit ColumnWidths(std::size_t columns = 0, double min_width = 4, double max_width = 60)
        : width_(columns, min_width), min_(min_width), max_(max_width) {}
    void text(std::size_t col, std::string_view s, double font_pt = 11, bool bold = false);
    // A number as displayed (e.g. "96,5%", "1.234"): same estimate, digits are one unit.
    void shown(std::size_t col, std::string_view displayed) { text(col, displayed); }
    // A width decided by the caller (a wrapped header, a fixed column).
    void at_least(std::size_t col, double width);
    double width(std::size_t col) const { return col < width_.size() ? width_[col] : min_; }
    // Sets every column's width (clamped to [min, max]); `formats` may give a column format.
    void apply(lxw_worksheet* ws, const std::vector<lxw_format*>& formats = {}) const;

  private:
    std::vector<double> width_;
    double min_, max_;
};

}  // namespace vanban::xlsx
