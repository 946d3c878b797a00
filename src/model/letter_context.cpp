#include "model/letter_context.hpp"

#include <cctype>
#include <filesystem>

#include "vn/text.hpp"

namespace vanban::model {

namespace {

// Offset of the "*" closing an italic run opened before `from`, skipping "**" pairs (bold may
// sit inside italic); npos when there is none.
std::size_t find_italic_close(std::string_view s, std::size_t from) {
    for (std::size_t k = from; k < s.size(); ++k) {
        if (s[k] != '*') continue;
        if (k + 1 < s.size() && s[k + 1] == '*') {
            auto close = s.find("**", k + 2);
            if (close == std::string_view::npos) return std::string_view::npos;
            k = close + 1;
            continue;
        }
        return k;
    }
    return std::string_view::npos;
}

void parse_runs(std::string_view s, bool bold, bool italic, std::vector<TextRun>& out) {
    std::string buf;
    auto flush = [&] {
        if (buf.empty()) return;
        if (!out.empty() && out.back().bold == bold && out.back().italic == italic)
            out.back().text += buf;
        else
            out.push_back({buf, bold, italic});
        buf.clear();
    };
    std::size_t i = 0;
    while (i < s.size()) {
        if (s.compare(i, 2, "**") == 0) {
            auto close = s.find("**", i + 2);
            if (close != std::string_view::npos && close > i + 2) {
                flush();
                parse_runs(s.substr(i + 2, close - i - 2), true, italic, out);
                i = close + 2;
                continue;
            }
        } else if (s[i] == '*') {
            auto close = find_italic_close(s, i + 1);
            if (close != std::string_view::npos && close > i + 1) {
                flush();
                parse_runs(s.substr(i + 1, close - i - 1), bold, true, out);
                i = close + 1;
                continue;
            }
        }
        buf += s[i++];
    }
    flush();
}

Json runs_json(std::string_view text) {
    Json runs = Json::array();
    for (const auto& r : parse_inline(text))
        runs.push_back({{"text", r.text}, {"bold", r.bold}, {"italic", r.italic}});
    return runs;
}

bool ends_with_stop(const std::string& s) {
    return !s.empty() && (s.back() == '.' || s.back() == ';' || s.back() == ':');
}

// Items numbered as Điều 8 of Phụ lục I writes them: khoản 1. 2. …, điểm a) b) … (the template
// formats the index with the `diem` filter). A khoản starts its điểm over at a); a mục (I. II. …,
// the `roman` filter) starts its khoản over at 1., as kế hoạch and báo cáo number them.
// file:// URL of a local image for wkhtmltopdf: every byte outside the unreserved set and "/"
// is percent-encoded (folders may have spaces or Vietnamese names).
std::string file_url(const std::filesystem::path& p) {
    static const char* hex = "0123456789ABCDEF";
    std::string out = "file://";
    for (unsigned char ch : p.string()) {
        if (std::isalnum(ch) || ch == '/' || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
            out += static_cast<char>(ch);
        } else {
            out += '%';
            out += hex[ch >> 4];
            out += hex[ch & 15];
        }
    }
    return out;
}

Json blocks_json(const std::vector<Block>& blocks) {
    Json out = Json::array();
    int muc = 0, khoan = 0, diem = 0;
    for (const auto& b : blocks) {
        Json j;
        switch (b.kind) {
            case BlockKind::p:
                j["kind"] = "p";
                break;
            case BlockKind::khoan:
                j["kind"] = "khoan";
                j["n"] = ++khoan;
                diem = 0;
                break;
            case BlockKind::diem:
                j["kind"] = "diem";
                j["n"] = ++diem;
                break;
            case BlockKind::muc:
                j["kind"] = "muc";
                j["n"] = ++muc;
                khoan = diem = 0;
                break;
            case BlockKind::dash:
                j["kind"] = "dash";
                break;
            case BlockKind::plus:
                j["kind"] = "plus";
                break;
            case BlockKind::table: {
                j["kind"] = "table";
                Json t;
                t["columns"] = b.table.columns;
                t["rows"] = b.table.rows;
                t["numeric"] = b.table.numeric;
                j["table"] = t;
                break;
            }
        }
        if (b.kind != BlockKind::table) j["runs"] = runs_json(b.text);
        j["children"] = blocks_json(b.children);
        out.push_back(std::move(j));
    }
    return out;
}

}  // namespace

std::vector<TextRun> parse_inline(std::string_view text) {
    std::vector<TextRun> out;
    parse_runs(text, false, false, out);
    return out;
}

std::string plain_text(std::string_view text) {
    std::string s;
    for (const auto& r : parse_inline(text)) s += r.text;
    return s;
}

LetterContext build_letter_context(const JsonDocument& doc, const Letter& l,
                                   const Organisation& org) {
    const Agency* agency = org.find_agency(l.agency);
    if (!agency) {
        std::string known;
        for (const auto& a : org.agencies) known += (known.empty() ? "" : ", ") + a.id;
        doc.fail("/agency", "cơ quan \"" + l.agency + "\" không có trong " + org.source +
                                " (có: " + known + ")");
    }
    const DraftingUnit* unit = nullptr;
    if (!l.drafting_unit.empty()) {
        for (const auto& u : agency->drafting_units)
            if (u.id == l.drafting_unit) unit = &u;
        if (!unit) {
            std::string known;
            for (const auto& u : agency->drafting_units)
                known += (known.empty() ? "" : ", ") + u.id;
            doc.fail("/drafting_unit", "đơn vị soạn thảo \"" + l.drafting_unit +
                                           "\" không thuộc cơ quan \"" + agency->id + "\" trong " +
                                           org.source + " (có: " + known + ")");
        }
    }
    const Signer* signer = nullptr;
    for (const auto& s : agency->signers)
        if (s.id == l.signer) signer = &s;
    if (!signer) {
        std::string known;
        for (const auto& s : agency->signers) known += (known.empty() ? "" : ", ") + s.id;
        doc.fail(l.signer_pointer, "người ký \"" + l.signer +
                                       "\" không có trong danh sách người ký của cơ quan \"" +
                                       agency->id + "\" trong " + org.source +
                                       " (có: " + (known.empty() ? "không ai" : known) + ")");
    }

    LetterContext out;
    out.agency_name = agency->name;
    const std::string symbol =
        vn::format_symbol(*l.type, agency->abbreviation, unit ? unit->abbreviation : "");
    const std::string so = l.number ? vn::format_number(*l.number) : "";
    out.so_ky_hieu = so + "/" + symbol;
    out.template_name = l.type->id == "cong-van" ? "cong-van.html" : "van-ban.html";

    Json& c = out.context;
    c["letter_id"] = l.id;
    c["type"] = std::string(l.type->id);
    c["type_name"] = std::string(l.type->name);
    c["is_cong_van"] = l.type->id == "cong-van";
    c["agency_name"] = agency->name;
    // Box 2: a string, broken where the column ends, or the agency's own lines (a list).
    c["header"] = {{"parent", agency->parent_lines.empty() ? Json(agency->parent_header)
                                                           : Json(agency->parent_lines)},
                   {"issuer", agency->issuer_lines.empty() ? Json(agency->issuer_header)
                                                           : Json(agency->issuer_lines)}};
    c["so"] = so;
    c["ky_hieu"] = symbol;
    c["so_ky_hieu"] = out.so_ky_hieu;
    c["place"] = org.province.place_name;
    c["date"] = l.date;
    c["date_blank"] = l.date_blank();  // a draft: "ngày     tháng     năm 2023"
    c["trich_yeu"] = l.trich_yeu;
    c["urgency"] = urgency_label(l.urgency);
    c["secrecy"] = secrecy_label(l.secrecy);

    // Kính gửi: one recipient on the Kính gửi line ending with "."; several one per line,
    // "- …;" and the last "- … .". Punctuation the writer already put is kept.
    Json kg = Json::array();
    for (std::size_t i = 0; i < l.kinh_gui.size(); ++i) {
        std::string s = l.kinh_gui[i];
        if (!ends_with_stop(s)) s += i + 1 == l.kinh_gui.size() ? "." : ";";
        kg.push_back(s);
    }
    c["kinh_gui"] = kg;
    c["can_cu"] = l.can_cu;
    c["body"] = blocks_json(l.body);

    // Signature (box 7): "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC"; the head signs with the title alone;
    // an acting head (Q.) signs "Q. GIÁM ĐỐC" alone.
    std::string authority = l.authority ? *l.authority : signer->authority;
    // A title given with the authority in org.json belongs to that authority: KT./TL./TUQ./Q.
    // name the head ("GIÁM ĐỐC"), TM. names the collective ("ỦY BAN NHÂN DÂN").
    std::string auth_title;
    if (l.authority_title)
        auth_title = *l.authority_title;
    else if ((authority == "TM.") == (signer->authority == "TM."))
        auth_title = signer->authority_title;
    if (auth_title.empty()) auth_title = authority == "TM." ? agency->name : agency->head_title;
    auth_title = vn::upper(auth_title);
    Json lines = Json::array();
    if (authority.empty()) {
        lines.push_back(vn::upper(signer->title));
    } else {
        lines.push_back(authority + " " + auth_title);
        if (authority != "Q.") lines.push_back(vn::upper(signer->title));
    }
    c["signer"] = {{"lines", lines}, {"name", signer->full_name}};

    c["noi_nhan"] = l.noi_nhan;
    c["luu"] = l.luu;
    if (l.drafter)
        c["drafter"] = {{"initials", l.drafter->initials}, {"copies", l.drafter->copies}};
    else
        c["drafter"] = nullptr;
    if (l.electronic)
        c["electronic"] = {{"signature", file_url(l.electronic->signature)},
                           {"seal", file_url(l.electronic->seal)}};
    else
        c["electronic"] = nullptr;
    c["contact"] = {{"address", agency->contact.address},
                    {"phone", agency->contact.phone},
                    {"email", agency->contact.email},
                    {"website", agency->contact.website}};
    Json apps = Json::array();
    for (const auto& a : l.appendices)
        apps.push_back(
            {{"title", a.title}, {"subtitle", a.subtitle}, {"body", blocks_json(a.body)}});
    c["appendices"] = apps;
    return out;
}

}  // namespace vanban::model
