// org.json in one SAX pass. A national organisation has 13,000 units; parsing it into an
// nlohmann tree (an ordered map per unit) and then reading the tree was a third of the
// instructions of `vanban data import` (bench/README.md, intake). Here the handler builds a tree
// only for the small parts (province, agencies), which org.cpp then reads as before, and turns
// each unit object straight into a record. It declines, and the DOM path of org.cpp reads the
// file again and reports the problem with its pointer and line, on anything but a valid file of
// the usual shape: so errors and results stay exactly those of parse_organisation.
#include <cstdint>
#include <vector>

#include "model/org_internal.hpp"
#include "vn/text.hpp"

namespace vanban::model {

namespace {

// A unit object as written. Strings are kept as written (NFC comes after).
struct UnitRecord {
    std::string id, name, level, district, agency;
    bool has_id = false, has_name = false, has_level = false;
};

// The SAX handler. Every callback returns false to stop the parse (and decline the file).
class OrgHandler {
  public:
    Json root;
    std::vector<UnitRecord> units;

    bool null() { return value(Json(nullptr), Scalar::null); }
    bool boolean(bool v) { return value(Json(v), Scalar::other); }
    bool number_integer(std::int64_t v) { return value(Json(v), Scalar::other); }
    bool number_unsigned(std::uint64_t v) { return value(Json(v), Scalar::other); }
    bool number_float(double v, const std::string&) { return value(Json(v), Scalar::other); }
    bool string(std::string& v) {
        if (in_unit_) return unit_string(v);
        return value(Json(std::move(v)), Scalar::other);
    }
    bool binary(Json::binary_t&) { return false; }

    bool start_object(std::size_t) {
        if (in_unit_) return false;  // a nested member of a unit: left to the DOM path
        if (in_units_) {
            in_unit_ = true;
            unit_keys_.clear();
            units.emplace_back();
            return true;
        }
        Json* slot = add(Json::object());
        if (!slot) return false;
        stack_.push_back(slot);
        return true;
    }
    bool key(std::string& k) {
        if (in_unit_) {
            for (const auto& seen : unit_keys_)
                if (seen == k) return false;  // a key twice: the DOM path names it
            unit_keys_.push_back(k);
            field_ = field_of(k);
            return true;
        }
        Json& object = *stack_.back();
        if (object.contains(k)) return false;
        units_next_ = stack_.size() == 1 && k == "units";
        slot_ = &object[k];
        return true;
    }
    bool end_object() {
        if (in_unit_) {
            in_unit_ = false;
            return true;
        }
        stack_.pop_back();
        return true;
    }
    bool start_array(std::size_t) {
        if (in_unit_ || in_units_) return false;
        if (units_next_) {  // the root's "units": its elements become records
            units_next_ = false;
            *slot_ = Json::array();
            in_units_ = true;
            units_seen_ = true;
            return true;
        }
        Json* slot = add(Json::array());
        if (!slot) return false;
        stack_.push_back(slot);
        return true;
    }
    bool end_array() {
        if (in_units_) {
            in_units_ = false;
            return true;
        }
        stack_.pop_back();
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
        return false;
    }

    // True when the root's "units" was an array (read into `units`).
    bool units_seen() const { return units_seen_; }

  private:
    enum class Scalar { null, other };
    enum class Field { id, name, level, district, agency, other };

    static Field field_of(const std::string& k) {
        if (k == "id") return Field::id;
        if (k == "name") return Field::name;
        if (k == "level") return Field::level;
        if (k == "district") return Field::district;
        if (k == "agency") return Field::agency;
        return Field::other;
    }

    // Where a value goes in the tree: the root, the end of the open array or the member named
    // by the last key. nullptr (decline) for an element of "units" that is not an object.
    Json* add(Json v) {
        if (in_units_) return nullptr;
        units_next_ = false;
        if (stack_.empty()) {
            root = std::move(v);
            return &root;
        }
        Json& top = *stack_.back();
        if (top.is_array()) {
            top.push_back(std::move(v));
            return &top.back();
        }
        *slot_ = std::move(v);
        return slot_;
    }

    bool value(Json v, Scalar kind) {
        if (!in_unit_) return add(std::move(v)) != nullptr;
        // In a unit: null stands for an absent "district" or "agency" (as optional members read
        // it); other members the loader ignores may hold any scalar.
        switch (field_) {
            case Field::district:
            case Field::agency:
                return kind == Scalar::null;
            case Field::other:
                return true;
            default:
                return false;
        }
    }

    bool unit_string(std::string& v) {
        UnitRecord& u = units.back();
        switch (field_) {
            case Field::id:
                u.id = std::move(v);
                u.has_id = true;
                break;
            case Field::name:
                u.name = std::move(v);
                u.has_name = true;
                break;
            case Field::level:
                u.level = std::move(v);
                u.has_level = true;
                break;
            case Field::district:
                u.district = std::move(v);
                break;
            case Field::agency:
                u.agency = std::move(v);
                break;
            case Field::other:
                break;
        }
        return true;
    }

    std::vector<Json*> stack_;  // open objects and arrays of the tree
    Json* slot_ = nullptr;      // the member named by the last key
    bool units_next_ = false;   // the last key was the root's "units"
    bool in_units_ = false, in_unit_ = false, units_seen_ = false;
    std::vector<std::string> unit_keys_;  // keys of the open unit (a key twice declines)
    Field field_ = Field::other;
};

// The units from their records with the checks of parse_organisation; false on any failure.
bool build_units(std::vector<UnitRecord>& records, Organisation& org) {
    org.units.reserve(records.size());
    org.unit_ids.reserve(records.size() * 2);
    for (std::size_t i = 0; i < records.size(); ++i) {
        UnitRecord& r = records[i];
        if (!r.has_id || !r.has_name || !r.has_level) return false;
        Unit unit;
        unit.id = vn::nfc(r.id);
        if (!is_valid_id(unit.id)) return false;
        unit.name = vn::nfc(r.name);
        auto level = parse_level(vn::nfc(r.level));
        if (!level) return false;
        unit.level = *level;
        unit.agency = vn::nfc(r.agency);
        if (!unit.agency.empty() && !org.find_agency(unit.agency)) return false;
        unit.district = vn::nfc(r.district);
        if (!org.unit_ids.emplace(unit.id, static_cast<int>(i)).second) return false;
        org.units.push_back(std::move(unit));
    }
    for (Unit& unit : org.units) {
        if (unit.level == Level::xa) {
            if (unit.district.empty()) return false;
            int d = org.unit_index(unit.district);
            if (d < 0 || org.units[static_cast<std::size_t>(d)].level != Level::huyen) return false;
            unit.district_index = d;
        } else if (!unit.district.empty()) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::optional<Organisation> read_organisation_fast(const std::string& name,
                                                   const std::string& text) {
    // What JsonDocument::parse checks before parsing, and then the parse itself (the same
    // grammar: nlohmann's parser under a SAX handler instead of its tree builder).
    if (vn::find_invalid_utf8(text) != std::string::npos) return std::nullopt;
    OrgHandler handler;
    if (!Json::sax_parse(text, &handler)) return std::nullopt;
    if (!handler.root.is_object() || !handler.units_seen()) return std::nullopt;
    Organisation org;
    org.source = name;
    try {
        const JsonDocument doc = JsonDocument::from_parsed(name, text, std::move(handler.root));
        parse_province_and_agencies(doc, doc.root(), org);
    } catch (const InputError&) {
        return std::nullopt;  // reported by the DOM path, after its own checks of the whole file
    }
    if (!build_units(handler.units, org)) return std::nullopt;
    return org;
}

}  // namespace vanban::model
