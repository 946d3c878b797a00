// vanban's Jinja2-compatible template engine: public API.
//
// A template within the supported subset renders byte for byte what Jinja2 3.x renders with
// undefined=StrictUndefined, autoescape=select_autoescape(['html', 'htm']),
// keep_trailing_newline=True and the default whitespace rules. Templates are compiled once to an
// AST; one compiled Template may be rendered concurrently from several threads.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "template/value.hpp"

namespace vanban::tpl {

// Converts JSON data (keys in file order) to a runtime value; every string and key is NFC.
Value value_from_json(const nlohmann::ordered_json& j);

struct TemplateError : std::runtime_error {  // what() == "FILE:LINE:COL: lỗi: message"
    TemplateError(std::string file, int line, int column, std::string message);
    std::string file;
    int line;
    int column;
    std::string message;  // Vietnamese
};

struct TemplateImpl;
struct EnvImpl;

class Template {
  public:
    explicit Template(std::shared_ptr<const TemplateImpl> impl) : impl_(std::move(impl)) {}
    // `context` must be a dict. Throws TemplateError; nothing is returned on error.
    std::string render(const Value& context) const;
    // Appends to out; on error out may hold a partial rendering.
    void render(const Value& context, std::string& out) const;
    const std::string& name() const;
    const TemplateImpl& impl() const { return *impl_; }

  private:
    std::shared_ptr<const TemplateImpl> impl_;
};

class Environment {
  public:
    Environment();
    ~Environment();
    Environment(const Environment&) = delete;
    Environment& operator=(const Environment&) = delete;

    void add_search_path(std::filesystem::path dir);  // searched in the order added
    // Cached and thread-safe; `name` is relative to the search paths, '/'-separated. A name that
    // would leave them ("..", absolute) or is not found throws TemplateError.
    std::shared_ptr<const Template> load(const std::string& name);
    // The name's extension decides autoescape (.html, .htm).
    std::shared_ptr<const Template> from_string(std::string source, std::string name);

  private:
    std::shared_ptr<EnvImpl> impl_;
};

// Lexes and parses only, no rendering (for the fuzzer). Throws TemplateError on bad syntax.
void parse_only(std::string_view source, std::string_view name);

}  // namespace vanban::tpl
