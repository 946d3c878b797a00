// XlsxBook: the archive, the package relationships, workbook.xml (sheet names and order, date
// system), styles.xml (which cell styles are dates) and the date helpers.
#include <pugixml.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>

#include "intake/xlsx_internal.hpp"
#include "vn/text.hpp"

namespace vanban::intake {

namespace {

constexpr const char* kRelOfficeDoc =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

// Local name of an element, whatever its namespace prefix ("x:sheet" -> "sheet").
std::string_view local(const pugi::xml_node& n) {
    std::string_view s = n.name();
    auto colon = s.find(':');
    return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
    for (auto c : n.children())
        if (local(c) == name) return c;
    return {};
}

// An attribute by local name ("r:id" matches "id" only when asked with the prefix stripped).
const char* attr(const pugi::xml_node& n, std::string_view name) {
    for (auto a : n.attributes()) {
        std::string_view s = a.name();
        auto colon = s.find(':');
        if ((colon == std::string_view::npos ? s : s.substr(colon + 1)) == name) return a.value();
    }
    return nullptr;
}

// Resolves a relationship target against the folder of the part that owns it.
std::string resolve(const std::string& base_dir, std::string_view target) {
    std::string path;
    if (!target.empty() && target.front() == '/')
        path = std::string(target.substr(1));
    else
        path = base_dir + std::string(target);
    // Collapse "a/../b" and "./".
    std::vector<std::string> parts;
    std::size_t i = 0;
    while (i <= path.size()) {
        auto j = path.find('/', i);
        if (j == std::string::npos) j = path.size();
        std::string seg = path.substr(i, j - i);
        if (seg == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!seg.empty() && seg != ".") {
            parts.push_back(seg);
        }
        i = j + 1;
    }
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
    return out;
}

std::string dir_of(const std::string& part) {
    auto slash = part.rfind('/');
    return slash == std::string::npos ? "" : part.substr(0, slash + 1);
}

std::string rels_of(const std::string& part) {
    return dir_of(part) + "_rels/" + part.substr(part.rfind('/') + 1) + ".rels";
}

struct Relationship {
    std::string id, type, target;
};

std::vector<Relationship> relationships(const XlsxBook::Impl& book, const std::string& owner) {
    std::vector<Relationship> out;
    std::string rels = rels_of(owner);
    std::string text = book.read_part(rels, false);
    if (text.empty()) return out;
    pugi::xml_document doc;
    if (!doc.load_buffer(text.data(), text.size()))
        book.fail("phần " + rels + " không phải XML hợp lệ");
    for (auto r : doc.document_element().children()) {
        if (local(r) != "Relationship") continue;
        const char* id = attr(r, "Id");
        const char* type = attr(r, "Type");
        const char* target = attr(r, "Target");
        if (!id || !type || !target) continue;
        out.push_back({id, type, resolve(dir_of(owner), target)});
    }
    return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

void read_styles(XlsxBook::Impl& book, const std::string& part) {
    std::string text = book.read_part(part, false);
    if (text.empty()) return;
    pugi::xml_document doc;
    if (!doc.load_buffer(text.data(), text.size()))
        book.fail("phần " + part + " không phải XML hợp lệ");
    auto root = doc.document_element();
    std::vector<std::pair<int, bool>> custom;
    if (auto fmts = child(root, "numFmts"))
        for (auto f : fmts.children())
            if (local(f) == "numFmt") {
                const char* id = attr(f, "numFmtId");
                const char* code = attr(f, "formatCode");
                if (id && code) custom.emplace_back(std::atoi(id), is_date_format(code));
            }
    auto xfs = child(root, "cellXfs");
    for (auto xf : xfs.children()) {
        if (local(xf) != "xf") continue;
        const char* id_text = attr(xf, "numFmtId");
        int id = id_text ? std::atoi(id_text) : 0;
        bool date = is_builtin_date_format(id);
        for (const auto& [cid, cdate] : custom)
            if (cid == id) date = cdate;
        book.date_style.push_back(date ? 1 : 0);
    }
}

std::unique_ptr<XlsxBook::Impl> load(std::unique_ptr<XlsxBook::Impl> book) {
    // The main part from the package relationships; xl/workbook.xml when they do not say.
    std::string workbook = "xl/workbook.xml";
    for (const auto& r : relationships(*book, "/"))
        if (r.type == kRelOfficeDoc) workbook = r.target;
    std::string text = book->read_part(workbook, true);
    pugi::xml_document doc;
    if (!doc.load_buffer(text.data(), text.size()))
        book->fail("phần " + workbook + " không phải XML hợp lệ");
    auto root = doc.document_element();
    if (local(root) != "workbook") book->fail("không phải sổ tính Excel (thiếu workbook.xml)");
    if (auto pr = child(root, "workbookPr")) {
        const char* d = attr(pr, "date1904");
        book->date1904 = d && (std::strcmp(d, "1") == 0 || std::strcmp(d, "true") == 0);
    }
    auto rels = relationships(*book, workbook);
    for (const auto& r : rels) {
        if (ends_with(r.type, "/sharedStrings")) read_shared_strings(*book, r.target);
        if (ends_with(r.type, "/styles")) read_styles(*book, r.target);
    }
    for (auto s : child(root, "sheets").children()) {
        if (local(s) != "sheet") continue;
        const char* name = attr(s, "name");
        const char* rid = attr(s, "id");
        const char* state = attr(s, "state");
        if (!name || !rid) continue;
        SheetInfo info;
        info.name = vn::nfc(name);
        info.hidden = state && std::strcmp(state, "visible") != 0;
        for (const auto& r : rels)
            if (r.id == rid) info.part = r.target;
        if (info.part.empty())
            book->fail("trang tính \"" + info.name + "\" không có phần dữ liệu trong tệp");
        book->sheets.push_back(std::move(info));
    }
    if (book->sheets.empty()) book->fail("sổ tính không có trang tính nào");
    return book;
}

std::string zip_reason(int code) {
    switch (code) {
        case ZIP_ER_NOENT:
            return "không có tệp này";
        case ZIP_ER_OPEN:
        case ZIP_ER_READ:
            return "không mở hoặc đọc được tệp";
        case ZIP_ER_NOZIP:
        case ZIP_ER_INCONS:
            return "không phải tệp XLSX (không phải tệp nén ZIP hợp lệ)";
        case ZIP_ER_ENCRNOTSUPP:
        case ZIP_ER_NOPASSWD:
        case ZIP_ER_WRONGPASSWD:
            return "tệp được đặt mật khẩu; hãy lưu lại không có mật khẩu";
        default: {
            zip_error_t e;
            zip_error_init_with_code(&e, code);
            std::string s = std::string("tệp XLSX hỏng (") + zip_error_strerror(&e) + ")";
            zip_error_fini(&e);
            return s;
        }
    }
}

}  // namespace

XlsxBook::Impl::~Impl() {
    if (zip) zip_discard(zip);
}

void XlsxBook::Impl::fail(const std::string& detail) const {
    throw ReadError(name, detail);
}

zip_file_t* XlsxBook::Impl::open_entry(const std::string& part, bool required) const {
    zip_int64_t idx = zip_name_locate(zip, part.c_str(), ZIP_FL_NOCASE);
    if (idx < 0) {
        if (required) fail("tệp XLSX thiếu phần " + part);
        return nullptr;
    }
    zip_file_t* f = zip_fopen_index(zip, static_cast<zip_uint64_t>(idx), 0);
    if (!f) fail("không giải nén được phần " + part + ": " + zip_strerror(zip));
    return f;
}

std::string XlsxBook::Impl::read_part(const std::string& part, bool required,
                                      std::size_t limit) const {
    zip_file_t* f = open_entry(part, required);
    if (!f) return {};
    std::string out;
    char buf[65536];
    for (;;) {
        zip_int64_t n = zip_fread(f, buf, sizeof buf);
        if (n < 0) {
            std::string why = zip_file_strerror(f);
            zip_fclose(f);
            fail("không giải nén được phần " + part + ": " + why);
        }
        if (n == 0) break;
        out.append(buf, static_cast<std::size_t>(n));
        if (out.size() > limit) {
            zip_fclose(f);
            fail("phần " + part + " quá lớn");
        }
    }
    zip_fclose(f);
    return out;
}

XlsxBook::XlsxBook(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XlsxBook::~XlsxBook() = default;
XlsxBook::XlsxBook(XlsxBook&&) noexcept = default;
XlsxBook& XlsxBook::operator=(XlsxBook&&) noexcept = default;

XlsxBook XlsxBook::open(const std::string& path) {
    auto impl = std::make_unique<Impl>();
    impl->name = path;
    int err = 0;
    impl->zip = zip_open(path.c_str(), ZIP_RDONLY, &err);
    if (!impl->zip) impl->fail(zip_reason(err));
    return XlsxBook(load(std::move(impl)));
}

XlsxBook XlsxBook::from_memory(std::string name, std::string bytes) {
    auto impl = std::make_unique<Impl>();
    impl->name = std::move(name);
    impl->bytes = std::move(bytes);
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(impl->bytes.data(), impl->bytes.size(), 0, &error);
    if (!src) impl->fail("hết bộ nhớ");
    impl->zip = zip_open_from_source(src, ZIP_RDONLY, &error);
    if (!impl->zip) {
        zip_source_free(src);
        int code = zip_error_code_zip(&error);
        zip_error_fini(&error);
        impl->fail(zip_reason(code));
    }
    zip_error_fini(&error);
    return XlsxBook(load(std::move(impl)));
}

const std::string& XlsxBook::name() const {
    return impl_->name;
}
const std::vector<SheetInfo>& XlsxBook::sheets() const {
    return impl_->sheets;
}
int XlsxBook::sheet_index(const std::string& name) const {
    for (std::size_t i = 0; i < impl_->sheets.size(); ++i)
        if (impl_->sheets[i].name == name) return static_cast<int>(i);
    return -1;
}

bool is_builtin_date_format(int id) {
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

bool is_date_format(std::string_view code) {
    // Only the first section (positive numbers) decides; quoted text, escaped characters and
    // bracketed parts ([Red], [$-42A], but [h]/[mm]/[ss] are elapsed time) do not count.
    bool in_quote = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        char c = code[i];
        if (in_quote) {
            if (c == '"') in_quote = false;
            continue;
        }
        if (c == '"') {
            in_quote = true;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;
        } else if (c == ';') {
            break;
        } else if (c == '[') {
            auto end = code.find(']', i);
            if (end == std::string_view::npos) break;
            auto inner = code.substr(i + 1, end - i - 1);
            if (!inner.empty() && (inner[0] == 'h' || inner[0] == 'H' || inner[0] == 'm' ||
                                   inner[0] == 'M' || inner[0] == 's' || inner[0] == 'S'))
                return true;
            i = end;
        } else {
            char l = static_cast<char>(c | 0x20);
            if (l == 'd' || l == 'm' || l == 'y' || l == 'h' || l == 's') return true;
        }
    }
    return false;
}

std::string excel_date_text(double serial, bool date1904) {
    if (!std::isfinite(serial) || serial < 0 || serial > 2958466) return "?";
    double whole = std::floor(serial);
    long long days = static_cast<long long>(whole);
    auto secs = static_cast<long long>(std::llround((serial - whole) * 86400.0));
    if (secs >= 86400) {
        ++days;
        secs -= 86400;
    }
    // Days since 1970-01-01. Excel's 1900 system counts a 29 February 1900 that never was
    // (serial 60), so serials from 61 are one day ahead of the calendar.
    long long z;
    if (date1904)
        z = days - 24107;  // 1904-01-01 is serial 0
    else
        z = days >= 61 ? days - 25569 : days - 25568;
    // Civil date from days (H. Hinnant's algorithm).
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = yoe + era * 400;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    const long long d = doy - (153 * mp + 2) / 5 + 1;
    const long long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    char buf[128];
    if (secs == 0)
        std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", y, m, d);
    else
        std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld", y, m, d,
                      secs / 3600, secs / 60 % 60, secs % 60);
    return buf;
}

}  // namespace vanban::intake
