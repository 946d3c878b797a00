// Python semantics of the runtime value: str(), repr(), truthiness, ==, ordering.
#include "template/value.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "template/callable.hpp"
#include "vn/text.hpp"

namespace vanban::tpl {

namespace {
// Dicts at or above this size get a hash index; below, a linear scan is faster.
constexpr std::size_t kIndexThreshold = 8;
}  // namespace

ListObj::~ListObj() = default;
DictObj::~DictObj() = default;

namespace {}  // namespace

std::uint32_t DictObj::find_index(std::string_view key) const {
    if (!index.empty()) {
        auto it = index.find(key);
        return it == index.end() ? npos : it->second;
    }
    // Small dicts: compare length and first byte before the bytes themselves.
    const std::size_t n = key.size();
    for (std::uint32_t i = 0; i < items.size(); ++i) {
        const Value& k = items[i].first;
        if (!k.is_str()) continue;
        const std::string& ks = k.str_ref();
        if (ks.size() == n && (n == 0 || (ks[0] == key[0] && same_key(ks, key)))) return i;
    }
    return npos;
}

const Value* DictObj::find(std::string_view key) const {
    std::uint32_t i = find_index(key);
    return i == npos ? nullptr : &items[i].second;
}

const Value* DictObj::find_hinted_slow(std::string_view key,
                                       std::atomic<std::uint32_t>& hint) const {
    std::uint32_t i = find_index(key);
    if (i == npos) return nullptr;
    hint.store(i, std::memory_order_relaxed);
    return &items[i].second;
}

const Value* DictObj::find(const Value& key) const {
    if (key.is_str()) return find(key.sv());
    for (const auto& [k, v] : items)
        if (!k.is_undefined() && equals(k, key)) return &v;
    return nullptr;
}

void DictObj::set(Value key, Value value) {
    if (key.is_str()) {
        if (const Value* existing = find(key.sv())) {
            const_cast<Value&>(*existing) = std::move(value);
            return;
        }
    } else {
        for (auto& [k, v] : items)
            if (equals(k, key)) {
                v = std::move(value);
                return;
            }
    }
    items.emplace_back(std::move(key), std::move(value));
    if (!index.empty() && items.back().first.is_str())
        index.emplace(items.back().first.sv(), std::uint32_t(items.size() - 1));
    else if (index.empty() && items.size() >= kIndexThreshold)
        build_index();
}

void DictObj::build_index() {
    index.clear();
    if (items.size() < kIndexThreshold) return;
    // Views point into the key strings, which are immutable and owned by items.
    for (std::uint32_t i = 0; i < items.size(); ++i)
        if (items[i].first.is_str()) index.emplace(items[i].first.sv(), i);
}

namespace {

// Strings and lists made while rendering (a format result, a sorted list) are freed again
// within the same letter, a hundred times per letter: their blocks (object and reference count
// together) are kept per thread for the next one instead of going back to malloc. Each size
// class keeps at most kMaxFree blocks, so memory stays bounded; what is left when the thread
// ends goes back to the system.
struct FreeBlock {
    FreeBlock* next;
};
struct FreeList {
    FreeBlock* head;
    std::size_t n;
};
#if defined(__SANITIZE_ADDRESS__)
#define VANBAN_BLOCK_REUSE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VANBAN_BLOCK_REUSE 0
#endif
#endif
#ifndef VANBAN_BLOCK_REUSE
#define VANBAN_BLOCK_REUSE 1
#endif
// Under AddressSanitizer every block goes back to malloc, so a use after free is still caught.
constexpr bool kReuse = VANBAN_BLOCK_REUSE;
constexpr std::size_t kGrain = 16, kClasses = 8, kMaxFree = 512;
thread_local FreeList free_lists[kClasses];  // trivially destructible: valid until thread end
thread_local bool lists_closed = false;

struct ListsDrain {
    ~ListsDrain() {
        lists_closed = true;
        for (auto& l : free_lists)
            while (l.head) {
                FreeBlock* b = l.head;
                l.head = b->next;
                ::operator delete(b);
            }
    }
};

void* block_get(std::size_t size) {
    const std::size_t c = (size + kGrain - 1) / kGrain - 1;
    if (!kReuse || c >= kClasses) return ::operator new(size);
    FreeList& l = free_lists[c];
    if (FreeBlock* b = l.head) {
        l.head = b->next;
        --l.n;
        return b;
    }
    return ::operator new((c + 1) * kGrain);
}

void block_put(void* p, std::size_t size) {
    const std::size_t c = (size + kGrain - 1) / kGrain - 1;
    if (!kReuse || c >= kClasses || lists_closed) return ::operator delete(p);
    FreeList& l = free_lists[c];
    if (l.n >= kMaxFree) return ::operator delete(p);
    if (l.n == 0 && !l.head) {
        // The first block kept on this thread: arrange for the lists to be emptied at its end.
        thread_local ListsDrain drain;
        (void)drain;
    }
    auto* b = static_cast<FreeBlock*>(p);
    b->next = l.head;
    l.head = b;
    ++l.n;
}

template <typename T>
struct BlockAlloc {
    using value_type = T;
    BlockAlloc() = default;
    template <typename U>
    BlockAlloc(const BlockAlloc<U>&) {}
    T* allocate(std::size_t n) { return static_cast<T*>(block_get(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) { block_put(p, n * sizeof(T)); }
    template <typename U>
    bool operator==(const BlockAlloc<U>&) const {
        return true;
    }
};

}  // namespace

Value Value::str(std::string s, bool safe) {
    Value v;
    v.kind_ = Kind::Str;
    v.safe_ = safe;
    v.p_ = std::allocate_shared<const StrObj>(BlockAlloc<StrObj>(), std::move(s));
    return v;
}

Value Value::str_obj(std::shared_ptr<const StrObj> s, bool safe) {
    Value v;
    v.kind_ = Kind::Str;
    v.safe_ = safe;
    v.p_ = std::move(s);
    return v;
}

Value Value::list(std::vector<Value> items, Seq seq) {
    auto l = std::allocate_shared<ListObj>(BlockAlloc<ListObj>());
    l->items = std::move(items);
    l->seq = seq;
    return list_obj(std::move(l));
}

Value Value::list_obj(std::shared_ptr<const ListObj> l) {
    Value v;
    v.kind_ = Kind::List;
    v.p_ = std::move(l);
    return v;
}

Value Value::dict(std::shared_ptr<const DictObj> d) {
    Value v;
    v.kind_ = Kind::Dict;
    v.p_ = std::move(d);
    return v;
}

Value Value::undefined(std::string hint, const std::string* file, int line, int column) {
    auto u = std::make_shared<UndefObj>();
    u->hint = std::move(hint);
    u->file = file;
    u->line = line;
    u->column = column;
    Value v;
    v.kind_ = Kind::Undefined;
    v.p_ = std::move(u);
    return v;
}

Value Value::callable(std::shared_ptr<const CallableObj> c) {
    Value v;
    v.kind_ = Kind::Callable;
    v.p_ = std::move(c);
    return v;
}

Value Value::ns(std::shared_ptr<NamespaceObj> n) {
    Value v;
    v.kind_ = Kind::Namespace;
    v.p_ = std::move(n);
    return v;
}

void append_float(std::string& out, double d) {
    if (std::isnan(d)) {
        out += "nan";
        return;
    }
    if (std::isinf(d)) {
        out += d < 0 ? "-inf" : "inf";
        return;
    }
    char buf[64];
    // Shortest round-trip digits, as Python's repr uses; then Python's layout rule.
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view sci(buf, std::size_t(r.ptr - buf));
    auto epos = sci.find('e');
    int exp10 = 0;
    std::from_chars(sci.data() + epos + 1 + (sci[epos + 1] == '+'), sci.data() + sci.size(), exp10);
    if (exp10 < -4 || exp10 >= 16) {
        out += sci;  // "1e+16", "1.5e-05": same as Python
        return;
    }
    std::string digits;
    bool neg = false;
    for (char c : sci.substr(0, epos)) {
        if (c == '-')
            neg = true;
        else if (c != '.')
            digits += c;
    }
    if (neg) out += '-';
    int point = exp10 + 1;  // digits before the decimal point
    if (point <= 0) {
        out += "0.";
        out.append(std::size_t(-point), '0');
        out += digits;
    } else if (std::size_t(point) >= digits.size()) {
        out += digits;
        out.append(std::size_t(point) - digits.size(), '0');
        out += ".0";
    } else {
        out.append(digits, 0, std::size_t(point));
        out += '.';
        out.append(digits, std::size_t(point));
    }
}

namespace {
constexpr auto kSpecial = [] {
    std::array<bool, 256> t{};
    t['&'] = t['<'] = t['>'] = t['"'] = t['\''] = true;
    return t;
}();
}  // namespace

std::size_t find_escapable(std::string_view s, std::size_t from) {
    std::size_t i = from;
    const std::size_t n = s.size();
#if defined(__SSE2__)
    // 16 bytes at a time while none is special: most text has no & < > " '.
    const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
                  dq = _mm_set1_epi8('"'), sq = _mm_set1_epi8('\'');
    while (i + 16 <= n) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
        const __m128i hit =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, amp), _mm_cmpeq_epi8(x, lt)),
                         _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, gt), _mm_cmpeq_epi8(x, dq)),
                                      _mm_cmpeq_epi8(x, sq)));
        if (const int m = _mm_movemask_epi8(hit); m != 0)
            return i + std::size_t(__builtin_ctz(unsigned(m)));
        i += 16;
    }
#endif
    // The tail (or everything, without SSE2): one table lookup per byte.
    while (i < n && !kSpecial[static_cast<unsigned char>(s[i])]) ++i;
    return i < n ? i : std::string_view::npos;
}

bool StrObj::escape_free() const {
    std::uint8_t st = escape_state.load(std::memory_order_relaxed);
    if (st == 0) {
        st = find_escapable(s) == std::string_view::npos ? 1 : 2;
        escape_state.store(st, std::memory_order_relaxed);
    }
    return st == 1;
}

void append_escaped(std::string& out, std::string_view s) {
    // Runs without special characters are appended in one piece.
    std::size_t run = 0;
    while (true) {
        const std::size_t i = find_escapable(s, run);
        if (i == std::string_view::npos) break;
        out.append(s.data() + run, i - run);
        switch (s[i]) {
            case '&':
                out.append("&amp;", 5);
                break;
            case '<':
                out.append("&lt;", 4);
                break;
            case '>':
                out.append("&gt;", 4);
                break;
            case '"':
                out.append("&#34;", 5);
                break;
            default:
                out.append("&#39;", 5);
                break;
        }
        run = i + 1;
    }
    out.append(s.data() + run, s.size() - run);
}

namespace {

void append_int(std::string& out, std::int64_t i) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, i);
    out.append(buf, r.ptr);
}

bool printable(char32_t c) {
    if (c < 0x20 || c == 0x7f) return false;
    if (c >= 0x80 && c <= 0xa0) return false;
    if (c == 0xad) return false;
    if ((c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) ||
        (c >= 0x205f && c <= 0x206f) || c == 0x3000 || c == 0xfeff)
        return false;
    return true;
}

void append_str_repr(std::string& out, std::string_view s) {
    bool has_single = s.find('\'') != std::string_view::npos;
    bool has_double = s.find('"') != std::string_view::npos;
    char q = (has_single && !has_double) ? '"' : '\'';
    out += q;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t start = i;
        char32_t c = vn::decode_utf8(s, i);
        if (c == char32_t(q) || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (!printable(c)) {
            char buf[16];
            if (c <= 0xff)
                std::snprintf(buf, sizeof buf, "\\x%02x", unsigned(c));
            else
                std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(c));
            out += buf;
        } else {
            out.append(s.data() + start, i - start);
        }
    }
    out += q;
}

}  // namespace

void append_repr(std::string& out, const Value& v) {
    switch (v.kind()) {
        case Kind::Str:
            if (v.safe()) {
                out += "Markup(";
                append_str_repr(out, v.sv());
                out += ')';
            } else {
                append_str_repr(out, v.sv());
            }
            return;
        case Kind::List: {
            const auto& items = v.items();
            bool tuple = v.seq() != Seq::List;  // groupby's _GroupTuple prints as a tuple
            out += tuple ? '(' : '[';
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (i) out += ", ";
                append_repr(out, items[i]);
            }
            if (tuple && items.size() == 1) out += ',';
            out += tuple ? ')' : ']';
            return;
        }
        case Kind::Dict: {
            out += '{';
            bool first = true;
            for (const auto& [k, val] : v.dict_ref().items) {
                if (!first) out += ", ";
                first = false;
                append_repr(out, k);
                out += ": ";
                append_repr(out, val);
            }
            out += '}';
            return;
        }
        default:
            append_str(out, v);
    }
}

void append_str(std::string& out, const Value& v) {
    switch (v.kind()) {
        case Kind::Undefined:
            return;
        case Kind::None:
            out += "None";
            return;
        case Kind::Bool:
            out += v.as_bool_raw() ? "True" : "False";
            return;
        case Kind::Int:
            if (v.is_big()) {
                out += std::to_string(v.as_big_raw());
                return;
            }
            append_int(out, v.as_int_raw());
            return;
        case Kind::Float:
            append_float(out, v.as_float_raw());
            return;
        case Kind::Str:
            out += v.sv();
            return;
        case Kind::List:
        case Kind::Dict:
            append_repr(out, v);
            return;
        case Kind::Callable:
            out += static_cast<const CallableObj*>(v.obj().get())->describe();
            return;
        case Kind::Namespace: {
            out += "<Namespace ";
            append_repr(out,
                        Value::dict(std::shared_ptr<const DictObj>(v.obj(), &v.ns_ref().attrs)));
            out += '>';
            return;
        }
    }
}

std::string to_str(const Value& v) {
    if (v.is_str()) return v.str_ref();
    std::string s;
    append_str(s, v);
    return s;
}

bool truthy(const Value& v) {
    switch (v.kind()) {
        case Kind::Undefined:
        case Kind::None:
            return false;
        case Kind::Bool:
            return v.as_bool_raw();
        case Kind::Int:
            return v.as_int_raw() != 0;
        case Kind::Float:
            return v.as_float_raw() != 0.0;
        case Kind::Str:
            return !v.sv().empty();
        case Kind::List:
            return !v.items().empty();
        case Kind::Dict:
            return !v.dict_ref().items.empty();
        default:
            return true;
    }
}

namespace {
__int128 wide(const Value& v) {
    return v.is_big() ? __int128(v.as_big_raw()) : __int128(v.to_int());
}
}  // namespace

bool equals(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number()) {
        if ((a.is_big() || b.is_big()) && a.kind() != Kind::Float && b.kind() != Kind::Float)
            return wide(a) == wide(b);
        if (a.kind() != Kind::Float && b.kind() != Kind::Float) return a.to_int() == b.to_int();
        return a.to_double() == b.to_double();
    }
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
        case Kind::None:
            return true;
        case Kind::Str:
            return a.sv() == b.sv();
        case Kind::List: {
            if ((a.seq() == Seq::List) != (b.seq() == Seq::List)) return false;
            const auto &x = a.items(), &y = b.items();
            if (x.size() != y.size()) return false;
            for (std::size_t i = 0; i < x.size(); ++i)
                if (!equals(x[i], y[i])) return false;
            return true;
        }
        case Kind::Dict: {
            const auto &x = a.dict_ref(), &y = b.dict_ref();
            if (x.items.size() != y.items.size()) return false;
            for (const auto& [k, v] : x.items) {
                const Value* other = y.find(k);
                if (!other || !equals(v, *other)) return false;
            }
            return true;
        }
        default:
            return a.obj() == b.obj();
    }
}

int compare(const Value& a, const Value& b, bool& ok) {
    ok = true;
    if (a.is_number() && b.is_number()) {
        if (a.kind() != Kind::Float && b.kind() != Kind::Float) {
            auto x = wide(a), y = wide(b);
            return x < y ? -1 : x > y ? 1 : 0;
        }
        double x = a.to_double(), y = b.to_double();
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a.is_str() && b.is_str()) {
        int c = a.sv().compare(b.sv());  // UTF-8 byte order is code point order
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (a.is_list() && b.is_list() && (a.seq() == Seq::List) == (b.seq() == Seq::List)) {
        const auto &x = a.items(), &y = b.items();
        for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (equals(x[i], y[i])) continue;
            return compare(x[i], y[i], ok);
        }
        return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
    }
    ok = false;
    return 0;
}

const char* type_name(const Value& v) {
    switch (v.kind()) {
        case Kind::Undefined:
            return "StrictUndefined";
        case Kind::None:
            return "NoneType";
        case Kind::Bool:
            return "bool";
        case Kind::Int:
            return "int";
        case Kind::Float:
            return "float";
        case Kind::Str:
            return v.safe() ? "Markup" : "str";
        case Kind::List:
            return v.seq() == Seq::List ? "list" : "tuple";
        case Kind::Dict:
            return "dict";
        case Kind::Callable:
            return "function";
        case Kind::Namespace:
            return "Namespace";
    }
    return "object";
}

}  // namespace vanban::tpl
