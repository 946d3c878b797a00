#include "intake/csv_reader.hpp"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <memory>

#include "vn/text.hpp"

namespace vanban::intake {

namespace {

std::string to_lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Converts with an ICU converter that stops at the first invalid byte sequence.
std::string convert(const std::string& file, std::string_view bytes, const char* charset,
                    std::string_view shown) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, void (*)(UConverter*)> conv(ucnv_open(charset, &status),
                                                            ucnv_close);
    if (U_FAILURE(status)) throw ReadError(file, "ICU không có bộ chuyển mã " + std::string(shown));
    ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    std::u16string u16(bytes.size() + 1, u'\0');
    int32_t n = ucnv_toUChars(conv.get(), reinterpret_cast<UChar*>(u16.data()),
                              static_cast<int32_t>(u16.size()), bytes.data(),
                              static_cast<int32_t>(bytes.size()), &status);
    if (U_FAILURE(status))
        throw ReadError(file, "nội dung không hợp lệ theo bảng mã " + std::string(shown) +
                                  " (dùng --encoding để chỉ định bảng mã)");
    u16.resize(static_cast<std::size_t>(n));
    std::string out;
    int32_t len = 0;
    status = U_ZERO_ERROR;
    u_strToUTF8(nullptr, 0, &len, reinterpret_cast<const UChar*>(u16.data()), n, &status);
    out.resize(static_cast<std::size_t>(len));
    status = U_ZERO_ERROR;
    u_strToUTF8(out.data(), len, &len, reinterpret_cast<const UChar*>(u16.data()), n, &status);
    if (U_FAILURE(status))
        throw ReadError(file, "nội dung không hợp lệ theo bảng mã " + std::string(shown));
    return out;
}

}  // namespace

std::optional<Encoding> parse_encoding(std::string_view name) {
    std::string n = to_lower_ascii(name);
    if (n == "auto") return Encoding::detect;
    if (n == "utf-8" || n == "utf8") return Encoding::utf8;
    if (n == "utf-16" || n == "utf16" || n == "utf-16le") return Encoding::utf16le;
    if (n == "utf-16be") return Encoding::utf16be;
    if (n == "windows-1258" || n == "cp1258" || n == "1258") return Encoding::windows1258;
    return std::nullopt;
}

std::string_view encoding_name(Encoding e) {
    switch (e) {
        case Encoding::detect:
            return "auto";
        case Encoding::utf8:
            return "UTF-8";
        case Encoding::utf16le:
            return "UTF-16LE";
        case Encoding::utf16be:
            return "UTF-16BE";
        case Encoding::windows1258:
            return "Windows-1258";
    }
    return "";
}

CsvText decode_csv(const std::string& file, std::string_view bytes, Encoding encoding) {
    CsvText out;
    auto starts = [&](std::string_view bom) { return bytes.substr(0, bom.size()) == bom; };
    // A BOM decides, whatever was asked for UTF-16's byte order.
    if (starts("\xEF\xBB\xBF") && (encoding == Encoding::detect || encoding == Encoding::utf8)) {
        bytes.remove_prefix(3);
        encoding = Encoding::utf8;
    } else if (starts("\xFF\xFE") && encoding != Encoding::utf8 &&
               encoding != Encoding::windows1258) {
        bytes.remove_prefix(2);
        encoding = Encoding::utf16le;
    } else if (starts("\xFE\xFF") && encoding != Encoding::utf8 &&
               encoding != Encoding::windows1258) {
        bytes.remove_prefix(2);
        encoding = Encoding::utf16be;
    } else if (encoding == Encoding::detect) {
        encoding = vn::find_invalid_utf8(bytes) == std::string_view::npos ? Encoding::utf8
                                                                          : Encoding::windows1258;
    }
    out.encoding = encoding;
    std::string utf8;
    switch (encoding) {
        case Encoding::utf8: {
            auto bad = vn::find_invalid_utf8(bytes);
            if (bad != std::string_view::npos)
                throw ReadError(file, "không phải UTF-8 hợp lệ (byte thứ " +
                                          std::to_string(bad + 1) +
                                          "); dùng --encoding để chỉ định bảng mã");
            utf8.assign(bytes);
            break;
        }
        case Encoding::utf16le:
            if (bytes.size() % 2) throw ReadError(file, "tệp UTF-16 có số byte lẻ");
            utf8 = convert(file, bytes, "UTF-16LE", "UTF-16LE");
            break;
        case Encoding::utf16be:
            if (bytes.size() % 2) throw ReadError(file, "tệp UTF-16 có số byte lẻ");
            utf8 = convert(file, bytes, "UTF-16BE", "UTF-16BE");
            break;
        case Encoding::windows1258:
        case Encoding::detect:
            utf8 = convert(file, bytes, "windows-1258", "Windows-1258");
            break;
    }
    out.text = vn::nfc(utf8);
    return out;
}

void parse_csv(const std::string& file, std::string_view text, char delimiter,
               const RowCallback& on_row) {
    if (delimiter == 0) {
        // The most frequent candidate outside quotes in the first record.
        std::size_t comma = 0, semi = 0, tab = 0;
        bool quoted = false;
        for (char c : text) {
            if (c == '"') quoted = !quoted;
            if (quoted) continue;
            if (c == '\n') break;
            comma += c == ',';
            semi += c == ';';
            tab += c == '\t';
        }
        delimiter = ',';
        if (semi > comma && semi >= tab) delimiter = ';';
        if (tab > comma && tab > semi) delimiter = '\t';
    }
    Row row;
    row.index = 1;
    std::size_t line = 1;
    std::size_t i = 0;
    const std::size_t n = text.size();
    std::uint32_t col = 1;
    std::string field;
    auto push_field = [&] {
        if (!field.empty()) {
            Cell c;
            c.col = col;
            c.kind = CellKind::text;
            c.text = std::move(field);
            row.cells.push_back(std::move(c));
        }
        field.clear();
        ++col;
        if (col > 16384) throw ReadError(file, "dòng " + std::to_string(line) + ": quá 16.384 cột");
    };
    auto end_record = [&]() -> bool {
        push_field();
        bool go = row.cells.empty() || on_row(row);
        row.cells.clear();
        ++row.index;
        col = 1;
        return go;
    };
    if (n == 0) return;
    while (i < n) {
        if (text[i] == '"' && field.empty()) {
            // A quoted field: up to the closing quote, "" stands for one quote.
            std::size_t start_line = line;
            ++i;
            for (;;) {
                if (i >= n)
                    throw ReadError(file, "dòng " + std::to_string(start_line) +
                                              ": dấu ngoặc kép mở ở cột " + column_name(col) +
                                              " không được đóng");
                char c = text[i++];
                if (c == '"') {
                    if (i < n && text[i] == '"') {
                        field += '"';
                        ++i;
                        continue;
                    }
                    break;
                }
                if (c == '\n') ++line;
                field += c;
            }
            if (i < n && text[i] != delimiter && text[i] != '\n' && text[i] != '\r')
                throw ReadError(file, "dòng " + std::to_string(line) + ", cột " + column_name(col) +
                                          ": có ký tự sau dấu ngoặc kép đóng (theo RFC 4180, "
                                          "dấu ngoặc kép trong ô phải viết đôi \"\")");
            if (field.empty()) field.clear();
            continue;
        }
        char c = text[i++];
        if (c == delimiter) {
            push_field();
        } else if (c == '\r' && i < n && text[i] == '\n') {
            continue;  // the \n ends the record
        } else if (c == '\n' || c == '\r') {
            ++line;
            if (!end_record()) return;
        } else {
            field += c;
        }
    }
    if (!(col == 1 && field.empty() && row.cells.empty())) end_record();
}

}  // namespace vanban::intake
