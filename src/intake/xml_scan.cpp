#include "intake/xml_scan.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "vn/text.hpp"

namespace vanban::intake {

namespace {

constexpr std::size_t kChunk = 256u << 10;
// A single tag or text run longer than this is not a spreadsheet (a cell holds at most 32,767
// characters): refuse rather than grow without bound.
constexpr std::size_t kMaxToken = 16u << 20;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view local_name(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i)  // names are short: no call to memchr
        if (s[i] == ':') return s.substr(i + 1);
    return s;
}

std::size_t count_lines(const char* p, std::size_t n) {
    std::size_t lines = 0;
    const char* end = p + n;
    while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))))
        ++lines, ++p;
    return lines;
}

void append_utf8(std::string& out, unsigned long cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

XmlScanner::XmlScanner(const XlsxBook::Impl& book, const std::string& part)
    : book_(book), part_(part) {
    file_ = book.open_entry(part, true);
    buf_ = static_cast<char*>(std::malloc(kChunk));
    if (!buf_) {
        zip_fclose(file_);
        book.fail("hết bộ nhớ");
    }
    cap_ = kChunk;
}

XmlScanner::~XmlScanner() {
    std::free(buf_);
    zip_fclose(file_);
}

void XmlScanner::fail(const std::string& detail) const {
    std::size_t line = lines_before_ + count_lines(buf_, pos_);
    book_.fail("phần " + part_ + " không phải XML hợp lệ (dòng " + std::to_string(line) +
               "): " + detail);
}

bool XmlScanner::refill() {
    if (eof_) return false;
    if (pos_ > 0) {
        lines_before_ += count_lines(buf_, pos_);
        std::memmove(buf_, buf_ + pos_, end_ - pos_);
        end_ -= pos_;
        pos_ = 0;
    }
    if (end_ == cap_) {
        if (cap_ >= kMaxToken) fail("một thẻ hoặc đoạn văn bản dài quá 16 MB");
        char* grown = static_cast<char*>(std::realloc(buf_, cap_ * 2));
        if (!grown) book_.fail("hết bộ nhớ");
        buf_ = grown;
        cap_ *= 2;
    }
    zip_int64_t n = zip_fread(file_, buf_ + end_, cap_ - end_);
    if (n < 0) book_.fail("không giải nén được phần " + part_ + ": " + zip_file_strerror(file_));
    if (n == 0) {
        eof_ = true;
        return false;
    }
    end_ += static_cast<std::size_t>(n);
    return true;
}

bool XmlScanner::have(std::size_t n) {
    while (end_ - pos_ < n)
        if (!refill()) return false;
    return true;
}

std::size_t XmlScanner::find(std::string_view needle, std::size_t from) {
    for (;;) {
        if (pos_ + from < end_) {
            const std::size_t n = end_ - pos_ - from;
            const void* hit = needle.size() == 1
                                  ? std::memchr(buf_ + pos_ + from, needle[0], n)
                                  : memmem(buf_ + pos_ + from, n, needle.data(), needle.size());
            if (hit) return static_cast<std::size_t>(static_cast<const char*>(hit) - buf_) - pos_;
            // A needle cut by the end of the buffer is found again after the refill.
            std::size_t avail = end_ - pos_;
            from = std::max(from, avail >= needle.size() ? avail - needle.size() + 1 : 0);
        }
        if (!refill()) return std::string_view::npos;
    }
}

std::size_t XmlScanner::scan_start_tag() {
    constexpr auto more = std::string_view::npos;
    const char* const p = buf_ + pos_;
    const char* const e = buf_ + end_;
    const char* q = p + 1;
    const char* local = q;  // after the last ':' of the name
    while (q < e && !is_space(*q) && *q != '/' && *q != '>')
        if (*q++ == ':') local = q;
    if (q >= e) return more;
    name_ = std::string_view(local, static_cast<std::size_t>(q - local));
    if (name_.empty()) fail("thẻ không có tên");
    attrs_.clear();
    for (;;) {
        while (q < e && is_space(*q)) ++q;
        if (q >= e) return more;
        if (*q == '>') {
            self_closing_ = false;
            return static_cast<std::size_t>(q + 1 - p);
        }
        if (*q == '/') {
            if (q + 1 >= e) return more;
            if (q[1] != '>') fail("sau / trong thẻ phải là >");
            self_closing_ = true;
            return static_cast<std::size_t>(q + 2 - p);
        }
        const char* an = q;
        while (q < e && *q != '=' && !is_space(*q) && *q != '>' && *q != '/') ++q;
        if (q >= e) return more;
        const std::string_view aname(an, static_cast<std::size_t>(q - an));
        while (q < e && is_space(*q)) ++q;
        if (q >= e) return more;
        if (*q != '=' || aname.empty())
            fail("thuộc tính \"" + std::string(aname) + "\" thiếu dấu =");
        ++q;
        while (q < e && is_space(*q)) ++q;
        if (q >= e) return more;
        if (*q != '"' && *q != '\'')
            fail("giá trị thuộc tính \"" + std::string(aname) + "\" không có dấu ngoặc");
        const char quote = *q++;
        const auto* close =
            static_cast<const char*>(std::memchr(q, quote, static_cast<std::size_t>(e - q)));
        if (!close) return more;
        if (!aname.starts_with("xmlns"))
            attrs_.push_back(
                {local_name(aname), std::string_view(q, static_cast<std::size_t>(close - q))});
        q = close + 1;
    }
}

XmlScanner::Token XmlScanner::next() {
    for (;;) {
        if (pos_ == end_ && !refill()) return Token::eof;
        if (!started_) {
            started_ = true;
            if (have(2) && ((buf_[pos_] == '\xFF' && buf_[pos_ + 1] == '\xFE') ||
                            (buf_[pos_] == '\xFE' && buf_[pos_ + 1] == '\xFF')))
                fail("phần được mã hóa UTF-16; chỉ đọc được UTF-8 (lưu lại bằng Excel)");
            if (have(3) && std::memcmp(buf_ + pos_, "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
            continue;
        }
        if (buf_[pos_] != '<') {
            // Short texts (a cell's value) end within a few bytes: look there before memchr.
            std::size_t lt = std::string_view::npos;
            for (std::size_t i = 1; i < 16 && pos_ + i < end_; ++i)
                if (buf_[pos_ + i] == '<') {
                    lt = i;
                    break;
                }
            if (lt == std::string_view::npos) lt = find("<", 0);
            std::size_t len = lt == std::string_view::npos ? end_ - pos_ : lt;
            text_ = std::string_view(buf_ + pos_, len);
            cdata_ = false;
            pos_ += len;
            return Token::text;
        }
        if (!have(2)) fail("tệp kết thúc giữa một thẻ");
        const char second = buf_[pos_ + 1];
        if (second == '/') {
            std::size_t gt = std::string_view::npos;
            for (std::size_t i = 2; i < 24 && pos_ + i < end_; ++i)
                if (buf_[pos_ + i] == '>') {
                    gt = i;
                    break;
                }
            if (gt == std::string_view::npos) gt = find(">", 2);
            if (gt == std::string_view::npos) fail("tệp kết thúc giữa một thẻ đóng");
            std::string_view n(buf_ + pos_ + 2, gt - 2);
            while (!n.empty() && is_space(n.back())) n.remove_suffix(1);
            name_ = local_name(n);
            pos_ += gt + 1;
            return Token::end;
        }
        if (second == '?') {
            std::size_t e = find("?>", 2);
            if (e == std::string_view::npos) fail("chỉ thị xử lý <? không được đóng");
            pos_ += e + 2;
            continue;
        }
        if (second == '!') {
            if (have(4) && std::memcmp(buf_ + pos_, "<!--", 4) == 0) {
                std::size_t e = find("-->", 4);
                if (e == std::string_view::npos) fail("chú thích <!-- không được đóng");
                pos_ += e + 3;
                continue;
            }
            if (have(9) && std::memcmp(buf_ + pos_, "<![CDATA[", 9) == 0) {
                std::size_t e = find("]]>", 9);
                if (e == std::string_view::npos) fail("đoạn CDATA không được đóng");
                text_ = std::string_view(buf_ + pos_ + 9, e - 9);
                cdata_ = true;
                pos_ += e + 3;
                return Token::text;
            }
            book_.fail("phần " + part_ + " có khai báo DTD, tệp XLSX không có");
        }
        for (;;) {
            std::size_t len = scan_start_tag();
            if (len != std::string_view::npos) {
                pos_ += len;
                break;
            }
            if (!refill()) fail("tệp kết thúc giữa một thẻ mở");
        }
        return Token::start;
    }
}

bool XmlScanner::attribute(std::string_view local, std::string_view& value) const {
    for (const auto& a : attrs_)
        if (a.local == local) {
            value = a.value;
            return true;
        }
    return false;
}

bool XmlScanner::simple_cell_value(std::string_view& value) {
    // "<v>" + at most 32 bytes + "</v></c>" within the bytes already read; a cell cut by the end
    // of the buffer takes the general path.
    constexpr std::size_t kMaxValue = 32;
    const char* const p = buf_ + pos_;
    const std::size_t avail = end_ - pos_;
    if (avail < 11 || p[0] != '<' || p[1] != 'v' || p[2] != '>') return false;
    const std::size_t limit = std::min(avail - 7, 3 + kMaxValue + 1);
    std::size_t i = 3;
    while (i < limit) {
        const auto c = static_cast<unsigned char>(p[i]);
        if (c == '<') break;
        if (c < 0x20 || c >= 0x80 || c == '&') return false;
        ++i;
    }
    if (i >= limit) return false;
    // "</v></c>" compared as one 8-byte word (a call to memcmp cost more than the rest).
    std::uint64_t tail = 0, want = 0;
    std::memcpy(&tail, p + i, 8);
    std::memcpy(&want, "</v></c>", 8);
    if (tail != want) return false;
    value = std::string_view(p + 3, i - 3);
    pos_ += i + 8;
    return true;
}

void XmlScanner::append_text(std::string& out) const {
    const std::size_t start = out.size();
    const std::string_view t = text_;
    bool plain = true, ascii = true;
    if (t.size() <= 32) {  // a cell's value: one pass instead of two memchr calls
        for (char ch : t) {
            if (ch == '\r' || (ch == '&' && !cdata_)) plain = false;
            if (static_cast<unsigned char>(ch) >= 0x80) ascii = false;
        }
    } else {
        plain = std::memchr(t.data(), '\r', t.size()) == nullptr &&
                (cdata_ || std::memchr(t.data(), '&', t.size()) == nullptr);
        ascii = false;  // checked below
    }
    if (plain) {
        out.append(t);
    } else {
        for (std::size_t i = 0; i < t.size(); ++i) {
            char c = t[i];
            if (c == '\r') {
                // XML line ends: CR LF and a lone CR both become LF.
                out += '\n';
                if (i + 1 < t.size() && t[i + 1] == '\n') ++i;
                continue;
            }
            if (c != '&' || cdata_) {
                out += c;
                continue;
            }
            std::size_t semi = t.find(';', i);
            if (semi == std::string_view::npos || semi - i > 12)
                fail("ký tự & không mở đầu một tham chiếu thực thể");
            std::string_view ent = t.substr(i + 1, semi - i - 1);
            if (ent == "lt") {
                out += '<';
            } else if (ent == "gt") {
                out += '>';
            } else if (ent == "amp") {
                out += '&';
            } else if (ent == "quot") {
                out += '"';
            } else if (ent == "apos") {
                out += '\'';
            } else if (ent.size() >= 2 && ent[0] == '#') {
                const bool hex = ent[1] == 'x';
                std::string digits(ent.substr(hex ? 2 : 1));
                char* endp = nullptr;
                unsigned long cp = std::strtoul(digits.c_str(), &endp, hex ? 16 : 10);
                if (digits.empty() || *endp || digits[0] == '-' || digits[0] == '+' || cp == 0 ||
                    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                    fail("tham chiếu ký tự &" + std::string(ent) + "; không hợp lệ");
                append_utf8(out, cp);
            } else {
                fail("thực thể &" + std::string(ent) + "; không được định nghĩa");
            }
            i = semi;
        }
    }
    if (plain && ascii) return;
    std::string_view added(out.data() + start, out.size() - start);
    for (unsigned char c : added)
        if (c >= 0x80) {
            if (vn::find_invalid_utf8(added) != std::string::npos)
                fail("văn bản không phải UTF-8 hợp lệ");
            break;
        }
}

}  // namespace vanban::intake
