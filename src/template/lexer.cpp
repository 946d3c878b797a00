// Jinja2's lexer rules (lexer.py) without regular expressions.
#include "template/lexer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>

#include "template/engine.hpp"
#include "vn/text.hpp"

namespace vanban::tpl {

namespace {

bool is_ws(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (static_cast<unsigned char>(c) >= 0x80);
}
bool is_name_char(char c) {
    return is_name_start(c) || is_digit(c);
}

// Jinja normalises every newline in template text and string literals to "\n".
std::string normalize_newlines(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r') {
            out += '\n';
            if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        } else {
            out += s[i];
        }
    }
    return out;
}

class Lexer {
  public:
    Lexer(std::string_view src, const std::string& name) : src_(src), name_(name) {
        line_starts_.push_back(0);
        for (std::size_t i = 0; i < src.size(); ++i)
            if (src[i] == '\n') line_starts_.push_back(i + 1);
    }

    std::vector<Token> run() {
        std::size_t pos = 0;
        bool strip_next = false;
        const std::size_t n = src_.size();
        while (pos <= n) {
            std::size_t k = find_tag(pos);
            std::string_view text = src_.substr(pos, k - pos);
            if (strip_next) {
                while (!text.empty() && is_ws(text.front())) text.remove_prefix(1);
                strip_next = false;
            }
            if (k < n && k + 2 < n && src_[k + 2] == '-')
                while (!text.empty() && is_ws(text.back())) text.remove_suffix(1);
            if (!text.empty())
                push(Tok::Data, normalize_newlines(text),
                     pos + (text.data() - (src_.data() + pos)));
            if (k >= n) break;
            char kind = src_[k + 1];
            if (kind == '#') {
                std::size_t end = src_.find("#}", k + 2);
                if (end == std::string_view::npos)
                    fail(k, "chú thích '{#' chưa được đóng bằng '#}'");
                strip_next = end > k + 2 && src_[end - 1] == '-';
                pos = end + 2;
                continue;
            }
            if (kind == '%' && try_raw(k, pos, strip_next)) continue;
            std::size_t p = k + 2;
            if (p < n && (src_[p] == '-' || src_[p] == '+')) ++p;
            push(kind == '{' ? Tok::VarBegin : Tok::BlockBegin, "", k);
            pos = lex_tag(p, kind == '{', strip_next);
        }
        // Jinja blames an unexpected end of template on the line where the last token starts.
        Token eof;
        eof.type = Tok::Eof;
        if (!toks_.empty()) {
            eof.line = toks_.back().line;
            eof.column = toks_.back().column;
        } else {
            pos_of(n, eof);
        }
        toks_.push_back(std::move(eof));
        return std::move(toks_);
    }

  private:
    std::size_t find_tag(std::size_t pos) const {
        for (std::size_t i = src_.find('{', pos); i != std::string_view::npos;
             i = src_.find('{', i + 1)) {
            if (i + 1 < src_.size() &&
                (src_[i + 1] == '{' || src_[i + 1] == '%' || src_[i + 1] == '#'))
                return i;
        }
        return src_.size();
    }

    // {% raw %}...{% endraw %}: the content is emitted as text untouched.
    bool try_raw(std::size_t k, std::size_t& pos, bool& strip_next) {
        std::size_t p = k + 2;
        if (p < src_.size() && (src_[p] == '-' || src_[p] == '+')) ++p;
        while (p < src_.size() && is_ws(src_[p])) ++p;
        if (src_.substr(p, 3) != "raw") return false;
        p += 3;
        if (p < src_.size() && is_name_char(src_[p])) return false;
        while (p < src_.size() && is_ws(src_[p])) ++p;
        bool lstrip_content = false;
        if (src_.substr(p, 3) == "-%}") {
            lstrip_content = true;
            p += 3;
        } else if (src_.substr(p, 2) == "%}") {
            p += 2;
        } else {
            return false;
        }
        std::size_t content_start = p;
        for (std::size_t i = src_.find("{%", p); i != std::string_view::npos;
             i = src_.find("{%", i + 1)) {
            std::size_t q = i + 2;
            bool rstrip_content = false;
            if (q < src_.size() && (src_[q] == '-' || src_[q] == '+'))
                rstrip_content = src_[q++] == '-';
            while (q < src_.size() && is_ws(src_[q])) ++q;
            if (src_.substr(q, 6) != "endraw") continue;
            q += 6;
            while (q < src_.size() && is_ws(src_[q])) ++q;
            bool strip_after = false;
            if (src_.substr(q, 3) == "-%}") {
                strip_after = true;
                q += 3;
            } else if (src_.substr(q, 2) == "%}") {
                q += 2;
            } else {
                continue;
            }
            std::string_view content = src_.substr(content_start, i - content_start);
            if (lstrip_content)
                while (!content.empty() && is_ws(content.front())) content.remove_prefix(1);
            if (rstrip_content)
                while (!content.empty() && is_ws(content.back())) content.remove_suffix(1);
            if (!content.empty()) push(Tok::Data, normalize_newlines(content), content_start);
            strip_next = strip_after;
            pos = q;
            return true;
        }
        fail(k, "thiếu '{% endraw %}' cho '{% raw %}'");
    }

    // Tokens up to the closing "}}" / "%}"; returns the position after it.
    std::size_t lex_tag(std::size_t p, bool var, bool& strip_next) {
        const std::size_t n = src_.size();
        const char closer = var ? '}' : '%';
        std::string brackets;  // expected closers, innermost last
        while (true) {
            while (p < n && is_ws(src_[p])) ++p;
            // An unclosed tag is left to the parser, which blames the first token it cannot use.
            if (p >= n) return n;
            if (brackets.empty()) {
                if (src_[p] == '-' && p + 2 < n && src_[p + 1] == closer && src_[p + 2] == '}') {
                    strip_next = true;
                    push(var ? Tok::VarEnd : Tok::BlockEnd, "", p);
                    return p + 3;
                }
                if (src_[p] == '+' && !var && p + 2 < n && src_[p + 1] == '%' &&
                    src_[p + 2] == '}') {
                    push(Tok::BlockEnd, "", p);
                    return p + 3;
                }
                if (src_[p] == closer && p + 1 < n && src_[p + 1] == '}') {
                    push(var ? Tok::VarEnd : Tok::BlockEnd, "", p);
                    return p + 2;
                }
            }
            char c = src_[p];
            if (is_name_start(c)) {
                std::size_t s = p;
                while (p < n && is_name_char(src_[p])) ++p;
                std::string_view word = src_.substr(s, p - s);
                if (vn::find_invalid_utf8(word) != std::string_view::npos)
                    fail(s, "tên chứa byte UTF-8 không hợp lệ");
                push(Tok::Name, vn::nfc(word), s);
            } else if (is_digit(c)) {
                p = lex_number(p);
            } else if (c == '\'' || c == '"') {
                p = lex_string(p);
            } else {
                static constexpr std::string_view two[] = {"**", "//", "==", "!=", ">=", "<="};
                std::string_view op;
                for (auto t : two)
                    if (src_.substr(p, 2) == t) op = t;
                if (op.empty()) {
                    if (std::string_view("+-/*%~[](){}<>=.:|,;").find(c) == std::string_view::npos)
                        fail(p, std::string("ký tự không hợp lệ '") + c + "' trong biểu thức");
                    op = src_.substr(p, 1);
                }
                if (op == "(") brackets += ')';
                if (op == "[") brackets += ']';
                if (op == "{") brackets += '}';
                if (op == ")" || op == "]" || op == "}") {
                    if (brackets.empty()) fail(p, "gặp '" + std::string(op) + "' không mong đợi");
                    if (brackets.back() != op[0])
                        fail(p, "gặp '" + std::string(op) + "' không mong đợi, mong đợi '" +
                                    brackets.back() + "'");
                    brackets.pop_back();
                }
                push(Tok::Op, std::string(op), p);
                p += op.size();
            }
        }
    }

    std::size_t lex_number(std::size_t p) {
        const std::size_t n = src_.size();
        std::size_t s = p;
        auto digits = [&](std::size_t& q) {
            while (q < n &&
                   (is_digit(src_[q]) || (src_[q] == '_' && q + 1 < n && is_digit(src_[q + 1]) &&
                                          q > s && is_digit(src_[q - 1]))))
                ++q;
        };
        digits(p);
        bool is_float = false;
        // After a '.', "0.1" is two subscripts (x.0.1), never a float (Jinja's (?<!\.)).
        bool after_dot = !toks_.empty() && toks_.back().type == Tok::Op &&
                         toks_.back().text == "." && s > 0 && src_[s - 1] == '.';
        if (!after_dot && p + 1 < n && src_[p] == '.' && is_digit(src_[p + 1])) {
            is_float = true;
            ++p;
            digits(p);
        }
        if (!after_dot && p < n && (src_[p] == 'e' || src_[p] == 'E')) {
            std::size_t q = p + 1;
            if (q < n && (src_[q] == '+' || src_[q] == '-')) ++q;
            if (q < n && is_digit(src_[q])) {
                is_float = true;
                p = q;
                digits(p);
            }
        }
        std::string text;
        for (std::size_t i = s; i < p; ++i)
            if (src_[i] != '_') text += src_[i];
        Token t;
        t.text = text;
        if (is_float) {
            t.type = Tok::Float;
            t.fval = std::strtod(text.c_str(), nullptr);
        } else {
            t.type = Tok::Int;
            errno = 0;
            t.ival = std::strtoll(text.c_str(), nullptr, 10);
            if (errno == ERANGE) fail(s, "số nguyên quá lớn: " + text);
        }
        pos_of(s, t);
        toks_.push_back(std::move(t));
        return p;
    }

    std::size_t lex_string(std::size_t p) {
        const std::size_t n = src_.size();
        char q = src_[p];
        std::size_t s = p++;
        std::string raw;
        while (true) {
            if (p >= n) fail(s, "chuỗi chưa được đóng (thiếu dấu " + std::string(1, q) + ")");
            char c = src_[p];
            if (c == q) break;
            if (c == '\\' && p + 1 < n) {
                raw += c;
                raw += src_[p + 1];
                p += 2;
                continue;
            }
            raw += c;
            ++p;
        }
        Token t;
        t.type = Tok::String;
        std::string text = unescape(normalize_newlines(raw), s);
        // Escapes only produce whole code points, but stay defensive: vn::nfc would throw
        // InvalidUtf8, which is not a TemplateError and would escape every caller.
        if (vn::find_invalid_utf8(text) != std::string::npos)
            fail(s, "chuỗi chứa byte UTF-8 không hợp lệ sau khi giải mã thoát");
        t.text = vn::nfc(text);
        pos_of(s, t);
        toks_.push_back(std::move(t));
        return p + 1;
    }

    static int hex_digit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    // Python's unicode-escape decoding of a string literal's body.
    std::string unescape(const std::string& raw, std::size_t at) {
        std::string out;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '\\' || i + 1 >= raw.size()) {
                out += raw[i];
                continue;
            }
            char e = raw[++i];
            switch (e) {
                case 'n':
                    out += '\n';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case '\\':
                    out += '\\';
                    break;
                case '\'':
                    out += '\'';
                    break;
                case '"':
                    out += '"';
                    break;
                case 'a':
                    out += '\a';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'v':
                    out += '\v';
                    break;
                case '0':
                    out += '\0';
                    break;
                case '\n':
                    break;
                case 'x':
                case 'u':
                case 'U': {
                    std::size_t len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + len >= raw.size())
                        fail(at, "chuỗi có mã thoát '\\" + std::string(1, e) + "' không hợp lệ");
                    // Exactly `len` hex digits, checked by hand: strtoul would stop at an
                    // embedded NUL, accept a sign or spaces, and swallow half of a UTF-8
                    // sequence, leaving ill-formed text behind.
                    std::uint32_t cp = 0;
                    for (std::size_t k = 1; k <= len; ++k) {
                        int d = hex_digit(raw[i + k]);
                        if (d < 0)
                            fail(at, "chuỗi có mã thoát '\\" + std::string(1, e) +
                                         "' không hợp lệ: cần đúng " + std::to_string(len) +
                                         " chữ số thập lục phân");
                        cp = cp * 16 + std::uint32_t(d);
                    }
                    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                        fail(at, "chuỗi có mã thoát '\\" + std::string(1, e) +
                                     "' không hợp lệ: không phải một ký tự Unicode");
                    vn::append_utf8(out, char32_t(cp));
                    i += len;
                    break;
                }
                default:
                    out += '\\';
                    out += e;
            }
        }
        return out;
    }

    // Tokens come in source order, so columns are counted on from the previous token
    // (counting from the line start each time is quadratic on one long line).
    void pos_of(std::size_t offset, Token& t) const {
        auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
        std::size_t ls = *(it - 1);
        t.line = int(it - line_starts_.begin());
        std::size_t from = ls, cps = 0;
        if (cache_off_ >= ls && cache_off_ <= offset) {
            from = cache_off_;
            cps = cache_cps_;
        }
        for (std::size_t i = from; i < offset; ++i)
            if ((static_cast<unsigned char>(src_[i]) & 0xC0) != 0x80) ++cps;
        cache_off_ = offset;
        cache_cps_ = cps;
        t.column = int(cps) + 1;
    }
    mutable std::size_t cache_off_ = std::string_view::npos;
    mutable std::size_t cache_cps_ = 0;

    void push(Tok type, std::string text, std::size_t offset) {
        Token t;
        t.type = type;
        t.text = std::move(text);
        pos_of(offset, t);
        toks_.push_back(std::move(t));
    }

    [[noreturn]] void fail(std::size_t offset, std::string msg) const {
        Token t;
        pos_of(std::min(offset, src_.size()), t);
        throw TemplateError(name_, t.line, t.column, std::move(msg));
    }

    std::string_view src_;
    const std::string& name_;
    std::vector<std::size_t> line_starts_;
    std::vector<Token> toks_;
};

}  // namespace

std::vector<Token> tokenize(std::string_view source, const std::string& name) {
    return Lexer(source, name).run();
}

}  // namespace vanban::tpl
