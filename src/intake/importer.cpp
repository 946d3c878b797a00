#include "intake/importer.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

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

// A JSON string literal as nlohmann::json::dump writes it (ids are ASCII by the organisation's
// and the targets' rules; anything else goes through the library itself).
void put_string(std::string& out, const std::string& s) {
    for (unsigned char ch : s)
        if (ch < 0x20 || ch >= 0x7F || ch == '"' || ch == '\\') {
            out += model::Json(s).dump();
            return;
        }
    out += '"';
    out += s;
    out += '"';
}

void put_int(std::string& out, std::int64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

// The indicator data document in the loader's format, byte for byte what
// model::Json::dump(1) wrote for it before (written directly: building the document as a tree
// took a fifth of the import's time): units in the organisation's order, counts in the method's.
std::string to_json(const Collected& c, const model::Quarter& q, std::size_t& units) {
    const std::size_t n = c.method.indicators.size();
    std::vector<std::string> keys(n);  // "    \"on_time\": {\n     \"numerator\": "
    for (std::size_t k = 0; k < n; ++k) {
        keys[k] = "    ";
        put_string(keys[k], c.method.indicators[k].id);
        keys[k] += ": {\n     \"numerator\": ";
    }
    std::string out;
    out.reserve(64 + c.org.units.size() * (64 + n * 80));
    out += "{\n \"period\": ";
    put_string(out, q.code());
    out += ",\n \"units\": [";
    units = 0;
    for (std::size_t ui = 0; ui < c.org.units.size(); ++ui) {
        if (c.seen_at[ui].empty()) continue;
        out += units == 0 ? "\n  {\n   \"unit\": " : ",\n  {\n   \"unit\": ";
        put_string(out, c.org.units[ui].id);
        out += ",\n   \"counts\": {";
        bool first = true;
        for (std::size_t k = 0; k < n; ++k) {
            if (!c.applies(ui, k)) continue;
            const auto& v = c.counts[ui * n + k];
            out += first ? "\n" : ",\n";
            first = false;
            out += keys[k];
            put_int(out, v.numerator);
            out += ",\n     \"denominator\": ";
            put_int(out, v.denominator);
            out += "\n    }";
        }
        out += first ? "}\n  }" : "\n   }\n  }";
        ++units;
    }
    out += units == 0 ? "]\n}\n" : "\n ]\n}\n";
    return out;
}

// What model::parse_quarter_data would check of this document, checked on the counts held
// (parsing the text back took another fifth of the time). Every rule holds by construction
// (units from the organisation, once each; counts from read_count and store_pair; every
// indicator of the unit's level written): a failure here is a bug in the importer, not bad input.
void check_like_loader(const Collected& c) {
    constexpr std::int64_t kMax = 1'000'000'000'000LL;
    const std::size_t n = c.method.indicators.size();
    for (std::size_t ui = 0; ui < c.org.units.size(); ++ui) {
        if (c.seen_at[ui].empty()) continue;
        for (std::size_t k = 0; k < n; ++k) {
            const auto& v = c.counts[ui * n + k];
            if (v.numerator < 0 || v.denominator < 0 || v.denominator > kMax ||
                v.numerator > v.denominator || (!c.applies(ui, k) && v.denominator != 0))
                throw std::logic_error("vanban data import: số liệu của đơn vị \"" +
                                       c.org.units[ui].id + "\" sai sau khi nhập (lỗi của vanban)");
        }
    }
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

    check_like_loader(c);
    result.json = to_json(c, quarter, result.units);
    return result;
}

}  // namespace vanban::intake
