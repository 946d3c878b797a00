// The engine's runtime value: a small tagged value (32 bytes) whose strings, lists and dicts are
// immutable and reference-counted, so copying a value is cheap and one compiled template can be
// rendered from several threads at once. It models exactly the Python objects a Jinja2 template
// sees when its data comes from json.load: None, bool, int, float, str (and markupsafe.Markup),
// list, tuple, dict, plus the engine's own callables, namespaces and StrictUndefined.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace vanban::tpl {

enum class Kind : std::uint8_t {
    Undefined,
    None,
    Bool,
    Int,
    Float,
    Str,
    List,
    Dict,
    Callable,
    Namespace,
};

struct Obj {
    virtual ~Obj() = default;
};

class Value;

struct StrObj final : Obj {
    std::string s;
    explicit StrObj(std::string v) : s(std::move(v)) {}
    ~StrObj() override {
        delete lower_cache.load(std::memory_order_acquire);
        delete upper_cache.load(std::memory_order_acquire);
    }
    // Python's s.lower() as a string object owned by this one, computed once and shared by all
    // renders (sort, groupby, unique and min/max lowercase their keys on every call). Published
    // with compare-exchange, so concurrent renders may race to compute it but never to own it.
    const StrObj& lowered(std::string (*lower)(std::string_view)) const {
        return cached(lower_cache, lower);
    }
    // Whether s has none of & < > " ' (looked at once: the same data strings are printed,
    // escaped, in every letter).
    bool escape_free() const;
    // s.upper() the same way (the upper filter on the same agency names in every letter).
    const StrObj& uppered(std::string (*upper)(std::string_view)) const {
        return cached(upper_cache, upper);
    }

  private:
    const StrObj& cached(std::atomic<const StrObj*>& slot,
                         std::string (*fn)(std::string_view)) const {
        const StrObj* c = slot.load(std::memory_order_acquire);
        if (c) return *c;
        auto* fresh = new StrObj(fn(s));
        if (slot.compare_exchange_strong(c, fresh, std::memory_order_acq_rel)) return *fresh;
        delete fresh;
        return *c;
    }
    mutable std::atomic<const StrObj*> lower_cache{nullptr};
    mutable std::atomic<const StrObj*> upper_cache{nullptr};
    mutable std::atomic<std::uint8_t> escape_state{0};  // 0 not known yet, 1 free, 2 not
};

// Python list, tuple, or the named tuple groupby returns (`grouper`, `list`).
enum class Seq : std::uint8_t { List, Tuple, Group };

// The special members are declared here and the destructor defined in value.cpp because
// Value is still incomplete at this point: clang instantiates vector<Value>'s destructor for an
// implicit one and rejects it.
struct ListObj final : Obj {
    ListObj() = default;
    ListObj(ListObj&&) = default;
    ListObj(const ListObj&) = default;
    ListObj& operator=(ListObj&&) = default;
    ListObj& operator=(const ListObj&) = default;
    ~ListObj() override;
    std::vector<Value> items;
    Seq seq = Seq::List;
};

// An insertion-ordered dict. Keys are usually strings (from JSON); a hash index is built for
// larger dicts so attribute lookups stay O(1).
struct DictObj final : Obj {
    DictObj() = default;
    DictObj(DictObj&&) = default;
    DictObj(const DictObj&) = default;
    DictObj& operator=(DictObj&&) = default;
    DictObj& operator=(const DictObj&) = default;
    ~DictObj() override;
    std::vector<std::pair<Value, Value>> items;
    std::unordered_map<std::string_view, std::uint32_t> index;  // string keys, when large
    const Value* find(std::string_view key) const;
    const Value* find(const Value& key) const;
    // Like find, trying slot `hint` first and remembering where the key was. Rows of JSON data
    // share their key order, so one lookup node hits the same slot row after row. The hint is
    // only a guess, so relaxed atomics make it safe across threads.
    const Value* find_hinted(std::string_view key, std::atomic<std::uint32_t>& hint) const;
    // The search when the hinted slot is not the key; remembers where it was.
    const Value* find_hinted_slow(std::string_view key, std::atomic<std::uint32_t>& hint) const;
    static constexpr std::uint32_t npos = 0xffffffffu;
    std::uint32_t find_index(std::string_view key) const;
    // Inserts or replaces (Python dict assignment); keeps the index up to date.
    void set(Value key, Value value);
    void build_index();
};

// StrictUndefined: remembers what was missing and where, for the error raised when it is used.
struct UndefObj final : Obj {
    std::string hint;  // Vietnamese: "biến 'x' chưa được định nghĩa"
    // Jinja's plain Undefined (an inline if without else that is false): prints as "", is false,
    // iterates as empty. Everything else is StrictUndefined.
    bool lenient = false;
    const std::string* file = nullptr;
    int line = 0;
    int column = 0;
};

struct CallableObj;
struct NamespaceObj;

class Value {
  public:
    Value() : kind_(Kind::None) {}
    static Value none() { return Value(); }
    static Value boolean(bool b) {
        Value v;
        v.kind_ = Kind::Bool;
        v.b_ = b;
        return v;
    }
    static Value integer(std::int64_t i) {
        Value v;
        v.kind_ = Kind::Int;
        v.i_ = i;
        return v;
    }
    static Value floating(double f) {
        Value v;
        v.kind_ = Kind::Float;
        v.f_ = f;
        return v;
    }
    static Value str(std::string s, bool safe = false);
    static Value str_obj(std::shared_ptr<const StrObj> s, bool safe = false);
    static Value list(std::vector<Value> items, Seq seq = Seq::List);
    static Value list_obj(std::shared_ptr<const ListObj> l);
    static Value dict(std::shared_ptr<const DictObj> d);
    static Value undefined(std::string hint, const std::string* file = nullptr, int line = 0,
                           int column = 0);
    static Value callable(std::shared_ptr<const CallableObj> c);
    // An integer from JSON above 2^63-1 (Python keeps it exact): printed and compared exactly;
    // arithmetic on it is refused rather than silently wrong.
    static Value big_uint(std::uint64_t u) {
        Value v;
        v.kind_ = Kind::Int;
        v.big_ = true;
        v.i_ = std::int64_t(u);
        return v;
    }
    // What a frame slot holds before its variable is assigned; never seen outside a Scope.
    static Value unbound() {
        Value v;
        v.kind_ = Kind::Undefined;
        return v;
    }
    bool is_unbound() const { return kind_ == Kind::Undefined && !p_; }
    bool is_big() const { return big_; }
    std::uint64_t as_big_raw() const { return std::uint64_t(i_); }
    bool is_lenient_undefined() const;
    static Value ns(std::shared_ptr<NamespaceObj> n);

    Kind kind() const { return kind_; }
    bool is_undefined() const { return kind_ == Kind::Undefined; }
    bool is_none() const { return kind_ == Kind::None; }
    bool is_str() const { return kind_ == Kind::Str; }
    bool is_number() const {
        return kind_ == Kind::Int || kind_ == Kind::Float || kind_ == Kind::Bool;
    }
    bool is_list() const { return kind_ == Kind::List; }
    bool is_dict() const { return kind_ == Kind::Dict; }
    // markupsafe.Markup: a string already safe for HTML.
    bool safe() const { return safe_; }
    Value as_safe() const {
        Value v = *this;
        v.safe_ = true;
        return v;
    }

    bool as_bool_raw() const { return b_; }
    std::int64_t as_int_raw() const { return i_; }
    double as_float_raw() const { return f_; }
    // Numeric value of Bool/Int/Float.
    double to_double() const {
        if (big_) return double(std::uint64_t(i_));
        return kind_ == Kind::Float ? f_ : kind_ == Kind::Int ? double(i_) : double(b_);
    }
    std::int64_t to_int() const { return kind_ == Kind::Int ? i_ : kind_ == Kind::Bool ? b_ : 0; }

    const std::string& str_ref() const { return static_cast<const StrObj*>(p_.get())->s; }
    const StrObj& str_obj_ref() const { return *static_cast<const StrObj*>(p_.get()); }
    std::shared_ptr<const StrObj> str_ptr() const {
        return std::static_pointer_cast<const StrObj>(p_);
    }
    std::string_view sv() const { return str_ref(); }
    const std::vector<Value>& items() const { return static_cast<const ListObj*>(p_.get())->items; }
    Seq seq() const { return static_cast<const ListObj*>(p_.get())->seq; }
    const DictObj& dict_ref() const { return *static_cast<const DictObj*>(p_.get()); }
    const UndefObj& undef() const { return *static_cast<const UndefObj*>(p_.get()); }
    NamespaceObj& ns_ref() const;
    const std::shared_ptr<const Obj>& obj() const { return p_; }

  private:
    Kind kind_;
    bool safe_ = false;
    bool big_ = false;
    union {
        bool b_;
        std::int64_t i_;
        double f_ = 0;
    };
    std::shared_ptr<const Obj> p_;
};

// Key equality without a call into libc for the short keys of JSON data: two overlapping 8-byte
// (or 4-byte) loads cover any length from 4 to 16.
inline bool same_key(std::string_view a, std::string_view b) {
    const std::size_t n = a.size();
    if (n != b.size()) return false;
    const char *x = a.data(), *y = b.data();
    if (n >= 8 && n <= 16) {
        std::uint64_t x0, x1, y0, y1;
        std::memcpy(&x0, x, 8);
        std::memcpy(&y0, y, 8);
        std::memcpy(&x1, x + n - 8, 8);
        std::memcpy(&y1, y + n - 8, 8);
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    if (n >= 4 && n < 8) {
        std::uint32_t x0, x1, y0, y1;
        std::memcpy(&x0, x, 4);
        std::memcpy(&y0, y, 4);
        std::memcpy(&x1, x + n - 4, 4);
        std::memcpy(&y1, y + n - 4, 4);
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    if (n < 4) {
        for (std::size_t i = 0; i < n; ++i)
            if (x[i] != y[i]) return false;
        return true;
    }
    return std::memcmp(x, y, n) == 0;
}

// The hinted slot is tried inline: in a table's rows it is nearly always the key.
inline const Value* DictObj::find_hinted(std::string_view key,
                                         std::atomic<std::uint32_t>& hint) const {
    const std::uint32_t h = hint.load(std::memory_order_relaxed);
    if (h < items.size()) {
        const Value& k = items[h].first;
        if (k.is_str() && same_key(k.sv(), key)) return &items[h].second;
    }
    return find_hinted_slow(key, hint);
}

inline bool Value::is_lenient_undefined() const {
    return kind_ == Kind::Undefined && static_cast<const UndefObj*>(p_.get())->lenient;
}

struct NamespaceObj final : Obj {
    mutable DictObj attrs;  // namespace() is the one mutable object a template can create
};

inline NamespaceObj& Value::ns_ref() const {
    return const_cast<NamespaceObj&>(*static_cast<const NamespaceObj*>(p_.get()));
}

// Python's str(x) (what `{{ x }}` prints before escaping), appended to out.
// Undefined must be handled by the caller.
void append_str(std::string& out, const Value& v);
std::string to_str(const Value& v);
// Python's repr(x).
void append_repr(std::string& out, const Value& v);
// Python's repr(float): shortest round-trip digits, exponent form below 1e-4 and from 1e16.
void append_float(std::string& out, double d);
// markupsafe.escape on text: & < > " ' -> &amp; &lt; &gt; &#34; &#39;
void append_escaped(std::string& out, std::string_view s);
// Offset of the first of & < > " ' at or after `from`, or npos.
std::size_t find_escapable(std::string_view s, std::size_t from = 0);

// Python truthiness (Undefined must be checked by the caller).
bool truthy(const Value& v);
// Python ==.
bool equals(const Value& a, const Value& b);
// Python <: returns false and sets ok=false when the types cannot be ordered.
int compare(const Value& a, const Value& b, bool& ok);
// Type name as Python spells it ("int", "str", "dict" ...), for error messages.
const char* type_name(const Value& v);

}  // namespace vanban::tpl
