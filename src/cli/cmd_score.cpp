// `vanban score`: loads and validates the organisation, targets and quarter data, scores the
// requested period and prints the ranking as an aligned table (Vietnamese number formats) or as
// JSON with every figure. Input errors stop the run before anything is computed or printed.
#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/dataset_options.hpp"
#include "model/dataset.hpp"
#include "scoring/score.hpp"
#include "vn/format.hpp"
#include "vn/text.hpp"

namespace vanban::cli {

namespace {

using model::Level;
using scoring::ScoreTable;
using scoring::UnitScore;

constexpr const char* kUsage =
    "Cách dùng: vanban score --org ORG.json --targets CHI_TIEU --data SO_LIEU --period KỲ\n"
    "                        [--level so|huyen|xa] [--json]\n\n"
    "  --org TỆP        tệp tổ chức (org.json): tỉnh, cơ quan, các đơn vị được chấm điểm\n"
    "  --targets ĐƯỜNG  tệp chi-tieu-YYYY.json hoặc thư mục chứa chúng (lặp lại được)\n"
    "  --data ĐƯỜNG     tệp du-lieu-YYYY-Qn.json hoặc thư mục chứa chúng (lặp lại được)\n"
    "  --period KỲ      2024-Q2 (quý), 2024-6T (6 tháng), 2024-9T (9 tháng) hoặc 2024 (năm)\n"
    "  --level CẤP      chỉ in một cấp: so (sở, ban, ngành), huyen (huyện, thành phố),\n"
    "                   xa (xã, phường, thị trấn); lặp lại được\n"
    "  --json           in JSON đầy đủ số liệu (số đếm, tỷ lệ, điểm, tổng, xếp loại, hạng)\n\n"
    "Mã thoát: 0 thành công, 1 dữ liệu đầu vào sai, 2 sai cách dùng.\n";

struct Options {
    DatasetOptions dataset;
    bool json = false;
};

int usage_error(const std::string& message) {
    std::cerr << "vanban score: " << message << "\n\n" << kUsage;
    return 2;
}

std::string signed_int(int v) {
    if (v > 0) return "+" + std::to_string(v);
    if (v < 0) return "−" + std::to_string(-v);
    return "0";
}

std::string signed_number(double v) {
    if (v > 0) return "+" + vn::number(v, 2);
    if (v < 0) return "−" + vn::number(-v, 2);
    return "0";
}

// The footnote of a comparison across two different methods ("" when they score alike).
std::string method_note(const ScoreTable& t) {
    if (!t.has_previous || t.same_method || !t.previous_method) return "";
    return "Kỳ này (" + t.period.label_vi() + ") chấm theo " + model::method_label_vi(*t.method) +
           "; kỳ trước (" + t.previous_period.label_vi() + ") chấm theo " +
           model::method_label_vi(*t.previous_method) +
           ". Hai bộ chỉ tiêu khác nhau (chỉ tiêu, điểm tối đa hoặc mức chỉ tiêu): chênh lệch "
           "điểm và hạng không phản ánh tiến bộ hay sụt giảm.";
}

// "Xã Tân An (Huyện Vĩnh Cửu): quý IV/2023", one per unit absent from a quarter's file.
std::vector<std::pair<const UnitScore*, std::string>> missing_units(
    const model::Dataset& ds, const ScoreTable& t, const std::vector<Level>& levels) {
    std::vector<std::pair<const UnitScore*, std::string>> out;
    for (const UnitScore& r : t.rows) {
        if (!r.missing_data()) continue;
        if (std::find(levels.begin(), levels.end(), r.level) == levels.end()) continue;
        // A list of names stands alone: communes carry their district.
        const model::Unit& u = ds.org.units[static_cast<std::size_t>(r.unit)];
        std::string text = u.name;
        if (u.level == Level::xa && u.district_index >= 0)
            text += " (" + ds.org.units[static_cast<std::size_t>(u.district_index)].name + ")";
        text += ": ";
        for (std::size_t i = 0; i < r.missing_quarters.size(); ++i)
            text += (i ? ", " : "") + r.missing_quarters[i].label_vi();
        out.emplace_back(&r, std::move(text));
    }
    return out;
}

std::string missing_warning(std::size_t n) {
    return "chưa có số liệu (chưa báo cáo) của " + std::to_string(n) +
           " đơn vị: không chấm điểm, không xếp hạng, không tính vào bình quân kỳ này";
}

struct Column {
    std::string header;
    bool right = true;
};

// Prints rows aligned on code points (all text is NFC, so one code point is one column).
void print_aligned(std::ostream& out, const std::vector<Column>& cols,
                   const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> width(cols.size());
    for (std::size_t c = 0; c < cols.size(); ++c) width[c] = vn::codepoint_count(cols[c].header);
    for (const auto& r : rows)
        for (std::size_t c = 0; c < cols.size(); ++c)
            width[c] = std::max(width[c], vn::codepoint_count(r[c]));
    auto line = [&](const std::vector<std::string>& cells, bool header) {
        std::string s;
        for (std::size_t c = 0; c < cols.size(); ++c) {
            std::size_t pad = width[c] - vn::codepoint_count(cells[c]);
            bool right = cols[c].right && !header;
            if (c) s += "  ";
            if (right) s.append(pad, ' ');
            s += cells[c];
            if (!right && c + 1 < cols.size()) s.append(pad, ' ');
        }
        while (!s.empty() && s.back() == ' ') s.pop_back();
        out << s << '\n';
    };
    std::vector<std::string> head;
    for (const auto& c : cols) head.push_back(c.header);
    line(head, true);
    std::size_t total = 0;
    for (auto w : width) total += w;
    total += 2 * (cols.size() - 1);
    std::string rule;
    for (std::size_t i = 0; i < total; ++i) rule += "─";
    out << rule << '\n';
    for (const auto& r : rows) line(r, false);
}

void print_table(std::ostream& out, const model::Dataset& ds, const ScoreTable& t,
                 const std::vector<Level>& levels) {
    const model::Method& m = *t.method;
    const auto& org = ds.org;
    out << "BẢNG XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH " << vn::upper(t.period.label_vi()) << '\n';
    out << org.province.full_name << " — bộ chỉ tiêu năm " << m.year << " (" << m.source << ")\n";
    if (t.has_previous)
        out << "Thay đổi so với " << t.previous_period.label_vi() << '\n';
    else
        out << "Không so sánh với kỳ trước: " << ds.previous_unavailable << '\n';
    const std::string note = method_note(t);
    if (!note.empty()) out << "(*) " << note << '\n';
    const auto missing = missing_units(ds, t, levels);
    if (!missing.empty()) {
        out << "Cảnh báo: " << missing_warning(missing.size()) << ":\n";
        for (const auto& [r, text] : missing) out << "  - " << text << '\n';
    }
    for (Level level : levels) {
        const auto li = static_cast<std::size_t>(level);
        std::vector<std::size_t> inds;
        for (std::size_t k = 0; k < m.indicators.size(); ++k)
            if (m.indicators[k].target_h[li]) inds.push_back(k);
        std::vector<Column> cols{{"Hạng", true}, {"Đơn vị", false}};
        if (level == Level::xa) {
            cols.push_back({"Huyện, thành phố", false});
            cols.push_back({"Hạng huyện", true});
        }
        for (auto k : inds) cols.push_back({m.indicators[k].short_name, true});
        cols.push_back({"Tổng điểm", true});
        cols.push_back({"Xếp loại", false});
        const std::string star = note.empty() ? "" : " (*)";
        if (t.has_previous) {
            cols.push_back({"Hạng trước", true});
            cols.push_back({"Điểm trước", true});
        }
        cols.push_back({"± hạng" + star, true});
        cols.push_back({"± điểm" + star, true});

        std::vector<std::vector<std::string>> rows;
        for (const UnitScore& r : t.rows) {
            if (r.level != level) continue;
            const model::Unit& u = org.units[static_cast<std::size_t>(r.unit)];
            std::vector<std::string> cells;
            cells.push_back(r.has_total ? std::to_string(r.rank) : "—");
            cells.push_back(u.name);
            if (level == Level::xa) {
                cells.push_back(u.district_index >= 0
                                    ? org.units[static_cast<std::size_t>(u.district_index)].name
                                    : "");
                cells.push_back(r.has_total ? std::to_string(r.rank_in_district) : "—");
            }
            for (auto k : inds) {
                const auto& s = r.indicators[k];
                cells.push_back(s.scored ? vn::percent(s.rate, 1) : s.missing ? "—" : "KPS");
            }
            if (r.has_total) {
                cells.push_back(vn::number(r.total, 2));
                cells.push_back(r.band);
            } else {
                cells.push_back("—");
                std::string why;
                for (const auto& q : r.missing_quarters)
                    why += (why.empty() ? "" : ", ") + q.label_vi();
                cells.push_back(why.empty() ? "không có chỉ tiêu phát sinh"
                                            : "chưa có số liệu " + why);
            }
            if (t.has_previous) {
                cells.push_back(r.previous_ranked ? std::to_string(r.previous_rank) : "");
                cells.push_back(r.previous_ranked ? vn::number(r.previous_total, 2) : "");
            }
            cells.push_back(r.has_previous ? signed_int(r.rank_change) : "");
            cells.push_back(r.has_previous ? signed_number(r.total_change) : "");
            rows.push_back(std::move(cells));
        }
        out << '\n'
            << vn::upper(model::level_name_vi(level)) << " (" << rows.size() << " đơn vị)\n";
        print_aligned(out, cols, rows);
    }
    out << "\nKPS: không phát sinh (mẫu số bằng 0), không chấm; tổng điểm quy về thang 100 trên "
           "các chỉ tiêu được chấm.\n";
    if (!missing.empty())
        out << "—: chưa có số liệu (đơn vị không có trong tệp số liệu của một quý trong kỳ): "
               "không chấm, không xếp hạng.\n";
    if (!note.empty()) out << "(*) " << note << '\n';
}

nlohmann::ordered_json to_json(const model::Dataset& ds, const ScoreTable& t,
                               const std::vector<Level>& levels) {
    using J = nlohmann::ordered_json;
    const model::Method& m = *t.method;
    J out;
    out["period"] = t.period.code();
    out["period_label"] = t.period.label_vi();
    out["method_year"] = m.year;
    out["previous_period"] = t.has_previous ? J(t.previous_period.code()) : J(nullptr);
    if (!t.has_previous) out["previous_unavailable"] = ds.previous_unavailable;
    if (t.has_previous && t.previous_method) {
        out["previous_method_year"] = t.previous_method->year;
        out["same_method"] = t.same_method;
        if (!t.same_method) out["method_note"] = method_note(t);
    }
    J warnings = J::array();
    for (const auto& [r, text] : missing_units(ds, t, levels)) {
        J q = J::array();
        for (const auto& mq : r->missing_quarters) q.push_back(mq.code());
        warnings.push_back({{"kind", "missing_data"},
                            {"unit", ds.org.units[static_cast<std::size_t>(r->unit)].id},
                            {"quarters", q},
                            {"message", "chưa có số liệu (chưa báo cáo) " + text}});
    }
    out["warnings"] = std::move(warnings);
    J inds = J::array();
    for (const auto& ind : m.indicators) {
        J targets = J::object();
        for (int l = 0; l < model::kLevelCount; ++l)
            targets[std::string(model::level_id(static_cast<Level>(l)))] =
                ind.target_h[static_cast<std::size_t>(l)]
                    ? J(static_cast<double>(*ind.target_h[static_cast<std::size_t>(l)]) / 100.0)
                    : J(nullptr);
        inds.push_back({{"id", ind.id},
                        {"name", ind.name},
                        {"max_points", ind.max_points()},
                        {"targets", targets}});
    }
    out["indicators"] = inds;
    J units = J::array();
    for (const UnitScore& r : t.rows) {
        if (std::find(levels.begin(), levels.end(), r.level) == levels.end()) continue;
        const model::Unit& u = ds.org.units[static_cast<std::size_t>(r.unit)];
        J j;
        j["id"] = u.id;
        j["name"] = u.name;
        j["level"] = model::level_id(r.level);
        j["district"] = u.district.empty() ? J(nullptr) : J(u.district);
        J missing = J::array();
        for (const auto& q : r.missing_quarters) missing.push_back(q.code());
        j["missing_quarters"] = missing;
        j["status"] = r.missing_data() ? "missing_data" : r.has_total ? "ranked" : "not_scored";
        J ind = J::object();
        for (std::size_t k = 0; k < m.indicators.size(); ++k) {
            const auto& s = r.indicators[k];
            if (!s.applicable) continue;
            ind[m.indicators[k].id] = {{"numerator", s.missing ? J(nullptr) : J(s.numerator)},
                                       {"denominator", s.missing ? J(nullptr) : J(s.denominator)},
                                       {"scored", s.scored},
                                       {"missing", s.missing},
                                       {"rate", s.scored ? J(s.rate) : J(nullptr)},
                                       {"target", s.target},
                                       {"reached", s.scored ? J(s.reached) : J(nullptr)},
                                       {"points", s.scored ? J(s.points) : J(nullptr)},
                                       {"max_points", s.max_points}};
        }
        j["indicators"] = ind;
        j["scored_max_points"] = r.scored_max_points;
        j["raw_points"] = r.raw_points;
        j["total"] = r.has_total ? J(r.total) : J(nullptr);
        j["band"] = r.has_total ? J(r.band) : J(nullptr);
        j["rank"] = r.has_total ? J(r.rank) : J(nullptr);
        j["rank_in_district"] =
            r.has_total && r.level == Level::xa ? J(r.rank_in_district) : J(nullptr);
        j["previous_rank"] = r.previous_ranked ? J(r.previous_rank) : J(nullptr);
        j["previous_total"] = r.previous_ranked ? J(r.previous_total) : J(nullptr);
        j["rank_change"] = r.has_previous ? J(r.rank_change) : J(nullptr);
        j["total_change"] = r.has_previous ? J(r.total_change) : J(nullptr);
        units.push_back(std::move(j));
    }
    out["units"] = std::move(units);
    return out;
}

}  // namespace

int run_score(Args args) {
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view a = args[i];
        std::string error;
        switch (parse_dataset_option(args, i, o.dataset, error)) {
            case OptionParse::ok:
                continue;
            case OptionParse::error:
                return usage_error(error);
            case OptionParse::not_mine:
                break;
        }
        if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        } else if (a == "--json") {
            o.json = true;
        } else {
            return usage_error("không hiểu tham số \"" + std::string(a) + "\"");
        }
    }
    if (auto missing = finish_dataset_options(o.dataset)) return usage_error(*missing);

    model::Dataset ds;
    try {
        ds = load_dataset(o.dataset);
    } catch (const model::InputError& e) {
        std::cerr << "vanban score: " << e.what() << '\n';
        return 1;
    }
    ScoreTable table = scoring::score_dataset(ds);
    // The warning also goes to standard error, where scripts reading the table or JSON see it.
    if (const auto missing = missing_units(ds, table, o.dataset.levels); !missing.empty()) {
        std::cerr << "vanban score: cảnh báo: " << missing_warning(missing.size()) << ":\n";
        for (const auto& [r, text] : missing) std::cerr << "  - " << text << '\n';
    }
    if (o.json)
        std::cout << to_json(ds, table, o.dataset.levels).dump(2) << '\n';
    else
        print_table(std::cout, ds, table, o.dataset.levels);
    return std::cout.good() ? 0 : 1;
}

}  // namespace vanban::cli
