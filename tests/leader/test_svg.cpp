// The leaders' charts (src/leader/svg) and page contexts: bar lengths against the raw counts of
// the data file (not scoring's rates), "không phát sinh" without a bar, axis ends, the same
// figures giving the same bytes, and the trend's quarters.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "leader/leader.hpp"
#include "leader/svg.hpp"
#include "model/dataset.hpp"

using namespace vanban;
namespace svg = vanban::leader::svg;

namespace {

const std::string kSamples = VANBAN_SAMPLES;

double attr(const std::string& s, const std::string& cls, const std::string& name) {
    const std::regex re("class=\"" + cls + "\"[^>]*\\b" + name + "=\"([-0-9.]+)\"");
    std::smatch m;
    REQUIRE(std::regex_search(s, m, re));
    return std::stod(m[1]);
}

}  // namespace

TEST_CASE("a bar is rate/100 of the scale, clamped, with a tick at the target") {
    CHECK(svg::bar_length_mm(96.5, 38) == Approx(36.67));
    CHECK(svg::bar_length_mm(120, 38) == 38);
    CHECK(svg::bar_length_mm(-1, 38) == 0);
    const std::string met = svg::bar(96.5, 90, true, 38, 4);
    CHECK(attr(met, "rate", "width") == Approx(36.670).margin(0.0005));
    CHECK(attr(met, "target", "x1") == Approx(34.2).margin(0.0005));
    CHECK(met.find(svg::kMet) != std::string::npos);
    const std::string missed = svg::bar(50, 97, false, 38, 4);
    CHECK(missed.find(svg::kMissed) != std::string::npos);
    CHECK(missed.find(svg::kMet) == std::string::npos);
    const std::string kps = svg::bar(std::nullopt, 97, false, 38, 4);
    CHECK(kps.find("class=\"rate\"") == std::string::npos);
    CHECK(kps.find("class=\"target\"") != std::string::npos);
}

TEST_CASE("line charts: axis from a round value below the figures, gaps stay gaps") {
    CHECK(svg::axis_floor({96.0, 98.0}, 97.0) == 90);
    CHECK(svg::axis_floor({45.0, std::nullopt}, 30.0) == 20);
    CHECK(svg::axis_floor({3.0}, std::nullopt) == 0);
    svg::LineChart c;
    c.values = {90.0, std::nullopt, 95.0, 99.0};
    c.target = 94;
    c.last_quarter = 4;
    const std::string s = svg::line_chart(c);
    // Three points; segments only between consecutive quarters with values (III–IV).
    CHECK(std::count(s.begin(), s.end(), 'c') > 0);
    std::size_t points = 0, pos = 0;
    while ((pos = s.find("class=\"point\"", pos)) != std::string::npos) ++points, ++pos;
    CHECK(points == 3);
    CHECK(s == svg::line_chart(c));  // deterministic
    c.last_quarter = 2;              // the period ends in Q2: later quarters are not drawn
    const std::string q2 = svg::line_chart(c);
    points = 0, pos = 0;
    while ((pos = q2.find("class=\"point\"", pos)) != std::string::npos) ++points, ++pos;
    CHECK(points == 1);
}

TEST_CASE("every unit page of 2024-Q2: bars equal the data file's numerator/denominator") {
    const auto ds = model::load_dataset(kSamples + "/org.json", {kSamples}, {kSamples},
                                        *model::Period::parse("2024-Q2"));
    const auto table = scoring::score_dataset(ds);
    const auto series = leader::load_series(ds, {kSamples});
    CHECK(series.last_quarter == 2);
    CHECK(series.tables[0].has_value());
    CHECK(series.tables[1].has_value());
    CHECK_FALSE(series.tables[2].has_value());
    leader::LeaderOptions o;
    o.templates_root = VANBAN_TEMPLATES;
    const auto doc = leader::build_document(ds, table, series, o);
    REQUIRE(doc.units.size() == ds.org.units.size());

    std::ifstream in(kSamples + "/du-lieu-2024-Q2.json");
    const auto raw = nlohmann::json::parse(in);
    std::map<std::string, nlohmann::json> counts;
    for (const auto& u : raw["units"]) counts[u["unit"]] = u["counts"];
    std::size_t bars = 0, kps = 0;
    for (std::size_t i = 0; i < doc.units.size(); ++i) {
        const auto& page = doc.units[i];
        const auto& c = counts.at(doc.unit_ids[i]);
        for (const auto& ind : page["indicators"]) {
            const auto& n = c.at(ind["id"].get<std::string>());
            const double num = n["numerator"], den = n["denominator"];
            const std::string s = ind["svg"];
            if (den == 0) {
                CHECK(s.find("class=\"rate\"") == std::string::npos);
                CHECK(ind["result"] == "không chấm");
                CHECK(s.find(">Không phát sinh</text>") != std::string::npos);
                ++kps;
                continue;
            }
            INFO(doc.unit_ids[i] << " " << ind["id"]);
            CHECK(attr(s, "rate", "width") ==
                  Approx(num / den * leader::kBarWidthMm).margin(0.0005));
            ++bars;
        }
    }
    CHECK(bars > 900);  // 992 in the samples
    // The summary's three pages come first in the PDF.
    CHECK(doc.summary["pages"].size() == 3);
    // Same input, same HTML.
    const auto html = leader::render_html(nlohmann::ordered_json::array({doc.units[0]}), "t", o);
    CHECK(html == leader::render_html(nlohmann::ordered_json::array({doc.units[0]}), "t", o));
    CHECK(html.find("<svg") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
}

TEST_CASE("a trend's value labels keep clear of the dashed target line") {
    // A point just under the target: its label above would be struck through by the line (the
    // dashboard's unit page showed "93,9" crossed by the target at 97). Where neither side of
    // the point is free (the unit page's 11.5 mm sparklines), a white ground lies under the label.
    struct Case {
        std::vector<std::optional<double>> values;
        double target, w, h;
        bool compact;
    };
    const Case cases[] = {{{88.0, 89.2, 91.0, 86.0}, 90, 38, 26, false},
                          {{88.0, 89.2, 91.0, 86.0}, 90, 38, 26, true},
                          {{93.9, 96.3, 93.9, 94.1}, 97, 34, 11.5, true},
                          {{52.0, 50.5, 52.4, 52.3}, 55, 34, 11.5, true}};
    for (const auto& k : cases) {
        svg::LineChart c;
        c.values = k.values;
        c.target = k.target;
        c.compact = k.compact;
        c.width_mm = k.w;
        c.height_mm = k.h;
        const std::string s = svg::line_chart(c);
        const double ty = attr(s, "target", "y1");
        const std::regex label(
            "(<rect class=\"label-ground\" x=\"([-0-9.]+)\" y=\"([-0-9.]+)\" width=\"([0-9.]+)\" "
            "height=\"([0-9.]+)\"[^>]*/>)?<text x=\"([-0-9.]+)\" y=\"([-0-9.]+)\" "
            "font-size=\"([0-9.]+)\"[^>]*>([0-9]+,[0-9])</text>");
        int labels = 0;
        for (auto it = std::sregex_iterator(s.begin(), s.end(), label);
             it != std::sregex_iterator(); ++it) {
            const auto& m = *it;
            const double y = std::stod(m[7]), size = std::stod(m[8]);
            ++labels;
            INFO("label " << m[9] << " baseline " << y << ", target line at " << ty);
            // Digits span about 0.75 em above the baseline, the comma 0.25 em below it.
            const bool crosses = ty > y - size * 0.75 - 0.2 && ty < y + size * 0.25 + 0.2;
            if (!crosses) continue;
            REQUIRE(m[1].matched);  // struck through unless a white ground lies under it
            const double gy = std::stod(m[3]), gh = std::stod(m[5]);
            CHECK((gy <= ty && ty <= gy + gh));
            CHECK(std::stod(m[2]) < std::stod(m[6]));
            CHECK(std::stod(m[2]) + std::stod(m[4]) > std::stod(m[6]));
        }
        CHECK(labels == 4);
    }
}
