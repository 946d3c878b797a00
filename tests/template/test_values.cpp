// The runtime value's Python semantics: float repr, str repr quoting, escaping, equality.
#include <catch2/catch.hpp>

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
