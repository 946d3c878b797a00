// The streaming half of XlsxBook: shared strings and sheets read node by node with libxml2's
// xmlTextReader fed straight from the ZIP entry, so memory does not grow with the row count.
#include <libxml/xmlreader.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "intake/xlsx_internal.hpp"
#include "vn/text.hpp"

namespace vanban::intake {

namespace {

bool is_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

std::string nfc(std::string s) {
    return is_ascii(s) ? s : vn::nfc(s);
}

// One xmlTextReader over one ZIP entry; the first parse error is kept for the message.
class PartReader {
  public:
    PartReader(const XlsxBook::Impl& book, const std::string& part) : book_(book), part_(part) {
        file_ = book.open_entry(part, true);
        reader_ = xmlReaderForIO(&PartReader::read, nullptr, this, part.c_str(), nullptr,
                                 XML_PARSE_NONET | XML_PARSE_COMPACT);
        if (!reader_) {
            zip_fclose(file_);
            book.fail("không đọc được phần " + part);
        }
        xmlTextReaderSetStructuredErrorHandler(reader_, &PartReader::on_error, this);
    }
    ~PartReader() {
        xmlFreeTextReader(reader_);
        zip_fclose(file_);
    }
    PartReader(const PartReader&) = delete;
    PartReader& operator=(const PartReader&) = delete;

    // Next node; false at the end. Throws on malformed XML or a broken entry.
    bool next() {
        int r = xmlTextReaderRead(reader_);
        if (r == 1) {
            if (xmlTextReaderNodeType(reader_) == XML_READER_TYPE_DOCUMENT_TYPE)
                book_.fail("phần " + part_ + " có khai báo DTD, tệp XLSX không có");
            return true;
        }
        if (r == 0 && error_.empty()) return false;
        if (!zip_error_.empty())
            book_.fail("không giải nén được phần " + part_ + ": " + zip_error_);
        book_.fail("phần " + part_ + " không phải XML hợp lệ" +
                   (line_ > 0 ? " (dòng " + std::to_string(line_) + ")" : "") +
                   (error_.empty() ? "" : ": " + error_));
    }
    int type() const { return xmlTextReaderNodeType(reader_); }
    bool empty_element() const { return xmlTextReaderIsEmptyElement(reader_) == 1; }
    std::string_view name() const {
        const xmlChar* n = xmlTextReaderConstLocalName(reader_);
        return n ? reinterpret_cast<const char*>(n) : "";
    }
    // An attribute's value by local name, or nullptr. Valid until the next call.
    const char* attribute(const char* name) {
        const char* found = nullptr;
        if (xmlTextReaderMoveToFirstAttribute(reader_) == 1) {
            do {
                const xmlChar* n = xmlTextReaderConstLocalName(reader_);
                if (n && std::strcmp(reinterpret_cast<const char*>(n), name) == 0) {
                    found = reinterpret_cast<const char*>(xmlTextReaderConstValue(reader_));
                    break;
                }
            } while (xmlTextReaderMoveToNextAttribute(reader_) == 1);
            xmlTextReaderMoveToElement(reader_);
        }
        return found;
    }
    std::string_view value() const {
        const xmlChar* v = xmlTextReaderConstValue(reader_);
        return v ? reinterpret_cast<const char*>(v) : "";
    }

  private:
    static int read(void* ctx, char* buf, int len) {
        auto* self = static_cast<PartReader*>(ctx);
        zip_int64_t n = zip_fread(self->file_, buf, static_cast<zip_uint64_t>(len));
        if (n < 0) {
            self->zip_error_ = zip_file_strerror(self->file_);
            return -1;
        }
        return static_cast<int>(n);
    }
    static void on_error(void* ctx, xmlErrorPtr e) {
        auto* self = static_cast<PartReader*>(ctx);
        if (!e || e->level < XML_ERR_ERROR || !self->error_.empty()) return;
        self->error_ = e->message ? e->message : "lỗi cú pháp";
        while (!self->error_.empty() && (self->error_.back() == '\n' || self->error_.back() == ' '))
            self->error_.pop_back();
        self->line_ = e->line;
    }

    const XlsxBook::Impl& book_;
    std::string part_;
    zip_file_t* file_ = nullptr;
    xmlTextReaderPtr reader_ = nullptr;
    std::string error_, zip_error_;
    int line_ = 0;
};

bool is_text(int type) {
    return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
           type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE;
}

// Appends the text of the string item (<si> or <is>) the reader is on, excluding phonetic runs
// (<rPh>), and leaves the reader on its end.
void read_string_item(PartReader& r, std::string_view item, std::string& out) {
    if (r.empty_element()) return;
    int phonetic = 0;
    bool in_t = false;
    while (r.next()) {
        int t = r.type();
        if (t == XML_READER_TYPE_ELEMENT) {
            auto n = r.name();
            if (n == "rPh" && !r.empty_element()) ++phonetic;
            if (n == "t" && !r.empty_element()) in_t = true;
        } else if (t == XML_READER_TYPE_END_ELEMENT) {
            auto n = r.name();
            if (n == item) return;
            if (n == "rPh") --phonetic;
            if (n == "t") in_t = false;
        } else if (in_t && phonetic == 0 && is_text(t)) {
            out += r.value();
        }
    }
}

bool parse_number(std::string_view s, double& out) {
    if (s.empty() || s.size() > 64) return false;
    char buf[72];
    std::memcpy(buf, s.data(), s.size());
    buf[s.size()] = '\0';
    char* end = nullptr;
    out = std::strtod(buf, &end);
    return end == buf + s.size() && std::isfinite(out);
}

}  // namespace

void read_shared_strings(XlsxBook::Impl& book, const std::string& part) {
    PartReader r(book, part);
    while (r.next())
        if (r.type() == XML_READER_TYPE_ELEMENT && r.name() == "si") {
            std::string s;
            read_string_item(r, "si", s);
            book.shared_strings.push_back(nfc(std::move(s)));
        }
}

void XlsxBook::read_sheet(std::size_t index, const RowCallback& on_row) const {
    const Impl& book = *impl_;
    const SheetInfo& sheet = book.sheets.at(index);
    PartReader r(book, sheet.part);
    Row row;
    std::uint32_t next_row = 1, next_col = 1;
    // The cell being read.
    Cell cell;
    std::string type, value, formula;
    bool has_value = false, in_v = false, in_f = false;
    std::uint32_t style = 0;
    auto cell_fail = [&](const std::string& why) {
        book.fail(cell_name(sheet.name, cell.col, row.index) + ": " + why);
    };
    auto finish_cell = [&] {
        cell.formula = !formula.empty() || cell.formula;
        if (type == "s") {
            if (!has_value) return;
            double idx = 0;
            if (!parse_number(value, idx) || idx < 0 || idx >= book.shared_strings.size() ||
                idx != std::floor(idx))
                cell_fail("chỉ số chuỗi dùng chung \"" + value + "\" không hợp lệ");
            cell.kind = CellKind::text;
            cell.text = book.shared_strings[static_cast<std::size_t>(idx)];
        } else if (type == "inlineStr") {
            cell.kind = CellKind::text;
            cell.text = nfc(std::move(value));
        } else if (type == "str") {
            if (!has_value && cell.formula) {
                cell.kind = CellKind::no_value;
                cell.text = formula;
            } else {
                cell.kind = CellKind::text;
                cell.text = nfc(std::move(value));
            }
        } else if (type == "b") {
            if (!has_value || value.empty()) {
                if (!cell.formula) return;
                cell.kind = CellKind::no_value;
                cell.text = formula;
            } else {
                cell.kind = CellKind::boolean;
                cell.number = value == "1" || value == "true" ? 1 : 0;
            }
        } else if (type == "e") {
            cell.kind = CellKind::error;
            cell.text = value;
        } else if (type == "d") {
            if (!has_value) return;
            cell.kind = CellKind::date;
            cell.text = value;
        } else if (type.empty() || type == "n") {
            if (!has_value || value.empty()) {
                if (!cell.formula) return;  // a styled empty cell
                cell.kind = CellKind::no_value;
                cell.text = formula;
            } else {
                if (!parse_number(value, cell.number))
                    cell_fail("số \"" + value + "\" không hợp lệ");
                if (style < book.date_style.size() && book.date_style[style]) {
                    cell.kind = CellKind::date;
                    cell.text = excel_date_text(cell.number, book.date1904);
                } else {
                    cell.kind = CellKind::number;
                }
            }
        } else {
            cell_fail("kiểu ô \"" + type + "\" không hợp lệ");
        }
        if (!row.cells.empty() && row.cells.back().col >= cell.col)
            cell_fail("ô không theo thứ tự cột");
        row.cells.push_back(std::move(cell));
    };
    bool in_row = false, in_cell = false;
    while (r.next()) {
        int t = r.type();
        if (t == XML_READER_TYPE_ELEMENT) {
            auto n = r.name();
            if (n == "row") {
                const char* ri = r.attribute("r");
                double idx = next_row;
                if (ri && (!parse_number(ri, idx) || idx < 1 || idx > 1048576 ||
                           idx != std::floor(idx) || static_cast<std::uint32_t>(idx) < next_row))
                    book.fail(sheet.name + ": số hàng \"" + std::string(ri) + "\" không hợp lệ");
                row.index = static_cast<std::uint32_t>(idx);
                row.cells.clear();
                next_row = row.index + 1;
                next_col = 1;
                in_row = !r.empty_element();
            } else if (n == "c" && in_row) {
                cell = Cell{};
                const char* ref = r.attribute("r");
                std::uint32_t col = next_col, rr = row.index;
                if (ref && (!parse_cell_name(ref, col, rr) || rr != row.index))
                    book.fail(sheet.name + ": địa chỉ ô \"" + std::string(ref) +
                              "\" không hợp lệ ở hàng " + std::to_string(row.index));
                cell.col = col;
                next_col = col + 1;
                const char* ty = r.attribute("t");
                type = ty ? ty : "";
                const char* s = r.attribute("s");
                style = s ? static_cast<std::uint32_t>(std::strtoul(s, nullptr, 10)) : 0;
                value.clear();
                formula.clear();
                has_value = false;
                in_cell = !r.empty_element();
                if (!in_cell) finish_cell();
            } else if (in_cell && n == "v") {
                has_value = true;
                in_v = !r.empty_element();
            } else if (in_cell && n == "f") {
                cell.formula = true;
                in_f = !r.empty_element();
            } else if (in_cell && n == "is") {
                has_value = true;
                read_string_item(r, "is", value);
            }
        } else if (t == XML_READER_TYPE_END_ELEMENT) {
            auto n = r.name();
            if (n == "v") {
                in_v = false;
            } else if (n == "f") {
                in_f = false;
            } else if (n == "c" && in_cell) {
                in_cell = false;
                finish_cell();
            } else if (n == "row" && in_row) {
                in_row = false;
                if (!row.cells.empty() && !on_row(row)) return;
            } else if (n == "sheetData") {
                return;  // merged ranges, validation and the rest follow: not needed
            }
        } else if (is_text(t)) {
            if (in_v) value += r.value();
            if (in_f && formula.size() < 200) formula += r.value();
        }
        if (value.size() > 40000) book.fail(sheet.name + ": một ô có hơn 32.767 ký tự");
    }
    // An empty <row/> written as a single element has no end element.
}

}  // namespace vanban::intake
