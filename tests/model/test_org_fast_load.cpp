// load_organisation reads org.json in one SAX pass (org_fast_load.cpp) and falls back to the DOM
// path (parse_organisation) for anything it declines. The reference here is the DOM path: for
// every variant the file loads to an equal organisation or fails with the same message, and the
// SAX pass either gives that organisation or declines (never a different result).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include "fixtures.hpp"
#include "model/org_internal.hpp"

using namespace vanban::model;

namespace {

std::string replaced(std::string s, const std::string& from, const std::string& to) {
    auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

void check_equal(const Organisation& a, const Organisation& b) {
    CHECK(a.source == b.source);
    CHECK(a.province.name == b.province.name);
    CHECK(a.province.full_name == b.province.full_name);
    CHECK(a.province.place_name == b.province.place_name);
    REQUIRE(a.agencies.size() == b.agencies.size());
    for (std::size_t i = 0; i < a.agencies.size(); ++i) {
        const Agency &x = a.agencies[i], &y = b.agencies[i];
        CHECK(x.id == y.id);
        CHECK(x.name == y.name);
        CHECK(x.parent_header == y.parent_header);
        CHECK(x.issuer_header == y.issuer_header);
        CHECK(x.parent_lines == y.parent_lines);
        CHECK(x.issuer_lines == y.issuer_lines);
        CHECK(x.abbreviation == y.abbreviation);
        CHECK(x.head_title == y.head_title);
        CHECK(x.drafting_units.size() == y.drafting_units.size());
        REQUIRE(x.signers.size() == y.signers.size());
        for (std::size_t s = 0; s < x.signers.size(); ++s) {
            CHECK(x.signers[s].full_name == y.signers[s].full_name);
            CHECK(x.signers[s].authority_title == y.signers[s].authority_title);
        }
        CHECK(x.contact.address == y.contact.address);
        CHECK(x.numbering == y.numbering);
    }
    REQUIRE(a.units.size() == b.units.size());
    for (std::size_t i = 0; i < a.units.size(); ++i) {
        const Unit &x = a.units[i], &y = b.units[i];
        CHECK(x.id == y.id);
        CHECK(x.name == y.name);
        CHECK(x.level == y.level);
        CHECK(x.district == y.district);
        CHECK(x.district_index == y.district_index);
        CHECK(x.agency == y.agency);
        CHECK(a.unit_index(x.id) == b.unit_index(y.id));
    }
    CHECK(a.unit_ids.size() == b.unit_ids.size());
}

// Loads `text` both ways; returns whether the SAX pass took it (rather than declining).
bool same_as_dom_path(const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / "vanban-test-org-fast.json";
    {
        std::ofstream out(path, std::ios::binary);
        out << text;
    }
    std::optional<Organisation> dom;
    std::string dom_error;
    try {
        dom = parse_organisation(JsonDocument::parse(path.string(), text));
    } catch (const InputError& e) {
        dom_error = e.what();
    }
    std::optional<Organisation> loaded;
    std::string load_error;
    try {
        loaded = load_organisation(path.string());
    } catch (const InputError& e) {
        load_error = e.what();
    }
    std::optional<Organisation> fast = read_organisation_fast(path.string(), text);
    std::filesystem::remove(path);
    CHECK(load_error == dom_error);
    REQUIRE(loaded.has_value() == dom.has_value());
    if (dom) check_equal(*loaded, *dom);
    if (fast) {
        REQUIRE(dom);  // the SAX pass never accepts what the DOM path refuses
        check_equal(*fast, *dom);
    }
    return fast.has_value();
}

}  // namespace

TEST_CASE("organisation: the SAX pass takes valid files and equals the DOM path") {
    const std::string base = fixtures::kOrg;
    CHECK(same_as_dom_path(base));
    // Members the loader ignores, a null optional member, text to normalise (NFD "Ê").
    CHECK(same_as_dom_path(replaced(base, R"("level": "so"},)",
                                    R"("level": "so", "note": "x", "rank": 3, "agency": null},)")));
    CHECK(same_as_dom_path(replaced(base, "Ban Ê", "Ban E\xCC\x82")));
    CHECK(same_as_dom_path(replaced(base, R"("id": "s1")", R"("id": "\u0073\u0031")")));
    // "units" before "agencies", and a key named "units" deeper in the tree.
    std::string units_first = replaced(base, R"("province": {"name": "Đồng Nai"},)",
                                       R"("province": {"name": "Đồng Nai", "units": [1]},)");
    CHECK(same_as_dom_path(units_first));
    const std::string dir = std::string(VANBAN_SOURCE_DIR) + "/samples/dong-nai/";
    CHECK(same_as_dom_path(read_text_file(dir + "org.json")));
}

TEST_CASE("organisation: the SAX pass declines errors and unusual shapes") {
    const std::string base = fixtures::kOrg;
    const std::string unit = R"({"id": "s1", "name": "Ban Dương", "level": "so"})";
    const std::vector<std::string> variants{
        replaced(base, R"("id": "s2")", R"("id": "s1")"),
        replaced(base, R"("level": "huyen"},)", R"("level": "tinh"},)"),
        replaced(base, R"("district": "h2")", R"("district": "s1")"),
        replaced(base, R"(, "district": "h2")", ""),
        replaced(base, R"("level": "so"})", R"("level": "so", "district": "h1"})"),
        replaced(base, R"("agency": "syt")", R"("agency": "snv")"),
        replaced(base, R"("agency": "syt")", R"("agency": 7)"),
        replaced(base, R"("id": "s4")", R"("id": "S 4")"),
        replaced(base, R"("id": "s4")", R"("id": 4)"),
        replaced(base, R"("id": "s4", "name": "Ban Ân", )", R"("id": "s4", )"),
        replaced(base, R"("id": "s4")", R"("id": "s4", "id": "s5")"),
        replaced(base, R"("id": "s4")", R"("id": "s4", "\u0069d": "s5")"),
        replaced(base, R"("name": "Đồng Nai"})", R"("name": "Đồng Nai", "name": "X"})"),
        replaced(base, R"("authority": "KT.")", R"("authority": "K.")"),
        replaced(base, unit, "7"),
        replaced(base, unit, R"({"id": "s1", "name": "Ban Dương", "level": "so", "x": {}})"),
        replaced(base, "Ban Dương", "Ban D\xFFng"),
        replaced(base, R"("level": "so"},)", R"("level": "so"},,)"),
        base + "x",
        R"({"province": {"name": "A"}, "agencies": []})",
        R"({"province": {"name": "A"}, "agencies": [], "units": 3})",
        R"([{"province": {"name": "A"}, "agencies": [], "units": []}])",
    };
    for (const std::string& bad : variants) CHECK_FALSE(same_as_dom_path(bad));
}
