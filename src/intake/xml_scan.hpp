// A small pull scanner for the two big parts of an XLSX (the sheets and the shared strings),
// written by hand because a general XML parser spent most of the import's time building nodes
// for cells (bench/README.md, intake). It inflates the ZIP entry in chunks with zip_fread into one
// reusable buffer and hands out tags and text as views into it: no tree, no allocation per
// element. SpreadsheetML needs only elements, attributes, text, CDATA and the five predefined
// plus numeric character references; a DTD is refused (no entity expansion), comments and
// processing instructions are skipped. Names are compared without their namespace prefix.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "intake/xlsx_internal.hpp"

namespace vanban::intake {

class XmlScanner {
  public:
    enum class Token { start, end, text, eof };

    // Opens the part (which must exist); problems are thrown as the book's ReadError.
    XmlScanner(const XlsxBook::Impl& book, const std::string& part);
    ~XmlScanner();
    XmlScanner(const XmlScanner&) = delete;
    XmlScanner& operator=(const XmlScanner&) = delete;

    // The next token. Views returned by the accessors below stay valid until the next call.
    Token next();
    // start/end: the element's local name ("x:row" -> "row").
    std::string_view name() const { return name_; }
    // start: written as <name/>, so no end token follows.
    bool self_closing() const { return self_closing_; }
    // start: an attribute's value by local name, as written (entities not expanded; the
    // attributes read here are numbers, cell references and type codes). False when absent.
    // Namespace declarations (xmlns, xmlns:x) are not attributes here.
    bool attribute(std::string_view local, std::string_view& value) const;
    // text: appends the text, entities expanded, line ends normalised, checked to be UTF-8.
    void append_text(std::string& out) const;
    // After the start tag of a cell (<c …>, not self-closing, no prefix): when the bytes that
    // follow are exactly "<v>TEXT</v></c>" with TEXT short printable ASCII and no '&' (a number or
    // a shared-string index, as nearly every cell is written), moves past "</c>", sets `value`
    // to TEXT and returns true: the tokens next() would have returned, in one step. Otherwise
    // changes nothing and returns false.
    bool simple_cell_value(std::string_view& value);

    // Throws "phần P không phải XML hợp lệ (dòng N): detail".
    [[noreturn]] void fail(const std::string& detail) const;
    const std::string& part() const { return part_; }

  private:
    bool refill();  // more bytes after end_ (compacting first); false at the end of the entry
    bool have(std::size_t n);  // at least n bytes from pos_ (false at the end of the entry)
    // Offset (from pos_) of `needle` at or after `from`, reading more as needed; npos at the end.
    std::size_t find(std::string_view needle, std::size_t from);
    // Reads the start tag at pos_ (name, attributes, end): its length, or npos when the buffer
    // ends inside it.
    std::size_t scan_start_tag();

    const XlsxBook::Impl& book_;
    std::string part_;
    zip_file_t* file_ = nullptr;
    char* buf_ = nullptr;
    std::size_t cap_ = 0, pos_ = 0, end_ = 0;
    bool eof_ = false, started_ = false;
    std::size_t lines_before_ = 1;  // lines in the bytes already dropped from the buffer
    // The current token.
    struct Attribute {
        std::string_view local, value;
    };
    std::string_view name_, text_;
    std::vector<Attribute> attrs_;  // of the current start tag (capacity reused)
    bool self_closing_ = false, cdata_ = false;
};

}  // namespace vanban::intake
