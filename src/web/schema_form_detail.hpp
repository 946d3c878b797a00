// Helpers shared by the two halves of the schema form (schema_form.cpp renders,
// schema_form_read.cpp reads a submission back).
#pragma once

#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace vanban::web::schema_detail {

enum class Kind { Enum, String, Number, Integer, Cell, Object, Blocks, StringOrObject, Array };

bool is_index(const std::string& s);
std::string escape_token(const std::string& key);
std::vector<std::string> split_pointer(const std::string& pointer);
std::string schema_path(const std::string& pointer);  // indices as "*"
std::vector<std::string> kind_keys(const nlohmann::ordered_json& s);
Kind kind_of(const nlohmann::ordered_json& s);
const std::regex& number_re();
// Submitted text: NFC, control characters (a typed newline) as spaces, trimmed.
std::string clean_text(const std::string& raw);
std::string show_scalar(Kind k, const nlohmann::ordered_json& v);

}  // namespace vanban::web::schema_detail
