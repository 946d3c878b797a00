// Reading a submission of the schema form back into JSON: the field names (JSON pointers) are
// made into a tree, and the schema is walked over it, so the JSON comes out in the schema's
// shape: empty optional fields are left out, array items come in the order of their indices
// (indices may have gaps: items removed in the page, items added by the script).
#include <algorithm>
#include <optional>

#include "web/schema_form.hpp"
#include "web/schema_form_detail.hpp"

namespace vanban::web {

using Json = nlohmann::ordered_json;
using namespace schema_detail;

namespace {

struct Node {
    std::optional<std::string> value;
    std::map<std::string, Node> kids;

    const Node* kid(const std::string& k) const {
        auto it = kids.find(k);
        return it == kids.end() ? nullptr : &it->second;
    }
    std::string text(const std::string& k) const {
        const Node* n = kid(k);
        return n && n->value ? *n->value : "";
    }
};

}  // namespace

struct SchemaForm::Reader {
    const SchemaForm& f;

    std::optional<Json> node(const Json& raw, const Node* n, const std::string& ptr, bool required,
                             bool& any) const {
        const Json s = f.resolve(raw);
        const Kind k = kind_of(s);
        switch (k) {
            case Kind::Object:
                return object(s, n, ptr, required, "", any);
            case Kind::Blocks: {
                const auto alts = kind_keys(s);
                std::string kind = n ? n->text("@kind") : "";
                if (std::find(alts.begin(), alts.end(), kind) == alts.end()) {
                    kind = alts.front();
                    for (const auto& a : alts)
                        if (n && n->kid(a)) {
                            kind = a;
                            break;
                        }
                }
                return object(s, n, ptr, true, kind, any);
            }
            case Kind::StringOrObject: {
                Json obj;
                for (const auto& alt : s["oneOf"])
                    if (kind_of(f.resolve(alt)) == Kind::Object) obj = f.resolve(alt);
                auto o = object(obj, n, ptr, required, "", any);
                const std::string req = obj.value("required", Json::array()).front();
                const bool as_string = !n || n->text("@as") != "object";
                if (o && as_string && o->size() == 1 && o->contains(req)) return (*o)[req];
                return o;
            }
            case Kind::Array: {
                std::vector<std::pair<long long, const Node*>> items;
                if (n)
                    for (const auto& [key, kid] : n->kids)
                        if (is_index(key)) items.emplace_back(std::stoll(key), &kid);
                std::sort(items.begin(), items.end(),
                          [](const auto& a, const auto& b) { return a.first < b.first; });
                Json a = Json::array();
                const Json item_schema = s.value("items", Json::object());
                for (const auto& [i, kid] : items) {
                    bool item_any = false;
                    if (auto v =
                            node(item_schema, kid, ptr + "/" + std::to_string(i), true, item_any))
                        a.push_back(*v);
                }
                const bool present = n && n->kid("@n");
                any = any || !a.empty();
                if (a.empty() && !present && !required) return std::nullopt;
                return a;
            }
            default:
                break;
        }
        const std::string text = n && n->value ? clean_text(*n->value) : "";
        any = any || !text.empty();
        if (k == Kind::Cell) {
            if (std::regex_match(text, number_re())) return Json::parse(text);
            if (!text.empty() && text[0] == '\'') return text.substr(1);
            return text;
        }
        if (text.empty()) return required ? std::optional<Json>(Json("")) : std::nullopt;
        const std::string path = schema_path(ptr);
        if (f.widget(path) == "date-vn") {
            const std::string iso = date_from_vn(text);
            return iso.empty() ? text : iso;  // kept as typed: the validator names the field
        }
        if (k == Kind::Integer || k == Kind::Number) {
            static const std::regex int_re("^-?(0|[1-9][0-9]{0,14})$");
            if (std::regex_match(text, int_re) ||
                (k == Kind::Number && std::regex_match(text, number_re())))
                return Json::parse(text);
            return text;  // not a number: kept as text so that the validator names the field
        }
        return text;
    }

    std::optional<Json> object(const Json& s, const Node* n, const std::string& ptr, bool required,
                               const std::string& kind, bool& any) const {
        Json o = Json::object();
        bool mine = false;
        each_form_property(
            s, ptr, kind, f.hooks_.kept, [&](const std::string& name) { return o.contains(name); },
            [&](const std::string& k, const Json& ps, const std::string& child, bool is_alt,
                bool child_required) {
                const Node* cn = n ? n->kid(k) : nullptr;
                if (is_alt && !cn) {
                    // The kind was changed in the page: its text comes from the field shown.
                    for (const auto& a : kind_keys(s))
                        if (n && n->kid(a) && n->kid(a)->value &&
                            kind_of(f.resolve(s["properties"][k])) == Kind::String)
                            cn = n->kid(a);
                    if (!cn) {
                        o[k] = f.default_of(ps, 0);
                        mine = true;
                        return;
                    }
                }
                if (auto v = node(ps, cn, child, child_required, mine)) o[k] = *v;
            });
        any = any || mine;
        if (!mine && !required) return std::nullopt;
        return o;
    }
};

Json SchemaForm::read(const FormFields& form, const Json& base) const {
    Node tree;
    for (const auto& [name, value] : form) {
        if (name.empty() || name[0] != '/') continue;
        Node* n = &tree;
        for (const auto& t : split_pointer(name)) n = &n->kids[t];
        n->value = value;
    }
    bool any = false;
    Json out =
        Reader{*this}.object(resolve(root_), &tree, "", true, "", any).value_or(Json::object());
    for (const auto& path : hooks_.kept) {
        const auto parts = split_pointer(path);
        if (parts.size() == 1 && base.is_object() && base.contains(parts[0]))
            out[parts[0]] = base[parts[0]];
    }

    // A button pressed without JavaScript: add an item to an array, or remove one.
    auto action = [&](const char* name) {
        auto it = form.find(name);
        return it == form.end() ? std::string() : it->second;
    };
    try {
        if (const std::string p = action("_add"); !p.empty() && schema_at(p + "/0")) {
            const Json::json_pointer jp(p);
            if (!out.contains(jp)) out[jp] = Json::array();
            if (out[jp].is_array()) {
                const Json item = default_at(p + "/" + std::to_string(out[jp].size()), out);
                out[jp].push_back(item);
            }
        }
        if (const std::string p = action("_remove"); !p.empty()) {
            const auto parts = split_pointer(p);
            if (!parts.empty() && is_index(parts.back())) {
                const Json::json_pointer jp(p);
                const auto parent = jp.parent_pointer();
                const auto i = std::stoull(parts.back());
                if (out.contains(parent) && out[parent].is_array() && i < out[parent].size())
                    out[parent].erase(i);
            }
        }
    } catch (const Json::exception&) {
        // A malformed pointer in a crafted request: no action.
    }
    return out;
}

}  // namespace vanban::web
