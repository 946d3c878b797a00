#include "web/letter_form.hpp"

#include <regex>
#include <sstream>

namespace vanban::web {

using Json = nlohmann::ordered_json;

namespace {

std::string trim(std::string s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    const auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        out.push_back(line);
    }
    return out;
}

std::vector<std::string> nonempty_lines(const std::string& text) {
    std::vector<std::string> out;
    for (auto& l : split_lines(text))
        if (auto t = trim(l); !t.empty()) out.push_back(t);
    return out;
}

bool starts_with(const std::string& s, const std::string& p) {
    return s.rfind(p, 0) == 0;
}

const std::regex& number_re() {
    static const std::regex re("^-?[0-9]+(\\.[0-9]+)?$");
    return re;
}

// "| a | b |" -> cells; "\|" is a literal bar.
std::vector<std::string> table_cells(const std::string& line) {
    std::vector<std::string> cells;
    std::string cur;
    for (std::size_t i = 1; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
            cur += '|';
            ++i;
        } else if (line[i] == '|') {
            cells.push_back(trim(cur));
            cur.clear();
        } else {
            cur += line[i];
        }
    }
    if (!trim(cur).empty()) cells.push_back(trim(cur));
    return cells;
}

Json cell_value(const std::string& c) {
    if (std::regex_match(c, number_re())) return Json::parse(c);
    if (starts_with(c, "'")) return c.substr(1);
    return c;
}

std::string cell_text(const Json& v) {
    std::string s = v.is_string() ? v.get<std::string>() : v.dump();
    if (v.is_string() && (std::regex_match(s, number_re()) || starts_with(s, "'"))) s = "'" + s;
    std::string out;
    for (char ch : s) {
        if (ch == '|') out += '\\';
        out += ch;
    }
    return out;
}

struct Prefix {
    const char* text;
    const char* key;
};
const Prefix kPrefixes[] = {{"mục:", "muc"}, {"khoản:", "khoan"}, {"điểm:", "diem"},
                            {"đoạn:", "p"},  {"- ", "dash"},      {"+ ", "plus"}};

// One line (already unindented) to a block, or a table row when it starts with '|'.
Json line_block(const std::string& t) {
    for (const auto& p : kPrefixes)
        if (starts_with(t, p.text))
            return Json{{p.key, trim(t.substr(std::string(p.text).size()))}};
    if (t == "-") return Json{{"dash", ""}};
    return Json{{"p", t}};
}

// Parses lines into blocks; rows of '|' lines become one table.
void parse_lines(const std::vector<std::pair<int, std::string>>& lines, Json& blocks,
                 std::vector<int>* line_of) {
    Json* table = nullptr;
    for (const auto& [no, t] : lines) {
        if (t.empty()) {
            table = nullptr;
            continue;
        }
        if (t[0] == '|') {
            auto cells = table_cells(t);
            if (!table) {
                Json tb = {{"columns", Json::array()}, {"rows", Json::array()}};
                for (auto& c : cells) tb["columns"].push_back(c);
                blocks.push_back(Json{{"table", tb}});
                if (line_of) line_of->push_back(no);
                table = &blocks.back()["table"];
            } else {
                Json row = Json::array();
                for (auto& c : cells) row.push_back(cell_value(c));
                (*table)["rows"].push_back(row);
            }
            continue;
        }
        table = nullptr;
        blocks.push_back(line_block(t));
        if (line_of) line_of->push_back(no);
    }
}

std::string block_line(const Json& b) {
    for (const auto& p : kPrefixes) {
        if (!b.contains(p.key) || !b[p.key].is_string()) continue;
        std::string text = b[p.key].get<std::string>();
        if (std::string(p.key) == "p") {
            // A paragraph that would read as another block keeps an explicit prefix.
            bool ambiguous = text.empty() || text[0] == '|';
            for (const auto& q : kPrefixes) ambiguous = ambiguous || starts_with(text, q.text);
            return ambiguous ? "đoạn: " + text : text;
        }
        return std::string(p.text) + (std::string(p.text).back() == ' ' ? "" : " ") + text;
    }
    return "";
}

void format_blocks(const Json& blocks, const std::string& indent, std::string& out) {
    bool last_table = false;
    for (const auto& b : blocks) {
        if (b.contains("table")) {
            if (last_table) out += "\n";
            const Json& t = b["table"];
            out += indent + "|";
            for (const auto& c : t.value("columns", Json::array()))
                out += " " + cell_text(c) + " |";
            out += "\n";
            for (const auto& row : t.value("rows", Json::array())) {
                out += indent + "|";
                for (const auto& c : row) out += " " + cell_text(c) + " |";
                out += "\n";
            }
            last_table = true;
            continue;
        }
        last_table = false;
        out += indent + block_line(b) + "\n";
        if (b.contains("children")) format_blocks(b["children"], indent + "  ", out);
    }
}

std::string join_lines(const Json& arr) {
    std::string out;
    if (!arr.is_array()) return out;
    for (const auto& v : arr)
        if (v.is_string()) out += v.get<std::string>() + "\n";
    return out;
}

Json lines_array(const std::string& text) {
    Json a = Json::array();
    for (auto& l : nonempty_lines(text)) a.push_back(l);
    return a;
}

std::string field(const FormFields& f, const std::string& name) {
    auto it = f.find(name);
    return it == f.end() ? "" : it->second;
}

// Sets or removes an optional string member.
void set_optional(Json& j, const char* key, const std::string& value) {
    if (value.empty())
        j.erase(key);
    else
        j[key] = value;
}

}  // namespace

BlockText parse_block_text(const std::string& text) {
    BlockText r;
    std::vector<std::pair<int, std::string>> top;
    // Indented lines belong to the khoản above them.
    std::vector<std::vector<std::pair<int, std::string>>> children;
    int no = 0;
    for (const auto& raw : split_lines(text)) {
        ++no;
        const bool indented = !raw.empty() && (raw[0] == ' ' || raw[0] == '\t');
        const std::string t = trim(raw);
        if (indented && !t.empty() && !top.empty() && starts_with(top.back().second, "khoản:")) {
            children.back().emplace_back(no, t);
            continue;
        }
        top.emplace_back(no, t);
        children.emplace_back();
    }
    // Parse top-level lines one by one so each khoản gets its children.
    Json* table = nullptr;
    for (std::size_t i = 0; i < top.size(); ++i) {
        const auto& [line_no, t] = top[i];
        if (!t.empty() && t[0] == '|' && table) {
            Json row = Json::array();
            for (auto& c : table_cells(t)) row.push_back(cell_value(c));
            (*table)["rows"].push_back(row);
            continue;
        }
        std::size_t before = r.blocks.size();
        parse_lines({top[i]}, r.blocks, &r.lines);
        table = nullptr;
        if (r.blocks.size() > before && r.blocks.back().contains("table"))
            table = &r.blocks.back()["table"];
        if (!children[i].empty() && r.blocks.size() > before) {
            Json kids = Json::array();
            parse_lines(children[i], kids, nullptr);
            r.blocks.back()["children"] = kids;
        }
    }
    return r;
}

std::string format_block_text(const Json& blocks) {
    std::string out;
    if (blocks.is_array()) format_blocks(blocks, "", out);
    return out;
}

FormFields form_from_letter(const Json& l) {
    FormFields f;
    for (const char* k :
         {"type", "agency", "drafting_unit", "date", "trich_yeu", "urgency", "secrecy", "luu"})
        if (l.contains(k) && l[k].is_string()) f[k] = l[k].get<std::string>();
    f["kinh_gui"] = join_lines(l.value("kinh_gui", Json::array()));
    f["can_cu"] = join_lines(l.value("can_cu", Json::array()));
    f["noi_nhan"] = join_lines(l.value("noi_nhan", Json::array()));
    f["body"] = format_block_text(l.value("body", Json::array()));
    if (l.contains("signer")) {
        const Json& s = l["signer"];
        if (s.is_string()) f["signer"] = s.get<std::string>();
        if (s.is_object() && s.contains("id") && s["id"].is_string())
            f["signer"] = s["id"].get<std::string>();
    }
    if (l.contains("drafter") && l["drafter"].is_object()) {
        const Json& d = l["drafter"];
        if (d.contains("initials") && d["initials"].is_string())
            f["drafter_initials"] = d["initials"].get<std::string>();
        if (d.contains("copies")) f["drafter_copies"] = d["copies"].dump();
    }
    const Json apps = l.value("appendices", Json::array());
    for (std::size_t i = 0; i < apps.size(); ++i) {
        const std::string n = "appendix" + std::to_string(i + 1);
        const Json& a = apps[i];
        if (!a.is_object()) continue;
        f[n + "_title"] = a.value("title", "");
        f[n + "_subtitle"] = a.value("subtitle", "");
        f[n + "_body"] = format_block_text(a.value("body", Json::array()));
    }
    return f;
}

Json letter_from_form(Json l, const FormFields& f) {
    for (const char* k : {"type", "agency", "date", "trich_yeu"}) l[k] = trim(field(f, k));
    for (const char* k : {"drafting_unit", "urgency", "secrecy", "luu"})
        set_optional(l, k, trim(field(f, k)));
    for (const char* k : {"kinh_gui", "can_cu", "noi_nhan"}) {
        Json a = lines_array(field(f, k));
        if (a.empty() && std::string(k) == "can_cu")
            l.erase(k);
        else
            l[k] = a;
    }
    l["body"] = parse_block_text(field(f, "body")).blocks;
    const std::string signer = trim(field(f, "signer"));
    if (l.contains("signer") && l["signer"].is_object())
        l["signer"]["id"] = signer;
    else
        l["signer"] = signer;
    const std::string initials = trim(field(f, "drafter_initials"));
    const std::string copies = trim(field(f, "drafter_copies"));
    if (initials.empty() && copies.empty()) {
        l.erase("drafter");
    } else {
        Json d = {{"initials", initials}};
        if (!copies.empty()) {
            // Not a number: kept as text, so that the validator names the field.
            d["copies"] = std::regex_match(copies, std::regex("^[0-9]{1,6}$")) ? Json::parse(copies)
                                                                               : Json(copies);
        }
        l["drafter"] = d;
    }
    Json apps = Json::array();
    const Json old = l.value("appendices", Json::array());
    const int slots = std::max<int>(kAppendixSlots, static_cast<int>(old.size()));
    for (int i = 0; i < slots; ++i) {
        const std::string n = "appendix" + std::to_string(i + 1);
        const std::string title = trim(field(f, n + "_title"));
        const std::string subtitle = trim(field(f, n + "_subtitle"));
        const std::string body = field(f, n + "_body");
        if (title.empty() && subtitle.empty() && trim(body).empty()) continue;
        Json a = {{"title", title}};
        if (!subtitle.empty()) a["subtitle"] = subtitle;
        a["body"] = parse_block_text(body).blocks;
        apps.push_back(a);
    }
    if (apps.empty())
        l.erase("appendices");
    else
        l["appendices"] = apps;
    return l;
}

std::string block_location(const std::string& pointer, const std::string& body_text,
                           const std::string& prefix) {
    if (!starts_with(pointer, prefix)) return "";
    std::size_t end = pointer.find('/', prefix.size());
    int index = 0;
    try {
        index = std::stoi(pointer.substr(prefix.size(), end - prefix.size()));
    } catch (const std::exception&) {
        return "";
    }
    const BlockText bt = parse_block_text(body_text);
    if (index < 0 || static_cast<std::size_t>(index) >= bt.lines.size()) return "";
    return "khối thứ " + std::to_string(index + 1) + ", dòng " +
           std::to_string(bt.lines[static_cast<std::size_t>(index)]);
}

}  // namespace vanban::web
