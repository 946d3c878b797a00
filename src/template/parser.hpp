// Template source -> AST (see ast.hpp). Throws TemplateError naming the template, line, column.
#pragma once

#include <string_view>

#include "template/ast.hpp"

namespace vanban::tpl {

// Parses `source` into t.body and t.blocks; t.name must be set (it is used in error messages).
void parse_into(TemplateImpl& t, std::string_view source);

}  // namespace vanban::tpl
