#include "model/org.hpp"

#include "model/org_internal.hpp"

namespace vanban::model {

std::string_view level_id(Level l) {
    switch (l) {
        case Level::so:
            return "so";
        case Level::huyen:
            return "huyen";
        case Level::xa:
            return "xa";
    }
    return "";
}

std::string_view level_name_vi(Level l) {
    switch (l) {
        case Level::so:
            return "Sở, ban, ngành";
        case Level::huyen:
            return "Huyện, thành phố";
        case Level::xa:
            return "Xã, phường, thị trấn";
    }
    return "";
}

std::optional<Level> parse_level(std::string_view id) {
    if (id == "so") return Level::so;
    if (id == "huyen") return Level::huyen;
    if (id == "xa") return Level::xa;
    return std::nullopt;
}

std::string Organisation::unambiguous_name(std::size_t unit) const {
    const Unit& u = units.at(unit);
    bool shared = false;
    for (std::size_t i = 0; i < units.size() && !shared; ++i)
        shared = i != unit && units[i].level == u.level && units[i].name == u.name;
    if (!shared || u.district_index < 0) return u.name;
    return u.name + " (" + units[static_cast<std::size_t>(u.district_index)].name + ")";
}

int Organisation::unit_index(std::string_view id) const {
    auto it = unit_ids.find(std::string(id));
    return it == unit_ids.end() ? -1 : it->second;
}

const Agency* Organisation::find_agency(std::string_view id) const {
    for (const auto& a : agencies)
        if (a.id == id) return &a;
    return nullptr;
}

namespace {

void check_id(const JsonDocument& doc, const std::string& id, const std::string& ptr) {
    if (id.empty()) doc.fail(ptr, "mã (id) không được để trống");
    if (!is_valid_id(id))
        doc.fail(ptr, "mã (id) chỉ gồm chữ thường không dấu, chữ số, '-' và '_', nhận được \"" +
                          id + "\"");
}

// A line of box 2: a string (the layout breaks it where the column ends), or the agency's own
// lines ["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG NAI"]. Returns the lines (one for a string).
std::vector<std::string> header_lines(const JsonDocument& doc, const Json& h,
                                      const std::string& hptr, const char* key, bool required) {
    const std::string ptr = pointer_append(hptr, key);
    const Json* v = required ? &doc.member(h, hptr, key) : doc.optional_member(h, key);
    if (!v) return {};
    if (v->is_string()) {
        std::string s = doc.string_value(*v, ptr);
        if (required && s.find_first_not_of(' ') == std::string::npos)
            doc.fail(ptr, "tên cơ quan không được để trống");
        return s.empty() ? std::vector<std::string>{} : std::vector<std::string>{s};
    }
    if (!v->is_array())
        doc.fail(ptr,
                 "cần một chuỗi (\"SỞ Y TẾ\") hoặc một mảng các dòng "
                 "([\"ỦY BAN NHÂN DÂN\", \"TỈNH ĐỒNG NAI\"]), nhận được " +
                     describe(*v));
    if (v->empty()) doc.fail(ptr, "mảng các dòng của tên cơ quan không được rỗng");
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < v->size(); ++i) {
        const std::string p = pointer_append(ptr, i);
        std::string line = doc.string_value((*v)[i], p);
        if (line.find_first_not_of(' ') == std::string::npos)
            doc.fail(p, "dòng của tên cơ quan không được để trống");
        lines.push_back(std::move(line));
    }
    return lines;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines) s += (s.empty() ? "" : " ") + l;
    return s;
}

Agency parse_agency(const JsonDocument& doc, const Json& a, const std::string& ptr) {
    doc.object_at(a, ptr);
    Agency out;
    out.id = doc.string_member(a, ptr, "id");
    check_id(doc, out.id, pointer_append(ptr, "id"));
    out.name = doc.string_member(a, ptr, "name");
    const std::string hptr = pointer_append(ptr, "header");
    const Json& h = doc.object_at(doc.member(a, ptr, "header"), hptr);
    out.parent_lines = header_lines(doc, h, hptr, "parent", false);
    out.issuer_lines = header_lines(doc, h, hptr, "issuer", true);
    out.parent_header = joined(out.parent_lines);
    out.issuer_header = joined(out.issuer_lines);
    // The string form keeps no lines: the column breaks the name where it must.
    if (h.contains("parent") && h["parent"].is_string()) out.parent_lines.clear();
    if (h["issuer"].is_string()) out.issuer_lines.clear();
    out.abbreviation = doc.string_member(a, ptr, "abbreviation");
    out.head_title = doc.string_member(a, ptr, "head_title");
    if (const Json* du = doc.optional_member(a, "drafting_units")) {
        std::string dptr = pointer_append(ptr, "drafting_units");
        doc.array_at(*du, dptr);
        for (std::size_t i = 0; i < du->size(); ++i) {
            std::string p = pointer_append(dptr, i);
            const Json& d = doc.object_at((*du)[i], p);
            DraftingUnit u{doc.string_member(d, p, "id"), doc.string_member(d, p, "name"),
                           doc.string_member(d, p, "abbreviation")};
            check_id(doc, u.id, pointer_append(p, "id"));
            out.drafting_units.push_back(std::move(u));
        }
    }
    if (const Json* ss = doc.optional_member(a, "signers")) {
        std::string sptr = pointer_append(ptr, "signers");
        doc.array_at(*ss, sptr);
        for (std::size_t i = 0; i < ss->size(); ++i) {
            std::string p = pointer_append(sptr, i);
            const Json& s = doc.object_at((*ss)[i], p);
            Signer g;
            g.id = doc.string_member(s, p, "id");
            check_id(doc, g.id, pointer_append(p, "id"));
            g.full_name = doc.string_member(s, p, "full_name");
            g.title = doc.string_member(s, p, "title");
            g.authority = doc.string_member_or(s, p, "authority", "");
            static const char* kAuthorities[] = {"", "KT.", "TM.", "TL.", "TUQ.", "Q."};
            bool ok = false;
            for (const char* k : kAuthorities) ok = ok || g.authority == k;
            if (!ok)
                doc.fail(pointer_append(p, "authority"),
                         "thẩm quyền ký phải là một trong KT., TM., TL., TUQ., Q. (hoặc bỏ trống), "
                         "nhận được \"" +
                             g.authority + "\"");
            g.authority_title = doc.string_member_or(s, p, "authority_title", "");
            if (!g.authority.empty() && g.authority_title.empty())
                doc.fail(p, "có \"authority\" thì cần \"authority_title\" (ví dụ \"GIÁM ĐỐC\")");
            out.signers.push_back(std::move(g));
        }
    }
    if (const Json* c = doc.optional_member(a, "contact")) {
        std::string cptr = pointer_append(ptr, "contact");
        doc.object_at(*c, cptr);
        out.contact.address = doc.string_member_or(*c, cptr, "address", "");
        out.contact.phone = doc.string_member_or(*c, cptr, "phone", "");
        out.contact.email = doc.string_member_or(*c, cptr, "email", "");
        out.contact.website = doc.string_member_or(*c, cptr, "website", "");
    }
    std::string numbering = doc.string_member_or(a, ptr, "numbering", "single");
    if (numbering == "single")
        out.numbering = Numbering::single;
    else if (numbering == "per_type")
        out.numbering = Numbering::per_type;
    else
        doc.fail(pointer_append(ptr, "numbering"),
                 "cách đánh số phải là \"single\" (một dãy số chung) hoặc \"per_type\" (mỗi loại "
                 "văn bản một dãy), nhận được \"" +
                     numbering + "\"");
    return out;
}

}  // namespace

void parse_province_and_agencies(const JsonDocument& doc, const Json& root, Organisation& org) {
    const Json& prov = doc.object_at(doc.member(root, "", "province"), "/province");
    org.province.name = doc.string_member(prov, "/province", "name");
    org.province.full_name =
        doc.string_member_or(prov, "/province", "full_name", "Tỉnh " + org.province.name);
    org.province.place_name =
        doc.string_member_or(prov, "/province", "place_name", org.province.name);

    const Json& agencies = doc.array_at(doc.member(root, "", "agencies"), "/agencies");
    for (std::size_t i = 0; i < agencies.size(); ++i) {
        std::string p = pointer_append("/agencies", i);
        Agency a = parse_agency(doc, agencies[i], p);
        if (org.find_agency(a.id))
            doc.fail(pointer_append(p, "id"), "mã cơ quan \"" + a.id + "\" bị trùng");
        org.agencies.push_back(std::move(a));
    }
}

Organisation load_organisation(const std::string& path) {
    std::string text = read_text_file(path);
    if (auto org = read_organisation_fast(path, text)) return std::move(*org);
    return parse_organisation(JsonDocument::parse(path, std::move(text)));
}

Organisation parse_organisation(const JsonDocument& doc) {
    Organisation org;
    org.source = doc.name();
    const Json& root = doc.object_at(doc.root(), "");
    parse_province_and_agencies(doc, root, org);

    const Json& units = doc.array_at(doc.member(root, "", "units"), "/units");
    org.units.reserve(units.size());
    org.unit_ids.reserve(units.size() * 2);
    for (std::size_t i = 0; i < units.size(); ++i) {
        std::string p = pointer_append("/units", i);
        const Json& u = doc.object_at(units[i], p);
        Unit unit;
        unit.id = doc.string_member(u, p, "id");
        check_id(doc, unit.id, pointer_append(p, "id"));
        unit.name = doc.string_member(u, p, "name");
        std::string level = doc.string_member(u, p, "level");
        auto l = parse_level(level);
        if (!l)
            doc.fail(
                pointer_append(p, "level"),
                "cấp phải là \"so\" (sở, ban, ngành), \"huyen\" (huyện, thành phố) hoặc \"xa\" "
                "(xã, phường, thị trấn), nhận được \"" +
                    level + "\"");
        unit.level = *l;
        unit.agency = doc.string_member_or(u, p, "agency", "");
        if (!unit.agency.empty() && !org.find_agency(unit.agency))
            doc.fail(pointer_append(p, "agency"),
                     "không có cơ quan mã \"" + unit.agency + "\" trong \"agencies\"");
        unit.district = doc.string_member_or(u, p, "district", "");
        if (!org.unit_ids.emplace(unit.id, static_cast<int>(i)).second)
            doc.fail(pointer_append(p, "id"), "mã đơn vị \"" + unit.id + "\" bị trùng");
        org.units.push_back(std::move(unit));
    }
    // Districts are resolved after all units are known so that the file order is free.
    for (std::size_t i = 0; i < org.units.size(); ++i) {
        Unit& unit = org.units[i];
        std::string p = pointer_append("/units", i);
        if (unit.level == Level::xa) {
            if (unit.district.empty())
                doc.fail(p, "đơn vị cấp xã cần trường \"district\" (mã huyện, thành phố)");
            int d = org.unit_index(unit.district);
            if (d < 0 || org.units[static_cast<std::size_t>(d)].level != Level::huyen)
                doc.fail(
                    pointer_append(p, "district"),
                    "\"" + unit.district + "\" không phải mã một đơn vị cấp huyện trong \"units\"");
            unit.district_index = d;
        } else if (!unit.district.empty()) {
            doc.fail(pointer_append(p, "district"), "chỉ đơn vị cấp xã mới có \"district\"");
        }
    }
    return org;
}

}  // namespace vanban::model
