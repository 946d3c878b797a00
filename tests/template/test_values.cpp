// The runtime value's Python semantics: float repr, str repr quoting, escaping, equality.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <random>
#include <string>
#include <vector>

#include "template/value.hpp"

using namespace vanban::tpl;

namespace {
std::string f(double d) {
    std::string s;
    append_float(s, d);
    return s;
}
std::string repr(const Value& v) {
    std::string s;
    append_repr(s, v);
    return s;
}
}  // namespace

TEST_CASE("floats print as Python's repr") {
    CHECK(f(0.1 + 0.2) == "0.30000000000000004");
    CHECK(f(3.0) == "3.0");
    CHECK(f(-0.0) == "-0.0");
    CHECK(f(1e16) == "1e+16");
    CHECK(f(1234567890123456.0) == "1234567890123456.0");
    CHECK(f(0.0001) == "0.0001");
    CHECK(f(0.00001) == "1e-05");
    CHECK(f(1.5e-7) == "1.5e-07");
    CHECK(f(1e300) == "1e+300");
    CHECK(f(123.456) == "123.456");
}

TEST_CASE("str repr picks quotes as Python does") {
    CHECK(repr(Value::str("a")) == "'a'");
    CHECK(repr(Value::str("it's")) == "\"it's\"");
    CHECK(repr(Value::str("a'b\"c")) == "'a\\'b\"c'");
    CHECK(repr(Value::str("x\ny\\")) == "'x\\ny\\\\'");
    CHECK(repr(Value::str("ủy\x01")) == "'ủy\\x01'");
    CHECK(repr(Value::str("<b>", true)) == "Markup('<b>')");
    CHECK(repr(Value::list({Value::integer(1)}, Seq::Tuple)) == "(1,)");
}

TEST_CASE("HTML escaping matches markupsafe") {
    std::string s;
    append_escaped(s, "<a href=\"x\" title='y'>&amp;</a>");
    CHECK(s == "&lt;a href=&#34;x&#34; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
}

TEST_CASE("equality and ordering follow Python") {
    CHECK(equals(Value::integer(1), Value::floating(1.0)));
    CHECK(equals(Value::boolean(true), Value::integer(1)));
    CHECK_FALSE(equals(Value::str("1"), Value::integer(1)));
    CHECK_FALSE(equals(Value::list({}, Seq::List), Value::list({}, Seq::Tuple)));
    bool ok;
    CHECK(compare(Value::str("Z"), Value::str("a"), ok) < 0);
    CHECK(ok);
    compare(Value::str("a"), Value::integer(1), ok);
    CHECK_FALSE(ok);
    CHECK(compare(Value::str("á"), Value::str("b"), ok) > 0);  // code point order, as Python
}

// append_escaped scans 16 bytes at a time; specials at every offset, in runs, at both ends and
// in tails shorter than a block must come out as markupsafe.escape gives them.
TEST_CASE("append_escaped matches a byte-by-byte escape at every offset") {
    auto naive = [](std::string_view s) {
        std::string o;
        for (char c : s) {
            if (c == '&')
                o += "&amp;";
            else if (c == '<')
                o += "&lt;";
            else if (c == '>')
                o += "&gt;";
            else if (c == '"')
                o += "&#34;";
            else if (c == '\'')
                o += "&#39;";
            else
                o += c;
        }
        return o;
    };
    std::mt19937 gen(7);
    const std::string alphabet = "abc \xe1\xbb\xa7&<>\"'xyz0123456789";
    for (int len = 0; len < 70; ++len)
        for (int rep = 0; rep < 40; ++rep) {
            std::string s;
            // Mostly plain text, sometimes dense with specials.
            const int density = rep % 4 == 0 ? 2 : 30;
            for (int k = 0; k < len; ++k)
                s += std::uniform_int_distribution<int>(0, density)(gen) == 0
                         ? "&<>\"'"[std::uniform_int_distribution<int>(0, 4)(gen)]
                         : alphabet[std::uniform_int_distribution<int>(0, 3)(gen)];
            std::string out = "prefix";
            append_escaped(out, s);
            INFO("input: " << s);
            REQUIRE(out == "prefix" + naive(s));
        }
}

// Dict lookups compare short keys with overlapping word loads: keys that differ only in their
// first, middle or last byte, at every length up to 20, must never be confused.
TEST_CASE("dict lookup tells apart keys differing in one byte at any length") {
    for (std::size_t len = 1; len <= 20; ++len) {
        DictObj d;
        std::vector<std::string> keys;
        const std::string base(len, 'k');
        for (std::size_t at : {std::size_t(0), len / 2, len - 1}) {
            std::string k = base;
            k[at] = 'x';
            if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
        }
        keys.push_back(base);
        for (std::size_t i = 0; i < keys.size(); ++i)
            d.set(Value::str(keys[i]), Value::integer(std::int64_t(i)));
        std::atomic<std::uint32_t> hint{0};
        for (std::size_t i = 0; i < keys.size(); ++i) {
            INFO("len " << len << " key " << keys[i]);
            const Value* v = d.find(keys[i]);
            REQUIRE(v);
            CHECK(v->as_int_raw() == std::int64_t(i));
            const Value* h = d.find_hinted(keys[i], hint);
            REQUIRE(h);
            CHECK(h == v);
        }
        CHECK(d.find(base + "k") == nullptr);
        CHECK(d.find_hinted(std::string(len, 'y'), hint) == nullptr);
    }
}
