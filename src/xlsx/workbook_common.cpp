#include "xlsx/workbook_common.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <stdexcept>

#include "pdf/atomic_file.hpp"
#include "vn/format.hpp"
#include "vn/text.hpp"

namespace vanban::xlsx {

namespace fs = std::filesystem;

void fail(const fs::path& output, std::string_view why) {
    throw std::runtime_error("Không ghi được tệp '" + output.string() + "': " + std::string(why));
}

std::string describe_error(lxw_error err) {
    switch (err) {
        case LXW_NO_ERROR:
            return "không có lỗi";
        case LXW_ERROR_MEMORY_MALLOC_FAILED:
            return "hết bộ nhớ";
        case LXW_ERROR_CREATING_XLSX_FILE:
            return "không tạo được tệp (thư mục không tồn tại hoặc không có quyền ghi)";
        case LXW_ERROR_CREATING_TMPFILE:
        case LXW_ERROR_READING_TMPFILE:
            return "không tạo hoặc đọc được tệp tạm (đĩa đầy hoặc không có quyền ghi)";
        case LXW_ERROR_ZIP_FILE_OPERATION:
        case LXW_ERROR_ZIP_PARAMETER_ERROR:
        case LXW_ERROR_ZIP_BAD_ZIP_FILE:
        case LXW_ERROR_ZIP_INTERNAL_ERROR:
        case LXW_ERROR_ZIP_FILE_ADD:
        case LXW_ERROR_ZIP_CLOSE:
            return "lỗi khi nén tệp xlsx (đĩa đầy?)";
        case LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED:
            return "tên trang tính dài quá 31 ký tự";
        case LXW_ERROR_INVALID_SHEETNAME_CHARACTER:
            return "tên trang tính có ký tự không được phép ([ ] : * ? / \\)";
        case LXW_ERROR_SHEETNAME_ALREADY_USED:
            return "tên trang tính bị trùng";
        case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
            return "một ô có hơn 32.767 ký tự";
        case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
            return "vượt quá số hàng hoặc cột tối đa của Excel (1.048.576 hàng, 16.384 cột)";
        default:
            return std::string("lỗi libxlsxwriter: ") + lxw_strerror(err);
    }
}

namespace {

// libxlsxwriter prints its errors in English on stderr ("[ERROR][packager.c:…]: … No space left
// on device") besides returning a code, which vanban turns into a Vietnamese message. While a
// call that may print runs, fd 2 points to a memory file; afterwards the library's own lines are
// dropped and every other line (another thread's progress line) is written to the real stderr.
// One capture at a time in the process (the redirection is process-wide).
class QuietLibrary {
  public:
    QuietLibrary() : lock_(mutex()) {
        std::fflush(stderr);
        saved_ = ::dup(2);
        mem_ = ::memfd_create("vanban-libxlsxwriter", MFD_CLOEXEC);
        if (saved_ < 0 || mem_ < 0 || ::dup2(mem_, 2) < 0) restore();
    }
    ~QuietLibrary() {
        if (saved_ < 0) return;
        std::fflush(stderr);
        ::dup2(saved_, 2);
        std::string text;
        char buf[4096];
        ::lseek(mem_, 0, SEEK_SET);
        for (ssize_t n; (n = ::read(mem_, buf, sizeof buf)) > 0;)
            text.append(buf, static_cast<std::size_t>(n));
        restore();
        std::string others;
        for (std::size_t at = 0; at < text.size();) {
            std::size_t end = text.find('\n', at);
            end = end == std::string::npos ? text.size() : end + 1;
            const std::string_view line(text.data() + at, end - at);
            if (!line.starts_with("[ERROR]") && !line.starts_with("[WARNING]")) others += line;
            at = end;
        }
        for (std::size_t done = 0; done < others.size();) {
            const ssize_t n = ::write(2, others.data() + done, others.size() - done);
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
    }
    QuietLibrary(const QuietLibrary&) = delete;
    QuietLibrary& operator=(const QuietLibrary&) = delete;

  private:
    static std::mutex& mutex() {
        static std::mutex m;
        return m;
    }
    void restore() {
        if (saved_ >= 0) ::dup2(saved_, 2), ::close(saved_);
        if (mem_ >= 0) ::close(mem_);
        saved_ = mem_ = -1;
    }

    std::lock_guard<std::mutex> lock_;
    int saved_ = -1;
    int mem_ = -1;
};

// The error of a failed libxlsxwriter call that touched the disk: the system's reason when
// errno still holds one that says what to do (a full or read-only disk), else the code's text.
std::string describe_disk_error(lxw_error err, int saved_errno) {
    switch (saved_errno) {
        case ENOSPC:
        case EDQUOT:
        case EROFS:
        case EACCES:
        case EPERM:
            return pdf::describe_errno(saved_errno);
        default:
            return describe_error(err);
    }
}

// Midnight UTC of an ISO date, without the process-wide timezone (timegm is reentrant).
std::time_t utc_midnight(const fs::path& output, const std::string& iso) {
    vn::Date d{};
    try {
        d = vn::parse_iso_date(iso);
    } catch (const vn::FormatError& e) {
        fail(output, "ngày lập \"" + iso + "\" không hợp lệ: cần dạng YYYY-MM-DD");
    }
    std::tm tm{};
    tm.tm_year = d.year - 1900;
    tm.tm_mon = d.month - 1;
    tm.tm_mday = d.day;
    return ::timegm(&tm);
}

char* c_or_null(std::string& s) {
    return s.empty() ? nullptr : s.data();
}

}  // namespace

Workbook::Workbook(fs::path output, const DocumentProperties& props, WorkbookOptions options)
    : output_(std::move(output)), props_(props) {
    if (props_.created.empty()) fail(output_, "thiếu ngày lập báo cáo (thuộc tính created)");
    std::time_t created = utc_midnight(output_, props_.created);
    fs::path dir = output_.parent_path().empty() ? fs::path(".") : output_.parent_path();
    // A unique name reserved in the output's folder (so the final rename stays on one file
    // system); libxlsxwriter reopens and overwrites it by name when the workbook is closed.
    temp_ = std::make_unique<pdf::TempFile>(output_);
    temp_->close(false);
    tmpdir_ = dir.string();
    lxw_workbook_options opt{};
    opt.constant_memory = options.constant_memory ? LXW_TRUE : LXW_FALSE;
    opt.tmpdir = tmpdir_.data();
    opt.use_zip64 = LXW_FALSE;
    wb_ = workbook_new_opt(temp_->path().c_str(), &opt);
    if (!wb_) {
        temp_.reset();
        fail(output_, describe_error(LXW_ERROR_MEMORY_MALLOC_FAILED));
    }
    lxw_doc_properties p{};
    p.title = c_or_null(props_.title);
    p.subject = c_or_null(props_.subject);
    p.author = c_or_null(props_.author);
    p.company = c_or_null(props_.company);
    p.keywords = c_or_null(props_.keywords);
    p.comments = c_or_null(props_.comments);
    p.created = created;
    check(workbook_set_properties(wb_, &p), "thuộc tính tài liệu");
}

Workbook::~Workbook() {
    // Without close(): discard everything. lxw_workbook_free releases memory and the
    // libxlsxwriter temporary files without writing the package.
    if (wb_) lxw_workbook_free(wb_);
    // temp_ removes its file unless close() renamed it.
}

lxw_worksheet* Workbook::add_worksheet(const std::string& name) {
    lxw_error err = workbook_validate_sheet_name(wb_, name.c_str());
    if (err != LXW_NO_ERROR) fail(output_, "trang tính \"" + name + "\": " + describe_error(err));
    lxw_worksheet* ws = nullptr;
    int saved_errno = 0;
    {
        // In constant_memory mode a worksheet opens its temporary file here.
        const QuietLibrary quiet;
        errno = 0;
        ws = workbook_add_worksheet(wb_, name.c_str());
        saved_errno = errno;
    }
    if (!ws)
        fail(output_, "không thêm được trang tính \"" + name + "\"" +
                          (saved_errno ? " (" + pdf::describe_errno(saved_errno) + ")" : ""));
    return ws;
}

void Workbook::check(lxw_error err, std::string_view what) const {
    if (err != LXW_NO_ERROR) fail(output_, std::string(what) + ": " + describe_error(err));
}

void Workbook::close() {
    if (!wb_) fail(output_, "sổ tính đã được đóng");
    lxw_error err;
    int saved_errno = 0;
    {
        // libxlsxwriter formats the document dates with gmtime(), whose one static buffer the
        // whole process shares: two workbooks closed at once swapped their "created" dates
        // (seen in the batch runner). Closing is serialised; writing cells stays parallel.
        static std::mutex close_mutex;
        std::lock_guard lock(close_mutex);
        const QuietLibrary quiet;
        errno = 0;
        err = workbook_close(wb_);  // frees the workbook whatever the outcome
        saved_errno = errno;
    }
    wb_ = nullptr;
    if (err != LXW_NO_ERROR) {
        temp_.reset();
        fail(output_, describe_disk_error(err, saved_errno));
    }
    // Same message as fail() ("Không ghi được tệp '…': …"); the temporary file is gone on error.
    std::unique_ptr<pdf::TempFile> temp = std::move(temp_);
    temp->commit();
}

namespace {

// Relative advance of a code point in Calibri, where "0" is 1. Letters with Vietnamese marks
// count as their base letter: the marks sit above or below and do not widen it.
double advance(char32_t cp) {
    if (cp < 0x80) {
        char c = static_cast<char>(cp);
        if (c == 'm' || c == 'w') return 1.45;
        if (c == 'M' || c == 'W') return 1.6;
        if (c == 'i' || c == 'l' || c == 'j' || c == 'I' || c == '.' || c == ',' || c == ':' ||
            c == ';' || c == '\'' || c == '|' || c == '!')
            return 0.45;
        if (c == 'f' || c == 't' || c == 'r' || c == ' ' || c == '(' || c == ')' || c == '-' ||
            c == '/')
            return 0.65;
        if (c >= 'A' && c <= 'Z') return 1.2;
        if (c == '%') return 1.3;
        return 1.0;  // digits, other lower-case letters, signs
    }
    // Upper-case letters of Latin-1 (À..Þ), Latin Extended-A pairs (Ă Đ Ĩ Ũ, even code points),
    // Ơ Ư, and the Vietnamese block U+1EA0–U+1EF9 (even code points upper).
    bool upper = (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
                 (cp >= 0x100 && cp <= 0x17F && cp % 2 == 0) || cp == 0x1A0 || cp == 0x1AF ||
                 (cp >= 0x1EA0 && cp <= 0x1EF9 && cp % 2 == 0);
    if (upper) return 1.2;
    if (cp == 0x2014 || cp == 0x2013 || cp == 0x2212) return 1.3;  // dashes, minus
    if (cp == 0xEC || cp == 0xED || cp == 0x129 || cp == 0x1EC9 || cp == 0x1ECB) return 0.45;
    return 1.0;
}

}  // namespace

double text_width(std::string_view text, double font_pt, bool bold) {
    // Longest line: a cell with line breaks is as wide as its widest line.
    double widest = 0, line = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        char32_t cp = vn::decode_utf8(text, i);
        if (cp == '\n') {
            widest = std::max(widest, line);
            line = 0;
            continue;
        }
        line += advance(cp);
    }
    widest = std::max(widest, line);
    double scale = font_pt / 11.0 * (bold ? 1.08 : 1.0);
    return widest * scale + 1.5;  // cell padding and a little air
}

void ColumnWidths::text(std::size_t col, std::string_view s, double font_pt, bool bold) {
    if (col >= width_.size()) width_.resize(col + 1, min_);
    width_[col] = std::max(width_[col], text_width(s, font_pt, bold));
}

void ColumnWidths::at_least(std::size_t col, double width) {
    if (col >= width_.size()) width_.resize(col + 1, min_);
    width_[col] = std::max(width_[col], width);
}

void ColumnWidths::apply(lxw_worksheet* ws, const std::vector<lxw_format*>& formats) const {
    for (std::size_t c = 0; c < width_.size(); ++c) {
        double w = std::clamp(width_[c], min_, max_);
        lxw_format* f = c < formats.size() ? formats[c] : nullptr;
        worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), w, f);
    }
}

}  // namespace vanban::xlsx
