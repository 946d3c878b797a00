// The streaming half of XlsxBook: the shared strings and the sheets read token by token with the
// hand-written XmlScanner fed in chunks from the ZIP entry. Memory does not grow with the row
// count: one row of cells is reused from row to row (their strings keep their capacity), and the
// shared-string table is one buffer read once.
#include <unicode/normalizer2.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "intake/xlsx_internal.hpp"
#include "intake/xml_scan.hpp"
#include "vn/text.hpp"

namespace vanban::intake {

namespace {

using Token = XmlScanner::Token;

bool is_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

// Appends `s` (valid UTF-8) in NFC. Text that is already NFC, as Excel and LibreOffice write it,
// is checked in place by ICU without a round trip through UTF-16.
void append_nfc(std::string& out, std::string_view s) {
    if (is_ascii(s)) {
        out.append(s);
        return;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* norm = icu::Normalizer2::getNFCInstance(status);
    if (U_SUCCESS(status) &&
        norm->isNormalizedUTF8(icu::StringPiece(s.data(), static_cast<std::int32_t>(s.size())),
                               status) &&
        U_SUCCESS(status)) {
        out.append(s);
        return;
    }
    out += vn::nfc(s);
}

void set_nfc(std::string& out, const std::string& s) {
    if (is_ascii(s)) {
        out = s;
        return;
    }
    out.clear();
    append_nfc(out, s);
}

// Appends the text of the string item (<si> or <is>) the scanner has just opened, excluding
// phonetic runs (<rPh>), and leaves the scanner after its end.
void read_string_item(XmlScanner& r, std::string_view item, std::string& out) {
    int phonetic = 0;
    bool in_t = false;
    for (;;) {
        Token t = r.next();
        if (t == Token::eof) r.fail("tệp kết thúc trong <" + std::string(item) + ">");
        if (t == Token::start) {
            auto n = r.name();
            if (n == "rPh" && !r.self_closing()) ++phonetic;
            if (n == "t" && !r.self_closing()) in_t = true;
        } else if (t == Token::end) {
            auto n = r.name();
            if (n == item) return;
            if (n == "rPh") --phonetic;
            if (n == "t") in_t = false;
        } else if (in_t && phonetic == 0) {
            r.append_text(out);
            if (out.size() > 200000) r.fail("một chuỗi dài quá 32.767 ký tự");
        }
    }
}

// A cell reference "F17" (what parse_cell_name accepts), inline: it is read for every cell.
bool parse_ref(std::string_view ref, std::uint32_t& col, std::uint32_t& row) {
    std::size_t i = 0;
    std::uint32_t c = 0, r = 0;
    while (i < ref.size() && i < 3 && ref[i] >= 'A' && ref[i] <= 'Z')
        c = c * 26 + static_cast<std::uint32_t>(ref[i++] - 'A' + 1);
    const std::size_t digits = ref.size() - i;
    if (i == 0 || digits == 0 || digits > 8) return false;
    for (; i < ref.size(); ++i) {
        if (ref[i] < '0' || ref[i] > '9') return false;
        r = r * 10 + static_cast<std::uint32_t>(ref[i] - '0');
    }
    if (r == 0 || c > 16384 || r > 1048576) return false;
    col = c;
    row = r;
    return true;
}

// Digits only, at most 15 of them: the value (exact in a double); false otherwise.
bool parse_digits(std::string_view s, std::uint64_t& out) {
    if (s.empty() || s.size() > 15) return false;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    out = v;
    return true;
}

bool parse_number(std::string_view s, double& out) {
    std::uint64_t whole = 0;
    if (parse_digits(s, whole)) {
        out = static_cast<double>(whole);
        return true;
    }
    if (s.empty() || s.size() > 64) return false;
    char buf[72];
    std::memcpy(buf, s.data(), s.size());
    buf[s.size()] = '\0';
    char* end = nullptr;
    out = std::strtod(buf, &end);
    return end == buf + s.size() && std::isfinite(out);
}

enum class Type { number, shared, inline_string, string, boolean, error, date, invalid };

Type type_of(std::string_view t) {
    if (t.empty() || t == "n") return Type::number;
    if (t == "s") return Type::shared;
    if (t == "inlineStr") return Type::inline_string;
    if (t == "str") return Type::string;
    if (t == "b") return Type::boolean;
    if (t == "e") return Type::error;
    if (t == "d") return Type::date;
    return Type::invalid;
}

}  // namespace

void read_shared_strings(XlsxBook::Impl& book, const std::string& part) {
    XmlScanner r(book, part);
    std::string item;
    for (;;) {
        Token t = r.next();
        if (t == Token::eof) break;
        if (t != Token::start || r.name() != "si") continue;
        item.clear();
        if (!r.self_closing()) read_string_item(r, "si", item);
        append_nfc(book.shared_text, item);
        book.shared_start.push_back(book.shared_text.size());
    }
}

void XlsxBook::read_sheet(std::size_t index, const RowCallback& on_row) const {
    const Impl& book = *impl_;
    const SheetInfo& sheet = book.sheets.at(index);
    XmlScanner r(book, sheet.part);
    const std::size_t shared_count = book.shared_start.size() - 1;
    Row row;
    std::size_t used = 0;  // cells of `row` filled so far; the rest are kept for reuse
    std::uint32_t next_row = 1, next_col = 1;
    // The cell being read: row.cells[used].
    Cell* cell = nullptr;
    Type type = Type::number;
    std::string type_text, value, formula;
    bool has_value = false, in_v = false, in_f = false;
    std::uint32_t style = 0;
    auto cell_fail = [&](const std::string& why) {
        book.fail(cell_name(sheet.name, cell->col, row.index) + ": " + why);
    };
    auto finish_cell = [&] {
        Cell& c = *cell;
        switch (type) {
            case Type::shared: {
                if (!has_value) return;
                std::uint64_t idx = 0;
                if (!parse_digits(value, idx) || idx >= shared_count)
                    cell_fail("chỉ số chuỗi dùng chung \"" + value + "\" không hợp lệ");
                c.kind = CellKind::text;
                c.text.assign(book.shared_text, book.shared_start[idx],
                              book.shared_start[idx + 1] - book.shared_start[idx]);
                break;
            }
            case Type::inline_string:
                c.kind = CellKind::text;
                set_nfc(c.text, value);
                break;
            case Type::string:
                if (!has_value && c.formula) {
                    c.kind = CellKind::no_value;
                    c.text = formula;
                } else {
                    c.kind = CellKind::text;
                    set_nfc(c.text, value);
                }
                break;
            case Type::boolean:
                if (!has_value || value.empty()) {
                    if (!c.formula) return;
                    c.kind = CellKind::no_value;
                    c.text = formula;
                } else {
                    c.kind = CellKind::boolean;
                    c.number = value == "1" || value == "true" ? 1 : 0;
                }
                break;
            case Type::error:
                c.kind = CellKind::error;
                c.text = value;
                break;
            case Type::date:
                if (!has_value) return;
                c.kind = CellKind::date;
                c.text = value;
                break;
            case Type::number:
                if (!has_value || value.empty()) {
                    if (!c.formula) return;  // a styled empty cell
                    c.kind = CellKind::no_value;
                    c.text = formula;
                } else {
                    if (!parse_number(value, c.number))
                        cell_fail("số \"" + value + "\" không hợp lệ");
                    if (style < book.date_style.size() && book.date_style[style]) {
                        c.kind = CellKind::date;
                        c.text = excel_date_text(c.number, book.date1904);
                    } else {
                        c.kind = CellKind::number;
                    }
                }
                break;
            case Type::invalid:
                cell_fail("kiểu ô \"" + type_text + "\" không hợp lệ");
        }
        if (used > 0 && row.cells[used - 1].col >= c.col) cell_fail("ô không theo thứ tự cột");
        ++used;
    };
    bool in_row = false, in_cell = false, in_data = false;
    for (;;) {
        const Token t = r.next();
        if (t == Token::start) {
            const auto n = r.name();
            if (n == "c" && in_row) {
                if (used == row.cells.size()) row.cells.emplace_back();
                cell = &row.cells[used];
                cell->kind = CellKind::text;
                cell->formula = false;
                cell->number = 0;
                cell->text.clear();
                std::string_view ref;
                std::uint32_t col = next_col, rr = row.index;
                if (r.attribute("r", ref) && (!parse_ref(ref, col, rr) || rr != row.index))
                    book.fail(sheet.name + ": địa chỉ ô \"" + std::string(ref) +
                              "\" không hợp lệ ở hàng " + std::to_string(row.index));
                cell->col = col;
                next_col = col + 1;
                std::string_view ty;
                if (!r.attribute("t", ty)) ty = {};
                type = type_of(ty);
                if (type == Type::invalid) type_text = ty;
                std::string_view s;
                std::uint64_t st = 0;
                style = r.attribute("s", s) && parse_digits(s, st) && st < 0xFFFFFFFFu
                            ? static_cast<std::uint32_t>(st)
                            : 0;
                value.clear();
                formula.clear();
                has_value = false;
                in_cell = !r.self_closing();
                std::string_view v;
                if (in_cell && r.simple_cell_value(v)) {
                    // <v>…</v></c> in one step: what the tokens below would have done.
                    value.assign(v);
                    has_value = true;
                    in_cell = false;
                }
                if (!in_cell) finish_cell();
            } else if (in_cell && n == "v") {
                has_value = true;
                in_v = !r.self_closing();
            } else if (in_cell && n == "f") {
                cell->formula = true;
                in_f = !r.self_closing();
            } else if (in_cell && n == "is") {
                has_value = true;
                if (!r.self_closing()) read_string_item(r, "is", value);
            } else if (n == "row") {
                std::string_view ri;
                std::uint64_t idx = next_row;
                if (r.attribute("r", ri) &&
                    (!parse_digits(ri, idx) || idx < 1 || idx > 1048576 || idx < next_row))
                    book.fail(sheet.name + ": số hàng \"" + std::string(ri) + "\" không hợp lệ");
                row.index = static_cast<std::uint32_t>(idx);
                used = 0;
                next_row = row.index + 1;
                next_col = 1;
                in_row = !r.self_closing();
            } else if (n == "sheetData") {
                in_data = !r.self_closing();
                if (!in_data) return;
            }
        } else if (t == Token::end) {
            const auto n = r.name();
            if (n == "v") {
                in_v = false;
            } else if (n == "f") {
                in_f = false;
            } else if (n == "c" && in_cell) {
                in_cell = false;
                finish_cell();
            } else if (n == "row" && in_row) {
                in_row = false;
                if (used > 0) {
                    // Only shrinks when this row has fewer cells than an earlier one.
                    row.cells.resize(used);
                    if (!on_row(row)) return;
                }
            } else if (n == "sheetData") {
                return;  // merged ranges, validation and the rest follow: not needed
            }
        } else if (t == Token::text) {
            if (in_v) r.append_text(value);
            if (in_f && formula.size() < 200) r.append_text(formula);
            if (value.size() > 40000) book.fail(sheet.name + ": một ô có hơn 32.767 ký tự");
        } else {
            if (in_data) r.fail("tệp kết thúc trước </sheetData>");
            return;
        }
    }
}

}  // namespace vanban::intake
