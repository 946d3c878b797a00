// Splits template source into tokens the way Jinja2's lexer does: text between tags (with the
// `-` whitespace modifiers and {% raw %} applied), and expression tokens inside {{ }} and {% %}.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vanban::tpl {

enum class Tok : std::uint8_t {
    Data,
    VarBegin,
    VarEnd,
    BlockBegin,
    BlockEnd,
    Name,
    String,
    Int,
    Float,
    Op,
    Eof,
};

struct Token {
    Tok type;
    std::string text;  // data, name, decoded string, operator
    std::int64_t ival = 0;
    double fval = 0;
    int line = 0;
    int column = 0;
};

// Throws TemplateError naming `name` on a lexical error (unclosed tag, comment or string).
std::vector<Token> tokenize(std::string_view source, const std::string& name);

}  // namespace vanban::tpl
