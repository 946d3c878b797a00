// Helpers shared by the two halves of the schema form (schema_form.cpp renders,
// schema_form_read.cpp reads a submission back).
#pragma once

#include <algorithm>
#include <regex>
#include <set>
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

// Walks the properties of the object schema `s` at pointer `ptr` that the form has, in schema
// order, for both halves (drawing and reading back must agree on them): not the paths the server
// keeps, of a block's alternative keys only `kind`, and a property that needs another one (a
// khoản's children) only when `has(name)` or `kind` supplies it. Calls
// fn(key, property schema, child pointer, is_alternative, required).
template <class Has, class Fn>
void each_form_property(const nlohmann::ordered_json& s, const std::string& ptr,
                        const std::string& kind, const std::set<std::string>& kept, Has has,
                        Fn fn) {
    using Json = nlohmann::ordered_json;
    const Json req = s.value("required", Json::array());
    const Json deps = s.value("dependentSchemas", Json::object());
    const auto alts = kind_keys(s);
    const Json props = s.value("properties", Json::object());
    for (const auto& [k, ps] : props.items()) {
        const std::string child = ptr + "/" + escape_token(k);
        if (kept.count(schema_path(child))) continue;
        const bool is_alt = std::find(alts.begin(), alts.end(), k) != alts.end();
        if (is_alt && k != kind) continue;
        if (deps.contains(k)) {
            bool ok = true;
            for (const auto& r : deps[k].value("required", Json::array())) {
                const auto name = r.template get<std::string>();
                ok = ok && (name == kind || has(name));
            }
            if (!ok) continue;
        }
        const bool required = is_alt || std::find(req.begin(), req.end(), Json(k)) != req.end();
        fn(k, ps, child, is_alt, required);
    }
}

}  // namespace vanban::web::schema_detail
