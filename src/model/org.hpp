// The organisation file (org.json): the province, its agencies (everything a letter per
// Nghị định 30/2020 needs: header lines, ký hiệu, drafting units, signers, address block,
// numbering) and the units that are scored, with their level and, for communes, their district.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/json_source.hpp"

namespace vanban::model {

enum class Level { so = 0, huyen = 1, xa = 2 };
constexpr int kLevelCount = 3;

std::string_view level_id(Level l);  // "so", "huyen", "xa"
std::string_view level_name_vi(
    Level l);  // "Sở, ban, ngành", "Huyện, thành phố", "Xã, phường, thị trấn"
std::optional<Level> parse_level(std::string_view id);

struct Province {
    std::string name;        // "Đồng Nai"
    std::string full_name;   // "Tỉnh Đồng Nai"
    std::string place_name;  // the date line: "Đồng Nai, ngày …"
};

struct DraftingUnit {
    std::string id;
    std::string name;          // "Văn phòng"
    std::string abbreviation;  // "VP": second part of a công văn's ký hiệu (1999/SYT-VP)
};

struct Signer {
    std::string id;
    std::string full_name;        // "Lê Quang Trung"
    std::string title;            // "Phó Giám đốc"
    std::string authority;        // "" (the head signs), "KT.", "TM.", "TL.", "TUQ.", "Q."
    std::string authority_title;  // with the authority: "GIÁM ĐỐC" -> "KT. GIÁM ĐỐC"
};

struct Contact {
    std::string address, phone, email, website;
};

enum class Numbering { single, per_type };

struct Agency {
    std::string id;
    std::string name;           // "Sở Y tế"
    std::string parent_header;  // box 2, first line: "UBND TỈNH ĐỒNG NAI" (may be empty)
    std::string issuer_header;  // box 2, second line: "SỞ Y TẾ"
    // The lines the agency breaks its names into (org.json gives an array:
    // ["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG NAI"]); empty when it gives a string, which the layout
    // breaks where the column ends. The *_header strings are the lines joined with spaces.
    std::vector<std::string> parent_lines, issuer_lines;
    std::string abbreviation;  // "SYT"
    std::string head_title;    // "Giám đốc"
    std::vector<DraftingUnit> drafting_units;
    std::vector<Signer> signers;
    Contact contact;
    Numbering numbering = Numbering::single;
};

struct Unit {
    std::string id;
    std::string name;
    Level level = Level::so;
    std::string district;     // unit id of the district (communes only)
    int district_index = -1;  // index of that district in Organisation::units
    std::string agency;       // agency id that issues for the unit (optional)
};

struct Organisation {
    std::string source;  // file name, for messages
    Province province;
    std::vector<Agency> agencies;
    std::vector<Unit> units;

    // Index in `units`, or -1.
    int unit_index(std::string_view id) const;
    const Agency* find_agency(std::string_view id) const;
    // The unit's name where it stands alone (a chart, a list, a sheet without a district
    // column): with its district, "Xã Phú Lý (Huyện Vĩnh Cửu)", when another unit of its level
    // bears the same name; the name alone otherwise.
    std::string unambiguous_name(std::size_t unit) const;

    std::unordered_map<std::string, int> unit_ids;
};

// Throws InputError (file, pointer, line) for any problem.
Organisation load_organisation(const std::string& path);
Organisation parse_organisation(const JsonDocument& doc);

}  // namespace vanban::model
