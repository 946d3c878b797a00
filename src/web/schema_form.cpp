#include "web/schema_form.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <stdexcept>

#include "vn/text.hpp"
#include "web/schema_form_detail.hpp"

namespace vanban::web {

using Json = nlohmann::ordered_json;

namespace schema_detail {

bool is_index(const std::string& s) {
    return !s.empty() && s.size() < 19 && std::all_of(s.begin(), s.end(), ::isdigit);
}

std::string escape_token(const std::string& k) {
    std::string out;
    for (char c : k) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    return out;
}

std::vector<std::string> split_pointer(const std::string& p) {
    std::vector<std::string> out;
    if (p.empty() || p[0] != '/') return out;
    std::size_t start = 1;
    while (true) {
        const std::size_t end = p.find('/', start);
        std::string t = p.substr(start, end == std::string::npos ? end : end - start);
        std::string u;
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t[i] == '~' && i + 1 < t.size()) {
                u += t[i + 1] == '1' ? '/' : '~';
                ++i;
            } else {
                u += t[i];
            }
        }
        out.push_back(u);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

// The schema path of a pointer: indices (and placeholders) as "*".
std::string schema_path(const std::string& pointer) {
    std::string out;
    for (const auto& t : split_pointer(pointer))
        out += "/" + ((is_index(t) || (t.size() > 2 && t.front() == '{')) ? "*" : escape_token(t));
    return out;
}

// Alternatives of a block-like oneOf: each {"required": [key]}; empty when not that shape.
std::vector<std::string> kind_keys(const Json& s) {
    std::vector<std::string> keys;
    if (!s.contains("oneOf")) return keys;
    for (const auto& alt : s["oneOf"]) {
        if (alt.size() != 1 || !alt.contains("required") || alt["required"].size() != 1) return {};
        keys.push_back(alt["required"][0].get<std::string>());
    }
    return keys;
}

Kind kind_of(const Json& s) {
    if (s.contains("enum")) return Kind::Enum;
    if (s.contains("oneOf")) return kind_keys(s).empty() ? Kind::StringOrObject : Kind::Blocks;
    const Json t = s.value("type", Json());
    if (t.is_array()) return Kind::Cell;
    const std::string type = t.is_string() ? t.get<std::string>() : "";
    if (type == "object" || s.contains("properties")) return Kind::Object;
    if (type == "array") return Kind::Array;
    if (type == "integer") return Kind::Integer;
    if (type == "number") return Kind::Number;
    return Kind::String;
}

const std::regex& number_re() {
    static const std::regex re("^-?(0|[1-9][0-9]{0,14})(\\.[0-9]+)?$");
    return re;
}

std::string clean_text(const std::string& raw) {
    std::string s;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(raw[i]);
        if (c == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;
        s += (c < 0x20 || c == 0x7f) ? ' ' : raw[i];
    }
    const auto b = s.find_first_not_of(' ');
    if (b == std::string::npos) return "";
    s = s.substr(b, s.find_last_not_of(' ') - b + 1);
    return vn::nfc(s);
}

std::string show_scalar(Kind k, const Json& v) {
    if (v.is_null()) return "";
    if (k == Kind::Cell && v.is_string()) {
        const std::string s = v.get<std::string>();
        return (std::regex_match(s, number_re()) || (!s.empty() && s[0] == '\'')) ? "'" + s : s;
    }
    return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace schema_detail

using namespace schema_detail;

std::string date_from_vn(const std::string& text) {
    static const std::regex vn_re("^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$");
    static const std::regex iso_re("^[0-9]{4}-[0-9]{2}-[0-9]{2}$|^[0-9]{4}$");
    std::smatch m;
    if (std::regex_match(text, m, vn_re)) {
        auto two = [](const std::string& s) { return s.size() == 1 ? "0" + s : s; };
        return m[3].str() + "-" + two(m[2].str()) + "-" + two(m[1].str());
    }
    if (std::regex_match(text, iso_re)) return text;
    return "";
}

std::string date_to_vn(const std::string& iso) {
    static const std::regex re("^([0-9]{4})-([0-9]{2})-([0-9]{2})$");
    std::smatch m;
    if (std::regex_match(iso, m, re)) return m[3].str() + "/" + m[2].str() + "/" + m[1].str();
    return iso;
}

std::string SchemaForm::field_id(const std::string& pointer) {
    std::string out = "f";
    for (const auto& t : split_pointer(pointer)) {
        out += '-';
        for (char c : t)
            out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '{' ||
                    c == '}' || static_cast<unsigned char>(c) >= 0x80)
                       ? c
                       : '_';
    }
    return out;
}

SchemaForm::SchemaForm(Json schema, FormHooks hooks)
    : root_(std::move(schema)), hooks_(std::move(hooks)) {}

std::string SchemaForm::widget(const std::string& path) const {
    if (auto it = hooks_.widgets.find(path); it != hooks_.widgets.end()) return it->second;
    const std::string last = "*" + path.substr(path.rfind('/'));
    if (auto it = hooks_.widgets.find(last); it != hooks_.widgets.end()) return it->second;
    return "";
}

// Follows $ref within the document; keywords beside the $ref (title, minItems) win.
Json SchemaForm::resolve(const Json& s) const {
    Json out = s;
    int guard = 0;
    while (out.is_object() && out.contains("$ref") && ++guard < 32) {
        const std::string ref = out["$ref"].get<std::string>();
        if (ref.rfind("#", 0) != 0) throw std::runtime_error("schema: $ref ngoài tệp: " + ref);
        Json target = root_.at(Json::json_pointer(ref.substr(1)));
        out.erase("$ref");
        for (auto& [k, v] : out.items()) target[k] = v;
        out = target;
    }
    return out;
}

const Json* SchemaForm::schema_at(const std::string& pointer) const {
    static thread_local Json holder;
    Json s = resolve(root_);
    for (const auto& t : split_pointer(pointer)) {
        const Kind k = kind_of(s);
        if (k == Kind::Array) {
            s = resolve(s.value("items", Json::object()));
        } else if (k == Kind::StringOrObject) {
            Json obj;
            for (const auto& alt : s["oneOf"])
                if (kind_of(resolve(alt)) == Kind::Object) obj = resolve(alt);
            if (!obj.contains("properties") || !obj["properties"].contains(t)) return nullptr;
            s = resolve(obj["properties"][t]);
        } else if (s.contains("properties") && s["properties"].contains(t)) {
            s = resolve(s["properties"][t]);
        } else {
            return nullptr;
        }
    }
    holder = s;
    return &holder;
}

Json SchemaForm::default_of(const Json& raw, std::size_t width) const {
    const Json s = resolve(raw);
    switch (kind_of(s)) {
        case Kind::Enum:
            return s["enum"].front();
        case Kind::Blocks: {
            const std::string k = kind_keys(s).front();
            return Json{{k, default_of(s["properties"][k], 0)}};
        }
        case Kind::Object: {
            Json o = Json::object();
            for (const auto& r : s.value("required", Json::array())) {
                const std::string k = r.get<std::string>();
                if (s["properties"].contains(k)) o[k] = default_of(s["properties"][k], 0);
            }
            return o;
        }
        case Kind::Array: {
            Json a = Json::array();
            const std::size_t n = std::max<std::size_t>(width, s.value("minItems", 0));
            for (std::size_t i = 0; i < n; ++i) a.push_back(default_of(s["items"], 0));
            return a;
        }
        default:
            return "";
    }
}

Json SchemaForm::default_at(const std::string& pointer, const Json& value) const {
    const Json* s = schema_at(pointer);
    if (!s) return "";
    // A table row starts with as many cells as its table has columns.
    std::size_t width = 0;
    auto parts = split_pointer(pointer);
    if (parts.size() >= 2 && kind_of(*s) == Kind::Array) {
        std::string parent;
        for (std::size_t i = 0; i + 2 < parts.size(); ++i) parent += "/" + escape_token(parts[i]);
        const Json::json_pointer jp(parent);
        if (value.contains(jp) && value.at(jp).is_object())
            for (const auto& [k, v] : value.at(jp).items())
                if (v.is_array() && !v.empty() && !v.front().is_structured()) {
                    width = v.size();
                    break;
                }
    }
    return default_of(*s, width);
}

// Rendering: one walk of the schema and the value, appending rows.
struct SchemaForm::Walk {
    const SchemaForm& f;
    Json rows = Json::array();
    int depth = 0;  // array nesting, for the placeholder of added items

    void group(const std::string& ptr, const Json& s, const std::string& label, const char* kind,
               bool required) {
        rows.push_back({{"t", "group"},
                        {"id", field_id(ptr)},
                        {"ptr", ptr},
                        {"kind", kind},
                        {"label", label},
                        {"hint", s.value("description", "")},
                        {"required", required},
                        {"error", ""}});
    }
    void end() { rows.push_back({{"t", "end"}}); }

    void node(const Json& raw, const Json& v, const std::string& ptr, const std::string& key,
              bool required, std::size_t width = 0) {
        const Json s = f.resolve(raw);
        const std::string label = s.value("title", key);
        const std::string path = schema_path(ptr);
        switch (kind_of(s)) {
            case Kind::Object:
                return object(s, v, ptr, label, required, "");
            case Kind::Blocks:
                return blocks(s, v, ptr);
            case Kind::StringOrObject: {
                Json obj;
                for (const auto& alt : s["oneOf"])
                    if (kind_of(f.resolve(alt)) == Kind::Object) obj = f.resolve(alt);
                obj["title"] = label;
                obj["description"] = s.value("description", "");
                const bool as_string = v.is_string() || v.is_null();
                const std::string req = obj.value("required", Json::array()).front();
                rows.push_back({{"t", "hidden"},
                                {"name", ptr + "/@as"},
                                {"value", as_string ? "string" : "object"}});
                return object(obj, as_string ? Json{{req, v.is_null() ? Json("") : v}} : v, ptr,
                              label, required, "");
            }
            case Kind::Array:
                return array(s, v, ptr, label, required, width);
            default:
                break;
        }
        Json row = {{"t", "input"},
                    {"id", field_id(ptr)},
                    {"name", ptr},
                    {"label", label},
                    {"hint", s.value("description", "")},
                    {"required", required},
                    {"error", ""},
                    {"widget", "text"}};
        const Kind k = kind_of(s);
        std::string value = show_scalar(k, v);
        if (k == Kind::Enum || f.hooks_.choices.count(path)) {
            row["widget"] = "select";
            Json groups = Json::array();
            if (k == Kind::Enum) {
                Json opts = Json::array();
                const auto labels = f.hooks_.enum_labels.count(path)
                                        ? f.hooks_.enum_labels.at(path)
                                        : std::map<std::string, std::string>{};
                bool has_empty = false;
                for (const auto& e : s["enum"]) {
                    const std::string id = e.get<std::string>();
                    has_empty = has_empty || id.empty();
                    opts.push_back({{"id", id}, {"label", labels.count(id) ? labels.at(id) : id}});
                }
                if (!required && !has_empty)
                    opts.insert(
                        opts.begin(),
                        Json{{"id", ""}, {"label", labels.count("") ? labels.at("") : "(không)"}});
                groups.push_back({{"label", ""}, {"options", opts}});
            } else {
                if (!required)
                    groups.push_back(
                        {{"label", ""},
                         {"options", Json::array({{{"id", ""}, {"label", "(không)"}}})}});
                for (const auto& g : f.hooks_.choices.at(path)) groups.push_back(g);
            }
            // A value the lists do not have (an imported id not in org.json) stays selectable,
            // so that submitting the page does not silently change it.
            bool found = false;
            for (const auto& g : groups)
                for (const auto& o : g["options"]) found = found || o["id"] == value;
            if (!found)
                groups.push_back(
                    {{"label", ""},
                     {"options",
                      Json::array(
                          {{{"id", value}, {"label", value + " (không có trong danh sách)"}}})}});
            row["groups"] = groups;
        } else if (const std::string w = f.widget(path); !w.empty()) {
            row["widget"] = w;
            if (row["widget"] == "date-vn") value = date_to_vn(value);
        } else if (k == Kind::Integer || k == Kind::Number) {
            row["widget"] = "number";
        } else if (k == Kind::Cell) {
            row["widget"] = "cell";
        }
        row["value"] = value;
        rows.push_back(row);
    }

    void object(const Json& s, const Json& v, const std::string& ptr, const std::string& label,
                bool required, const std::string& only_kind) {
        // The root and untitled array items (body blocks) need no fieldset of their own.
        const bool wrap = !ptr.empty() && !label.empty();
        if (wrap) group(ptr, s, label, "object", required);
        // A grid (rows of cells) is as wide as the first list of cells beside it.
        std::size_t width = 0;
        if (v.is_object())
            for (const auto& [k2, v2] : v.items())
                if (v2.is_array() && !v2.empty() && !v2.front().is_structured() && !width)
                    width = v2.size();
        each_form_property(
            s, ptr, only_kind, f.hooks_.kept,
            [&](const std::string& name) { return v.is_object() && v.contains(name); },
            [&](const std::string& k, const Json& ps, const std::string& child, bool,
                bool child_required) {
                const Json cv = v.is_object() && v.contains(k) ? v[k] : Json();
                node(ps, cv, child, k, child_required, width);
            });
        if (wrap) end();
    }

    void blocks(const Json& s, const Json& v, const std::string& ptr) {
        const auto alts = kind_keys(s);
        std::string kind = alts.front();
        for (const auto& a : alts)
            if (v.is_object() && v.contains(a)) {
                kind = a;
                break;
            }
        Json opts = Json::array();
        for (const auto& a : alts) {
            const Json as = f.resolve(s["properties"][a]);
            opts.push_back({{"id", a},
                            {"label", as.value("title", a)},
                            {"shape", kind_of(as) == Kind::Object ? "object" : "text"}});
        }
        rows.push_back({{"t", "input"},
                        {"id", field_id(ptr) + "-kind"},
                        {"name", ptr + "/@kind"},
                        {"label", "Dạng"},
                        {"hint", ""},
                        {"required", true},
                        {"error", ""},
                        {"widget", "kind"},
                        {"value", kind},
                        {"groups", Json::array({{{"label", ""}, {"options", opts}}})}});
        Json inner = s;
        inner.erase("title");
        object(inner, v, ptr + "", "", true, kind);
    }

    void array(const Json& s, const Json& v, const std::string& ptr, const std::string& label,
               bool required, std::size_t width) {
        const Json items = f.resolve(s.value("items", Json::object()));
        const bool inline_items = !items.contains("properties") && kind_of(items) != Kind::Array &&
                                  kind_of(items) != Kind::Blocks;
        group(ptr, s, label, inline_items ? "array inline" : "array", required);
        if (v.is_array()) rows.push_back({{"t", "hidden"}, {"name", ptr + "/@n"}, {"value", "1"}});
        const Json arr = v.is_array() ? v : Json::array();
        for (std::size_t i = 0; i < arr.size(); ++i)
            item(items, arr[i], ptr + "/" + std::to_string(i), width);
        const std::string ph = "{i" + std::to_string(depth) + "}";
        rows.push_back({{"t", "tpl"}, {"id", "tpl-" + field_id(ptr)}});
        ++depth;
        Json dflt = f.default_of(items, width);
        item(items, dflt, ptr + "/" + ph, width);
        --depth;
        rows.push_back({{"t", "endtpl"}});
        rows.push_back({{"t", "add"},
                        {"ptr", ptr},
                        {"tpl", "tpl-" + field_id(ptr)},
                        {"placeholder", ph},
                        {"next", arr.size()},
                        {"label", items.value("title", "")}});
        end();
    }

    void item(const Json& items, const Json& v, const std::string& ptr, std::size_t width) {
        rows.push_back({{"t", "item"}, {"id", field_id(ptr) + "-i"}, {"ptr", ptr}, {"error", ""}});
        ++depth;
        // Items of an array of arrays (table rows) have their cells' width.
        node(items, v, ptr, "", true, kind_of(items) == Kind::Array ? width : 0);
        --depth;
        rows.push_back({{"t", "enditem"}});
    }
};

Json SchemaForm::rows(const Json& value, const std::string& error_pointer,
                      const std::string& error) const {
    Walk w{*this};
    w.object(resolve(root_), value, "", "", true, "");
    if (!error.empty()) {
        const std::string id = error_row(w.rows, error_pointer);
        bool placed = false;
        for (auto& r : w.rows)
            if (!placed && r.value("id", "") == id && r.contains("error")) {
                r["error"] = error;
                placed = true;
            }
    }
    return w.rows;
}

std::string SchemaForm::error_row(const Json& rows, const std::string& pointer) {
    std::string best, best_ptr;
    bool found = false;
    for (const auto& r : rows) {
        std::string p = r.value("ptr", r.value("name", ""));
        // Never a template's row (its pointer has a placeholder).
        if (!r.contains("id") || p.empty() || p.find('{') != std::string::npos) continue;
        if (p.size() > 6 && p.compare(p.size() - 6, 6, "/@kind") == 0) continue;
        const bool prefix = pointer == p || (pointer.rfind(p + "/", 0) == 0);
        // ">=": of an item and its own field or group, the inner one (it comes later).
        if (prefix && (!found || p.size() >= best_ptr.size())) {
            best = r["id"].get<std::string>();
            best_ptr = p;
            found = true;
        }
    }
    return best;
}

}  // namespace vanban::web
