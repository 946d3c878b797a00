// The runtime value's containers and storage: dict lookup (linear or hashed), and the per-thread
// block reuse behind the Value constructors of strings and lists.
#include <cstring>

#include "template/callable.hpp"
#include "template/value.hpp"

namespace vanban::tpl {

namespace {
// Dicts at or above this size get a hash index; below, a linear scan is faster.
constexpr std::size_t kIndexThreshold = 8;
}  // namespace

ListObj::~ListObj() = default;
DictObj::~DictObj() = default;

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

}  // namespace vanban::tpl
