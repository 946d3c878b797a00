// JSON documents with errors that name the file, the JSON pointer, the line and the column.
// nlohmann::json keeps no positions, so a document keeps its text and maps a pointer back to a
// line by rescanning the text, and only when an error is reported (the happy path pays nothing).
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace vanban::model {

using Json = nlohmann::ordered_json;

// Every problem in an input file. what() reads like
// "samples/x.json: /units/17/counts/on_time/numerator (dòng 412): số đếm phải là ..."
struct InputError : std::runtime_error {
    std::string file;
    std::string pointer;  // JSON pointer; empty for the root or a syntax error
    std::size_t line;     // 1-based, 0 when unknown
    std::size_t column;   // 1-based in code points, 0 when unknown
    std::string detail;   // the Vietnamese message without the location
    InputError(std::string file, std::string pointer, std::size_t line, std::size_t column,
               std::string detail);
};

struct TextPosition {
    std::size_t line = 0;
    std::size_t column = 0;
};

// Line and column (1-based, column in code points) of a byte offset in `text`.
TextPosition position_of(std::string_view text, std::size_t offset);

// Byte offset where the value named by `pointer` starts in the JSON `text`; when the pointer
// does not resolve, the offset of the deepest container that does. Tolerates invalid JSON.
std::size_t locate_pointer(std::string_view text, std::string_view pointer);

// JSON pointer helpers (RFC 6901 escaping of "~" and "/").
std::string pointer_append(std::string_view base, std::string_view key);
std::string pointer_append(std::string_view base, std::size_t index);

// A short rendering of a value for messages: numbers and strings as written, containers by kind.
std::string describe(const Json& value);

// The bytes of a file. Throws InputError (file name, "không mở được tệp để đọc").
std::string read_text_file(const std::string& path);

class JsonDocument {
  public:
    // Reads and parses a file. Throws InputError (unreadable, not UTF-8, malformed JSON).
    static JsonDocument load(const std::string& path);
    // Parses text already in memory; `name` is used in messages.
    static JsonDocument parse(std::string name, std::string text);
    // A document whose `root` a reader of its own (a SAX handler) already built from `text`,
    // having made the checks parse() makes (UTF-8, syntax, no key twice in an object). Errors
    // then point into `text` as they do for a parsed document.
    static JsonDocument from_parsed(std::string name, std::string text, Json root);

    const std::string& name() const { return name_; }
    const std::string& text() const { return text_; }
    const Json& root() const { return root_; }

    // Throws InputError for the value at `pointer`, with its line and column.
    [[noreturn]] void fail(std::string_view pointer, std::string message) const;
    // Same error object without throwing.
    InputError error(std::string_view pointer, std::string message) const;

    // Typed access with Vietnamese errors. `ptr` is the pointer of `object`.
    const Json& object_at(const Json& value, std::string_view ptr) const;  // must be an object
    const Json& array_at(const Json& value, std::string_view ptr) const;   // must be an array
    const Json& member(const Json& object, std::string_view ptr, const char* key) const;
    const Json* optional_member(const Json& object, const char* key) const;
    // A string member, NFC-normalised; required unless `fallback` is given.
    std::string string_member(const Json& object, std::string_view ptr, const char* key) const;
    std::string string_member_or(const Json& object, std::string_view ptr, const char* key,
                                 std::string fallback) const;
    std::string string_value(const Json& value, std::string_view ptr) const;
    std::int64_t integer_member(const Json& object, std::string_view ptr, const char* key) const;
    // A number with at most two decimals, returned in hundredths (97.5 -> 9750), so that
    // targets and maxima are exact.
    std::int64_t hundredths_value(const Json& value, std::string_view ptr) const;

  private:
    std::string name_;
    std::string text_;
    Json root_;
};

}  // namespace vanban::model
