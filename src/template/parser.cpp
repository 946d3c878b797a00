// Template source -> AST: the entry point (UTF-8 and NFC checks, then the recursive-descent parser
// of parser_impl.hpp, which mirrors Jinja2's parser.py), and the process-wide name interner that
// gives every variable name its stable id.
#include "template/parser.hpp"

#include <mutex>
#include <unordered_map>

#include "template/lexer.hpp"
#include "template/parser_impl.hpp"
#include "vn/text.hpp"

namespace vanban::tpl {

void Parser::unexpected_op(std::string_view op) const {
    std::string quoted = "'";
    quoted += op;
    quoted += '\'';
    unexpected(quoted);
}

void parse_into(TemplateImpl& t, std::string_view source) {
    if (auto bad = vn::find_invalid_utf8(source); bad != std::string_view::npos) {
        int line = 1;
        for (std::size_t i = 0; i < bad; ++i)
            if (source[i] == '\n') ++line;
        throw TemplateError(t.name, line, 1,
                            "mẫu không phải UTF-8 hợp lệ (byte thứ " + std::to_string(bad) + ")");
    }
    std::string normalized = vn::is_nfc(source) ? std::string() : vn::nfc(source);
    std::string_view src = normalized.empty() ? source : std::string_view(normalized);
    Parser p(tokenize(src, t.name), t);
    t.body = p.parse_template();
}

namespace {
struct Interner {
    std::mutex mu;
    std::unordered_map<std::string, int> ids;
    std::vector<const std::string*> names;
};
Interner& interner() {
    static Interner in;
    return in;
}
}  // namespace

int FrameInfo::bind(int id) {
    if (int i = slot_of(id); i >= 0) return i;
    ids.push_back(id);
    mask |= Scope::bit(id);
    return int(ids.size() - 1);
}

int intern_name(std::string_view name) {
    auto& in = interner();
    std::lock_guard lock(in.mu);
    auto [it, inserted] = in.ids.try_emplace(std::string(name), int(in.names.size()));
    if (inserted) in.names.push_back(&it->first);
    return it->second;
}

const std::string& interned_name(int id) {
    auto& in = interner();
    std::lock_guard lock(in.mu);
    return *in.names[std::size_t(id)];
}

}  // namespace vanban::tpl
