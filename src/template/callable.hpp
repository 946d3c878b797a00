// Things a template can call (macros, range(), namespace(), dict.items(), loop.cycle(), super())
// and the argument pack every call, filter and test receives.
#pragma once

#include <array>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "template/value.hpp"

namespace vanban::tpl {

struct Ctx;
struct Node;

// A vector whose first N elements live inline: most calls pass a few arguments, and a filter
// call in a loop should not allocate for them. Contiguous either inline or on the heap.
template <typename T, std::size_t N>
class SmallVec {
  public:
    // The inline slots are raw storage: constructing and destroying an argument pack only
    // touches the elements actually passed (a call with one argument does not build and tear
    // down N values).
    SmallVec() = default;
    SmallVec(const SmallVec& o) {
        for (const T& x : o) push_back(x);
    }
    SmallVec& operator=(const SmallVec& o) {
        if (this != &o) {
            clear();
            for (const T& x : o) push_back(x);
        }
        return *this;
    }
    ~SmallVec() { destroy_inline(); }
    std::size_t size() const { return n_; }
    bool empty() const { return n_ == 0; }
    T* begin() { return heap_.empty() ? inl() : heap_.data(); }
    T* end() { return begin() + n_; }
    const T* begin() const { return heap_.empty() ? inl() : heap_.data(); }
    const T* end() const { return begin() + n_; }
    T& operator[](std::size_t i) { return begin()[i]; }
    const T& operator[](std::size_t i) const { return begin()[i]; }
    T& back() { return begin()[n_ - 1]; }
    void push_back(T v) {
        if (heap_.empty() && n_ < N) {
            ::new (static_cast<void*>(inl() + n_)) T(std::move(v));
            ++n_;
            return;
        }
        if (heap_.empty()) {
            heap_.reserve(N * 2);
            for (std::size_t i = 0; i < n_; ++i) heap_.push_back(std::move(inl()[i]));
            // heap_ holds them all now: end the moved-from inline ones.
            for (std::size_t i = 0; i < n_; ++i) inl()[i].~T();
        }
        heap_.push_back(std::move(v));
        ++n_;
    }
    template <typename... A>
    void emplace_back(A&&... a) {
        push_back(T(std::forward<A>(a)...));
    }
    template <typename It>
    void assign(It first, It last) {
        clear();
        for (; first != last; ++first) push_back(*first);
    }
    void clear() {
        destroy_inline();
        heap_.clear();
        n_ = 0;
    }
    std::vector<T> vec() const { return std::vector<T>(begin(), end()); }

  private:
    T* inl() { return std::launder(reinterpret_cast<T*>(buf_)); }
    const T* inl() const { return std::launder(reinterpret_cast<const T*>(buf_)); }
    // Destroys the inline elements while they are the live ones (nothing has spilled yet).
    void destroy_inline() {
        if (!heap_.empty()) return;
        for (std::size_t i = 0; i < n_; ++i) inl()[i].~T();
    }
    alignas(T) unsigned char buf_[N * sizeof(T)];
    std::vector<T> heap_;
    std::size_t n_ = 0;
};

struct CallArgs {
    SmallVec<Value, 4> pos;
    SmallVec<std::pair<std::string_view, Value>, 3> kw;

    // Python binding of one parameter: positional slot i, else keyword `name`, else nullptr.
    const Value* get(std::size_t i, std::string_view name) const {
        if (i < pos.size()) return &pos[i];
        for (const auto& [k, v] : kw)
            if (k == name) return &v;
        return nullptr;
    }
    bool empty() const { return pos.empty() && kw.empty(); }
};

// A method called on its object directly: self.name(args).
using DirectMethodFn = Value (*)(Ctx& ctx, const Value& self, CallArgs& args, const Node& at);

struct CallableObj : Obj {
    virtual Value call(Ctx& ctx, CallArgs& args, const Node& at) const = 0;
    // What str() prints for it (Jinja prints e.g. "<Macro 'name'>").
    virtual std::string describe() const = 0;
    // Calls and appends the result's text straight to out when that is what printing the result
    // would do (macros: their Markup/str output); false when the caller must use call().
    virtual bool call_into(Ctx& ctx, CallArgs& args, const Node& at, std::string& out) const {
        (void)ctx;
        (void)args;
        (void)at;
        (void)out;
        return false;
    }
    // An attribute (loop.index ...); false when there is none.
    virtual bool attr(const Value& self, std::string_view name, Value& out) const {
        (void)self;
        (void)name;
        (void)out;
        return false;
    }
    // The method `name` when self.name(...) can be called without first building the bound
    // method object attr() would return (loop.cycle, once per row of every table); else null.
    virtual DirectMethodFn method(std::string_view name) const {
        (void)name;
        return nullptr;
    }
};

}  // namespace vanban::tpl
