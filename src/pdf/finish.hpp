// Finishing a letter with libqpdf: merge the letter and its Phụ lục parts, stamp page
// numbers, set the document information, write a deterministic PDF atomically.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "pdf/page_setup.hpp"
#include "pdf/wkhtml_pool.hpp"

namespace vanban::pdf {

// Document information (pdfinfo Title/Author/Subject/Keywords/CreationDate/ModDate).
struct DocumentInfo {
    std::string title;     // trích yếu
    std::string author;    // issuing agency
    std::string subject;   // số và ký hiệu, e.g. "05/SYT-VP"
    std::string keywords;  // optional
    std::string date;      // the letter's date, "YYYY-MM-DD" (no clock is ever read)
};

// How a part's pages are numbered. `decree`: Arabic numerals centred in the top margin, none on
// the part's first page (Nghị định 30/2020; letters). `of_total`: "Trang X/Y" on every page,
// same place and size (stand-alone tables such as rankings, read as loose printed sheets).
// `none`: no numbers (pages that stand alone, e.g. the leaders' one-page unit scorecards).
enum class PageLabels { decree, of_total, none };

// An outline entry (PDF bookmark): its path from the top level, e.g. {"Xã, phường, thị trấn",
// "Huyện Tân Phú", "Xã Phú Lâm"}, and the page of its part it opens (0-based). Entries that
// share a prefix share the parents, which open the first page under them (src/pdf/outline.hpp).
struct Bookmark {
    std::vector<std::string> path;
    int page = 0;
};

// One part of the finished PDF: the letter itself, then each Phụ lục.
struct PdfPart {
    std::filesystem::path pdf;  // as produced by WkhtmlPool::convert (names it in messages)
    PageSetup page;             // the setup it was converted with (numbers go in its margin)
    std::string bytes;          // if not empty: the PDF itself (WkhtmlPool::render), no file read
    PageLabels labels = PageLabels::decree;

    // If set: the part is pages [first_page, first_page + page_count) of this PDF, converted
    // together with other documents (render_combined, combined.hpp); `bytes` is then unused.
    std::shared_ptr<const std::string> shared;
    int first_page = 0;
    int page_count = 0;

    PdfPart(std::filesystem::path pdf_path, PageSetup setup, std::string pdf_bytes = {})
        : pdf(std::move(pdf_path)), page(setup), bytes(std::move(pdf_bytes)) {}
};

struct FinishJob {
    std::vector<PdfPart> parts;  // parts[0] is the letter; every later part is a Phụ lục
    DocumentInfo info;
    std::filesystem::path output;  // written atomically
    unsigned mode = 0666;          // before the umask; 0600 for a secret letter
    // The letter's template marked its signature space with a link to "#vb-sign-box": remove
    // the link and record its page and rectangle as the catalog's /VanbanSignBox
    // << /Page i /Rect [x1 y1 x2 y2] >> (read by src/sign). Throws if the mark is missing.
    bool sign_box = false;
};

// Page numbers are real text in embedded Liberation Serif: a PDF holding one number per page,
// centred between the left and right margins inside the top margin at 13 pt (13.25 pt in the
// PDF, see kFontQuantumPt), made once per page setup by the pool and overlaid as form
// XObjects. Thread-safe; one instance can serve a whole batch.
class PageNumberStamps {
  public:
    explicit PageNumberStamps(WkhtmlPool& pool);
    // A PDF whose page k carries the number k (page 1 carries "1"), at least `pages` long.
    // Returns its bytes (kept in memory: every letter of a batch reuses them).
    std::shared_ptr<const std::string> stamps_for(const PageSetup& page, int pages);
    // A PDF of exactly `total` pages whose page k carries "Trang k/total" (PageLabels::of_total).
    std::shared_ptr<const std::string> of_total_stamps_for(const PageSetup& page, int total);

    static constexpr double kNumberSizePt = 13.0;

  private:
    WkhtmlPool& pool_;
    std::mutex mutex_;
    std::map<std::string, std::pair<std::shared_ptr<const std::string>, int>> made_;
};

// The stamp HTML for numbers 1..pages (exposed for tests and for the template author).
std::string page_number_html(const PageSetup& page, int pages);
// The same for "Trang 1/total" … "Trang total/total".
std::string page_of_total_html(const PageSetup& page, int total);

// Merges, numbers and describes the parts. Numbering (Nghị định 30/2020, Phụ lục I): Arabic
// numerals centred in the top margin, none on the first page; each Phụ lục is numbered on its
// own from 1, its first page again without a number. Throws std::runtime_error with a
// Vietnamese message naming the file; no output is left on failure.
void finish(const FinishJob& job, PageNumberStamps& stamps);
// The same with an outline (bookmarks) over the finished pages (the leaders' scorecards).
void finish(const FinishJob& job, const std::vector<Bookmark>& outline, PageNumberStamps& stamps);

// "2024-02-05" -> "D:20240205000000+07'00'" (Vietnam time); throws on a malformed date.
std::string pdf_date(const std::string& iso_date);

}  // namespace vanban::pdf
