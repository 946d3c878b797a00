#include "model/json_source.hpp"

#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

#include "vn/text.hpp"

namespace vanban::model {

namespace {

std::string format_what(const std::string& file, const std::string& pointer, std::size_t line,
                        std::size_t column, const std::string& detail) {
    std::string out = file;
    out += ": ";
    if (!pointer.empty()) {
        out += pointer;
        out += ' ';
    }
    if (line > 0) {
        out += "(dòng " + std::to_string(line);
        if (pointer.empty() && column > 0) out += ", cột " + std::to_string(column);
        out += "): ";
    } else if (!pointer.empty()) {
        out.back() = ':';
        out += ' ';
    }
    out += detail;
    return out;
}

std::size_t skip_ws(std::string_view t, std::size_t i) {
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) ++i;
    return i;
}

// Reads a JSON string starting at the opening quote; returns the offset after the closing quote
// and the decoded text (escapes resolved well enough to compare keys).
std::size_t read_string(std::string_view t, std::size_t i, std::string* out) {
    ++i;  // opening quote
    while (i < t.size() && t[i] != '"') {
        if (t[i] == '\\' && i + 1 < t.size()) {
            char e = t[i + 1];
            if (e == 'u' && i + 5 < t.size()) {
                char32_t cp =
                    static_cast<char32_t>(std::stoul(std::string(t.substr(i + 2, 4)), nullptr, 16));
                i += 6;
                if (cp >= 0xD800 && cp < 0xDC00 && i + 5 < t.size() && t[i] == '\\' &&
                    t[i + 1] == 'u') {
                    char32_t lo = static_cast<char32_t>(
                        std::stoul(std::string(t.substr(i + 2, 4)), nullptr, 16));
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
                if (out) vn::append_utf8(*out, cp);
                continue;
            }
            if (out) {
                switch (e) {
                    case 'n':
                        out->push_back('\n');
                        break;
                    case 't':
                        out->push_back('\t');
                        break;
                    case 'r':
                        out->push_back('\r');
                        break;
                    case 'b':
                        out->push_back('\b');
                        break;
                    case 'f':
                        out->push_back('\f');
                        break;
                    default:
                        out->push_back(e);
                }
            }
            i += 2;
            continue;
        }
        if (out) out->push_back(t[i]);
        ++i;
    }
    return i < t.size() ? i + 1 : i;
}

// Offset just after the value starting at i.
std::size_t skip_value(std::string_view t, std::size_t i) {
    i = skip_ws(t, i);
    if (i >= t.size()) return i;
    if (t[i] == '"') return read_string(t, i, nullptr);
    if (t[i] == '{' || t[i] == '[') {
        int depth = 0;
        while (i < t.size()) {
            char c = t[i];
            if (c == '"') {
                i = read_string(t, i, nullptr);
                continue;
            }
            if (c == '{' || c == '[') ++depth;
            if (c == '}' || c == ']') {
                if (--depth == 0) return i + 1;
            }
            ++i;
        }
        return i;
    }
    while (i < t.size() && t[i] != ',' && t[i] != '}' && t[i] != ']' && t[i] != ' ' &&
           t[i] != '\n' && t[i] != '\r' && t[i] != '\t')
        ++i;
    return i;
}

std::string unescape_token(std::string_view tok) {
    std::string out;
    for (std::size_t i = 0; i < tok.size(); ++i) {
        if (tok[i] == '~' && i + 1 < tok.size()) {
            out.push_back(tok[i + 1] == '1' ? '/' : '~');
            ++i;
        } else {
            out.push_back(tok[i]);
        }
    }
    return out;
}

// nlohmann keeps the last of two equal keys in an object without a word; a count given twice must
// not silently replace the first. One pass over the text after a successful parse (so the text is
// valid JSON); frames are reused across objects to avoid an allocation per object. Keys are
// compared as written (an escaped spelling of the same key is not detected).
struct DuplicateKey {
    std::size_t offset;   // of the second occurrence
    std::string pointer;  // to the duplicated member
};

std::optional<DuplicateKey> find_duplicate_key(std::string_view t) {
    struct Frame {
        bool object = false;
        std::size_t index = 0;
        std::string_view key;
        std::vector<std::string_view> keys;
    };
    std::vector<Frame> frames;
    std::size_t depth = 0;
    std::size_t i = 0;
    while (i < t.size()) {
        const char c = t[i];
        if (c == '"') {
            const std::size_t end = read_string(t, i, nullptr);
            const std::size_t j = skip_ws(t, end);
            if (depth > 0 && frames[depth - 1].object && j < t.size() && t[j] == ':') {
                Frame& f = frames[depth - 1];
                const std::string_view raw = t.substr(i + 1, end - i - 2);
                f.key = raw;
                for (auto k : f.keys) {
                    if (k != raw) continue;
                    std::string pointer;
                    for (std::size_t d = 0; d < depth; ++d) {
                        if (frames[d].object) {
                            std::string key;
                            std::string quoted = "\"" + std::string(frames[d].key) + "\"";
                            read_string(quoted, 0, &key);
                            pointer = pointer_append(pointer, key);
                        } else {
                            pointer = pointer_append(pointer, frames[d].index);
                        }
                    }
                    return DuplicateKey{i, pointer};
                }
                f.keys.push_back(raw);
                i = j + 1;
                continue;
            }
            i = end;
            continue;
        }
        if (c == '{' || c == '[') {
            if (frames.size() <= depth) frames.emplace_back();
            Frame& f = frames[depth++];
            f.object = c == '{';
            f.index = 0;
            f.keys.clear();
        } else if (c == '}' || c == ']') {
            if (depth > 0) --depth;
        } else if (c == ',' && depth > 0 && !frames[depth - 1].object) {
            ++frames[depth - 1].index;
        }
        ++i;
    }
    return std::nullopt;
}

// nlohmann's parse errors are English ("… - unexpected ']'; expected '[', '{', or a literal"):
// say the same in Vietnamese, keeping the offending token.
std::string describe_parse_error(std::string_view what) {
    auto dash = what.find(" - ");
    std::string_view body = dash == std::string_view::npos ? what : what.substr(dash + 3);
    std::string out;
    auto semi = body.find("; expected ");
    std::string_view found = body.substr(0, semi);
    std::string_view expected =
        semi == std::string_view::npos ? std::string_view{} : body.substr(semi + 11);
    if (found.starts_with("unexpected end of input")) {
        out = "tệp kết thúc giữa chừng (thiếu dấu đóng ngoặc hoặc dấu nháy?)";
    } else if (found.starts_with("unexpected number literal")) {
        out = "gặp một số không đúng chỗ";
    } else if (found.starts_with("unexpected string literal")) {
        out = "gặp một chuỗi không đúng chỗ (thiếu dấu phẩy?)";
    } else if (found.starts_with("unexpected ")) {
        out = "gặp " + std::string(found.substr(11)) + " không đúng chỗ";
    } else if (found.starts_with("invalid string: control character")) {
        out = "chuỗi chứa ký tự điều khiển chưa viết dạng thoát (\\n, \\t…)";
    } else if (found.starts_with("invalid string")) {
        out = "chuỗi không hợp lệ";
    } else if (found.starts_with("invalid number")) {
        out = "số không hợp lệ";
    } else if (found.starts_with("invalid literal")) {
        out =
            "giá trị không hợp lệ (chỉ dùng được chuỗi trong dấu nháy kép, số, true, false, null)";
    } else {
        out = "lỗi cú pháp";
    }
    if (expected == "'[', '{', or a literal")
        out += ", cần một giá trị";
    else if (expected == "string literal")
        out += ", cần tên trường trong dấu nháy kép (thừa dấu phẩy?)";
    else if (expected == "end of input")
        out += ", cần kết thúc tệp";
    else if (!expected.empty())
        out += ", cần " + std::string(expected);
    return out;
}

}  // namespace

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "", 0, 0, "không mở được tệp để đọc");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw InputError(path, "", 0, 0, "lỗi khi đọc tệp");
    return std::move(ss).str();
}

InputError::InputError(std::string file_, std::string pointer_, std::size_t line_,
                       std::size_t column_, std::string detail_)
    : std::runtime_error(format_what(file_, pointer_, line_, column_, detail_)),
      file(std::move(file_)),
      pointer(std::move(pointer_)),
      line(line_),
      column(column_),
      detail(std::move(detail_)) {}

TextPosition position_of(std::string_view text, std::size_t offset) {
    if (offset > text.size()) offset = text.size();
    TextPosition p{1, 1};
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++p.line;
            line_start = i + 1;
        }
    }
    // Column in code points: count bytes that do not continue a UTF-8 sequence.
    for (std::size_t i = line_start; i < offset; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++p.column;
    return p;
}

std::size_t locate_pointer(std::string_view t, std::string_view pointer) {
    std::size_t pos = skip_ws(t, 0);
    std::size_t start = 0;
    while (start < pointer.size()) {
        // pointer[start] == '/'
        std::size_t end = pointer.find('/', start + 1);
        if (end == std::string_view::npos) end = pointer.size();
        std::string token = unescape_token(pointer.substr(start + 1, end - start - 1));
        start = end;
        if (pos >= t.size()) return pos;
        if (t[pos] == '{') {
            std::size_t i = skip_ws(t, pos + 1);
            bool found = false;
            while (i < t.size() && t[i] == '"') {
                std::string key;
                i = read_string(t, i, &key);
                i = skip_ws(t, i);
                if (i < t.size() && t[i] == ':') i = skip_ws(t, i + 1);
                if (key == token) {
                    pos = i;
                    found = true;
                    break;
                }
                i = skip_ws(t, skip_value(t, i));
                if (i < t.size() && t[i] == ',') i = skip_ws(t, i + 1);
            }
            if (!found) return pos;
        } else if (t[pos] == '[') {
            std::size_t index = 0;
            for (char c : token) {
                if (c < '0' || c > '9') return pos;
                index = index * 10 + static_cast<std::size_t>(c - '0');
            }
            std::size_t i = skip_ws(t, pos + 1);
            for (std::size_t k = 0; k < index && i < t.size() && t[i] != ']'; ++k) {
                i = skip_ws(t, skip_value(t, i));
                if (i < t.size() && t[i] == ',') i = skip_ws(t, i + 1);
            }
            if (i >= t.size() || t[i] == ']') return pos;
            pos = i;
        } else {
            return pos;
        }
    }
    return pos;
}

std::string pointer_append(std::string_view base, std::string_view key) {
    std::string out(base);
    out.push_back('/');
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out.push_back(c);
    }
    return out;
}

std::string pointer_append(std::string_view base, std::size_t index) {
    std::string out(base);
    out.push_back('/');
    out += std::to_string(index);
    return out;
}

std::string describe(const Json& v) {
    switch (v.type()) {
        case Json::value_t::object:
            return "một đối tượng";
        case Json::value_t::array:
            return "một mảng";
        case Json::value_t::null:
            return "null";
        case Json::value_t::string: {
            std::string s = v.get<std::string>();
            if (vn::codepoint_count(s) > 40) {
                // Cut after 40 code points, never inside a UTF-8 sequence.
                std::size_t i = 0;
                for (int n = 0; n < 40; ++n) vn::decode_utf8(s, i);
                s = s.substr(0, i) + "…";
            }
            return "chuỗi \"" + s + "\"";
        }
        default:
            return v.dump();
    }
}

JsonDocument JsonDocument::load(const std::string& path) {
    return parse(path, read_text_file(path));
}

JsonDocument JsonDocument::from_parsed(std::string name, std::string text, Json root) {
    JsonDocument doc;
    doc.name_ = std::move(name);
    doc.text_ = std::move(text);
    doc.root_ = std::move(root);
    return doc;
}

JsonDocument JsonDocument::parse(std::string name, std::string text) {
    JsonDocument doc;
    doc.name_ = std::move(name);
    doc.text_ = std::move(text);
    std::size_t bad = vn::find_invalid_utf8(doc.text_);
    if (bad != std::string::npos) {
        TextPosition p = position_of(doc.text_, bad);
        throw InputError(doc.name_, "", p.line, p.column, "tệp không phải văn bản UTF-8 hợp lệ");
    }
    try {
        doc.root_ = Json::parse(doc.text_);
    } catch (const Json::parse_error& e) {
        // e.byte is the 1-based offset of the last character read.
        std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
        TextPosition p = position_of(doc.text_, at);
        throw InputError(doc.name_, "", p.line, p.column,
                         "JSON không hợp lệ: " + describe_parse_error(e.what()));
    }
    if (auto dup = find_duplicate_key(doc.text_)) {
        TextPosition p = position_of(doc.text_, dup->offset);
        throw InputError(doc.name_, dup->pointer, p.line, p.column,
                         "trường bị lặp lại trong cùng một đối tượng (chỉ được ghi một lần)");
    }
    return doc;
}

InputError JsonDocument::error(std::string_view pointer, std::string message) const {
    TextPosition p = position_of(text_, locate_pointer(text_, pointer));
    return InputError(name_, std::string(pointer), p.line, p.column, std::move(message));
}

void JsonDocument::fail(std::string_view pointer, std::string message) const {
    throw error(pointer, std::move(message));
}

const Json& JsonDocument::object_at(const Json& v, std::string_view ptr) const {
    if (!v.is_object()) fail(ptr, "cần một đối tượng JSON {…}, nhận được " + describe(v));
    return v;
}

const Json& JsonDocument::array_at(const Json& v, std::string_view ptr) const {
    if (!v.is_array()) fail(ptr, "cần một mảng JSON […], nhận được " + describe(v));
    return v;
}

const Json& JsonDocument::member(const Json& object, std::string_view ptr, const char* key) const {
    auto it = object.find(key);
    if (it == object.end()) fail(ptr, std::string("thiếu trường \"") + key + "\"");
    return *it;
}

const Json* JsonDocument::optional_member(const Json& object, const char* key) const {
    auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string JsonDocument::string_value(const Json& v, std::string_view ptr) const {
    if (!v.is_string()) fail(ptr, "cần một chuỗi, nhận được " + describe(v));
    return vn::nfc(v.get_ref<const std::string&>());
}

std::string JsonDocument::string_member(const Json& object, std::string_view ptr,
                                        const char* key) const {
    return string_value(member(object, ptr, key), pointer_append(ptr, key));
}

std::string JsonDocument::string_member_or(const Json& object, std::string_view ptr,
                                           const char* key, std::string fallback) const {
    const Json* v = optional_member(object, key);
    return v ? string_value(*v, pointer_append(ptr, key)) : fallback;
}

std::int64_t JsonDocument::integer_member(const Json& object, std::string_view ptr,
                                          const char* key) const {
    const Json& v = member(object, ptr, key);
    if (!v.is_number_integer())
        fail(pointer_append(ptr, key), "cần một số nguyên, nhận được " + describe(v));
    return v.get<std::int64_t>();
}

std::int64_t JsonDocument::hundredths_value(const Json& v, std::string_view ptr) const {
    if (!v.is_number())
        fail(ptr, "cần một số (tối đa 2 chữ số thập phân), nhận được " + describe(v));
    double x = v.get<double>();
    double scaled = x * 100.0;
    double r = std::round(scaled);
    if (x < 0 || x > 1e9 || std::fabs(scaled - r) > 1e-6)
        fail(ptr, "cần một số không âm có tối đa 2 chữ số thập phân, nhận được " + describe(v));
    return static_cast<std::int64_t>(r);
}

}  // namespace vanban::model
