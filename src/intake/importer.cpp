#include "intake/importer.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "intake/form_layout.hpp"
#include "intake/import_internal.hpp"
#include "intake/mapping.hpp"
#include "intake/xlsx_reader.hpp"
#include "model/indicator_data.hpp"

namespace vanban::intake {

namespace {

std::string lower_extension(const std::string& path) {
    auto dot = path.rfind('.');
    auto slash = path.rfind('/');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
    std::string e = path.substr(dot + 1);
    for (char& ch : e)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return e;
}

bool read_bytes(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream s;
    s << in.rdbuf();
    out = s.str();
    return !in.bad();
}

bool expected_level(const ImportOptions& o, model::Level l) {
    return o.levels.empty() || std::find(o.levels.begin(), o.levels.end(), l) != o.levels.end();
}

// The indicator data document in the loader's format, units in the organisation's order and
// counts in the method's order.
std::string to_json(const Collected& c, const model::Quarter& q, std::size_t& units) {
    model::Json doc;
    doc["period"] = q.code();
    doc["units"] = model::Json::array();
    const std::size_t n = c.method.indicators.size();
    units = 0;
    for (std::size_t ui = 0; ui < c.org.units.size(); ++ui) {
        if (c.seen_at[ui].empty()) continue;
        model::Json counts = model::Json::object();
        for (std::size_t k = 0; k < n; ++k) {
            if (!c.applies(ui, k)) continue;
            const auto& v = c.counts[ui * n + k];
            counts[c.method.indicators[k].id] = {{"numerator", v.numerator},
                                                 {"denominator", v.denominator}};
        }
        doc["units"].push_back({{"unit", c.org.units[ui].id}, {"counts", std::move(counts)}});
        ++units;
    }
    return doc.dump(1) + "\n";
}

}  // namespace

ImportResult import_data(const ImportOptions& options, const model::Organisation& org,
                         const model::Method& method, const model::Quarter& quarter) {
    ImportResult result;
    std::optional<Mapping> mapping;
    if (options.mapping) mapping = load_mapping(*options.mapping, method);
    Collected c(org, method, result.issues);

    if (mapping) {
        // Every indicator scored at an expected level needs its columns.
        for (std::size_t k = 0; k < method.indicators.size(); ++k) {
            bool needed = false;
            for (const auto& u : org.units)
                if (expected_level(options, u.level) &&
                    method.indicators[k].target_h[static_cast<std::size_t>(u.level)])
                    needed = true;
            bool mapped = std::any_of(mapping->indicators.begin(), mapping->indicators.end(),
                                      [&](const MappedIndicator& mi) { return mi.indicator == k; });
            if (needed && !mapped)
                c.issues.error(mapping->source, "/indicators",
                               "thiếu cột của chỉ tiêu \"" + method.indicators[k].id + "\" (" +
                                   method.indicators[k].name + ")");
        }
        if (c.issues.errors()) return result;
    }

    for (const auto& file : options.files) {
        std::string ext = lower_extension(file);
        try {
            if (ext == "xlsx" || ext == "xlsm") {
                XlsxBook book = XlsxBook::open(file);
                if (book.sheet_index(form::kIdsSheet) >= 0) {
                    import_form(book, quarter, c);
                } else if (mapping) {
                    import_mapped(file, &book, nullptr, *mapping, c);
                } else {
                    c.issues.error(file, "",
                                   "không phải mẫu do vanban lập (không có trang _vanban): "
                                   "cần --mapping để biết cột nào là số liệu nào");
                }
            } else if (ext == "csv" || ext == "txt" || ext == "tsv") {
                if (!mapping) {
                    c.issues.error(file, "",
                                   "tệp CSV cần --mapping để biết cột nào là số liệu nào");
                    continue;
                }
                std::string bytes;
                if (!read_bytes(file, bytes)) {
                    c.issues.error(file, "", "không đọc được tệp");
                    continue;
                }
                CsvText text = decode_csv(file, bytes, options.encoding);
                bytes.clear();
                bytes.shrink_to_fit();
                import_mapped(file, nullptr, &text.text, *mapping, c);
            } else {
                c.issues.error(file, "", "chỉ đọc được tệp .xlsx và .csv");
            }
        } catch (const ReadError& e) {
            c.issues.error(e.file, "", e.detail);
        }
    }

    // Units expected and found nowhere.
    for (std::size_t ui = 0; ui < org.units.size(); ++ui)
        if (c.seen_at[ui].empty() && expected_level(options, org.units[ui].level)) {
            c.issues.set_subject(org.units[ui].id);
            c.issues.error(
                options.files.size() == 1 ? options.files.front() : std::string("(các tệp)"), "",
                "thiếu số liệu của đơn vị \"" + org.units[ui].id + "\" (" + org.units[ui].name +
                    ")");
        }
    // A unit that reported nothing at all: không phát sinh.
    const std::size_t n = method.indicators.size();
    for (std::size_t ui = 0; ui < org.units.size(); ++ui) {
        if (c.seen_at[ui].empty()) continue;
        bool any = false, some = false;
        for (std::size_t k = 0; k < n; ++k)
            if (c.applies(ui, k)) {
                some = true;
                if (c.counts[ui * n + k].denominator > 0) any = true;
            }
        if (some && !any) {
            c.issues.set_subject(org.units[ui].id);
            c.issues.warning(c.seen_file[ui], c.seen_where[ui],
                             "đơn vị \"" + org.units[ui].id + "\" (" + org.units[ui].name +
                                 ") không phát sinh: mọi mẫu số bằng 0");
        }
    }
    c.issues.clear_subject();
    if (c.issues.errors()) return result;

    result.json = to_json(c, quarter, result.units);
    // The same loader every other command uses must accept it.
    model::parse_quarter_data(
        model::JsonDocument::parse(model::data_file_name(quarter), result.json), org, method);
    return result;
}

}  // namespace vanban::intake
