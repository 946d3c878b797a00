// Environment (search paths, template cache), Template::render, JSON -> Value.
#include "template/engine.hpp"

#include <fstream>
#include <mutex>
#include <sstream>
#include <unordered_map>

#include "template/parser.hpp"
#include "vn/text.hpp"

namespace vanban::tpl {

struct EnvImpl {
    std::vector<std::filesystem::path> paths;
    std::mutex mu;
    std::unordered_map<std::string, std::shared_ptr<const Template>> cache;
};

namespace {

bool autoescape_for(std::string_view name) {
    auto dot = name.rfind('.');
    if (dot == std::string_view::npos) return false;
    std::string ext(name.substr(dot + 1));
    for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    return ext == "html" || ext == "htm";
}

std::shared_ptr<const Template> compile(EnvImpl* env, std::string_view source, std::string name) {
    auto impl = std::make_shared<TemplateImpl>();
    impl->name = std::move(name);
    impl->autoescape = autoescape_for(impl->name);
    impl->env = env;
    parse_into(*impl, source);
    return std::make_shared<const Template>(std::move(impl));
}

// A template name may not leave the search paths: no absolute names, no "..", no backslashes.
bool safe_name(std::string_view name) {
    if (name.empty() || name[0] == '/' || name.find('\\') != std::string_view::npos ||
        name.find('\0') != std::string_view::npos)
        return false;
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t slash = name.find('/', start);
        std::string_view part = name.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (part == "..") return false;
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return true;
}

// Thrown by convert for a string that is not UTF-8; each array/object level on the way up
// prepends its key, so the message can name the JSON pointer of the bad value.
struct BadUtf8 {
    std::string pointer;
    std::size_t offset;
    bool in_key;
};

// JSON pointer escaping (RFC 6901): "~" -> "~0", "/" -> "~1".
std::string pointer_token(std::string_view key) {
    std::string t;
    for (char c : key) {
        if (c == '~')
            t += "~0";
        else if (c == '/')
            t += "~1";
        else
            t += c;
    }
    return t;
}

std::string nfc_or_throw(const std::string& s, bool in_key) {
    try {
        return vn::nfc(s);
    } catch (const vn::InvalidUtf8& e) {
        throw BadUtf8{"", e.offset, in_key};
    }
}

// Keys already converted in this document: rows of a table share their keys' string objects,
// so the few key strings a template looks up stay in cache (and take memory once).
using KeyCache = std::unordered_map<std::string, Value>;

Value convert(const nlohmann::ordered_json& j, KeyCache& keys) {
    using T = nlohmann::ordered_json::value_t;
    switch (j.type()) {
        case T::null:
            return Value::none();
        case T::boolean:
            return Value::boolean(j.get<bool>());
        case T::number_integer:
            return Value::integer(j.get<std::int64_t>());
        case T::number_unsigned: {
            auto u = j.get<std::uint64_t>();
            if (u > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
                return Value::big_uint(u);
            return Value::integer(std::int64_t(u));
        }
        case T::number_float:
            return Value::floating(j.get<double>());
        case T::string:
            return Value::str(nfc_or_throw(j.get_ref<const std::string&>(), false));
        case T::array: {
            std::vector<Value> items;
            items.reserve(j.size());
            for (const auto& e : j) {
                try {
                    items.push_back(convert(e, keys));
                } catch (BadUtf8& bad) {
                    bad.pointer.insert(0, "/" + std::to_string(items.size()));
                    throw;
                }
            }
            return Value::list(std::move(items));
        }
        case T::object: {
            auto d = std::make_shared<DictObj>();
            d->items.reserve(j.size());
            for (auto it = j.begin(); it != j.end(); ++it) {
                // A bad key is reported at its parent's pointer (its bytes are not printable);
                // converting it first also means every key put into a pointer is valid.
                auto [k, fresh] = keys.try_emplace(it.key());
                if (fresh) k->second = Value::str(nfc_or_throw(it.key(), true));
                Value key = k->second;
                try {
                    d->set(std::move(key), convert(it.value(), keys));
                } catch (BadUtf8& bad) {
                    bad.pointer.insert(0, "/" + pointer_token(it.key()));
                    throw;
                }
            }
            d->build_index();
            return Value::dict(std::move(d));
        }
        default:
            return Value::none();
    }
}

}  // namespace

Value value_from_json(const nlohmann::ordered_json& j) {
    try {
        KeyCache keys;
        return convert(j, keys);
    } catch (const BadUtf8& bad) {
        std::string where = bad.pointer.empty() ? "gốc" : "'" + bad.pointer + "'";
        throw TemplateError("<dữ liệu>", 0, 0,
                            std::string(bad.in_key ? "một khóa" : "chuỗi") + " tại " + where +
                                " không phải UTF-8 hợp lệ (byte thứ " + std::to_string(bad.offset) +
                                ")");
    }
}

std::shared_ptr<const Template> env_load(EnvImpl* env, const std::string& name) {
    if (!env) return nullptr;
    if (!safe_name(name))
        throw TemplateError("", 0, 0,
                            "tên mẫu '" + name +
                                "' không hợp lệ: không được là đường dẫn tuyệt đối hoặc chứa '..'");
    {
        std::lock_guard lock(env->mu);
        auto it = env->cache.find(name);
        if (it != env->cache.end()) return it->second;
    }
    for (const auto& dir : env->paths) {
        std::filesystem::path p = dir / std::filesystem::path(name);
        std::error_code ec;
        if (!std::filesystem::is_regular_file(p, ec)) continue;
        std::ifstream in(p, std::ios::binary);
        if (!in) throw TemplateError("", 0, 0, "không đọc được tệp mẫu '" + p.string() + "'");
        std::ostringstream ss;
        ss << in.rdbuf();
        auto t = compile(env, ss.str(), name);
        std::lock_guard lock(env->mu);
        auto [it, inserted] = env->cache.emplace(name, t);
        return it->second;
    }
    return nullptr;
}

Environment::Environment() : impl_(std::make_shared<EnvImpl>()) {}
Environment::~Environment() = default;

void Environment::add_search_path(std::filesystem::path dir) {
    std::lock_guard lock(impl_->mu);
    impl_->paths.push_back(std::move(dir));
}

std::shared_ptr<const Template> Environment::load(const std::string& name) {
    try {
        auto t = env_load(impl_.get(), name);
        if (!t)
            throw TemplateError(name, 0, 0,
                                "không tìm thấy mẫu '" + name + "' trong các thư mục mẫu");
        return t;
    } catch (const TemplateError& e) {
        if (!e.file.empty()) throw;
        throw TemplateError(name, 0, 0, e.message);
    }
}

std::shared_ptr<const Template> Environment::from_string(std::string source, std::string name) {
    return compile(impl_.get(), source, std::move(name));
}

const std::string& Template::name() const {
    return impl_->name;
}

void Template::render(const Value& context, std::string& out) const {
    static const DictObj empty;
    RenderState st;
    st.root = context.is_dict() ? &context.dict_ref() : &empty;
    Scope top;
    render_template(st, *impl_, top, out);
}

std::string Template::render(const Value& context) const {
    std::string out;
    const std::size_t guess = impl_->last_size.load(std::memory_order_relaxed);
    if (guess > 0) out.reserve(guess + guess / 16);
    render(context, out);
    impl_->last_size.store(out.size(), std::memory_order_relaxed);
    return out;
}

void parse_only(std::string_view source, std::string_view name) {
    TemplateImpl t;
    t.name = std::string(name);
    t.autoescape = autoescape_for(name);
    parse_into(t, source);
}

}  // namespace vanban::tpl
