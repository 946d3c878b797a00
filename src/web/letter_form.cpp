#include "web/letter_form.hpp"

#include <stdexcept>

#include "model/letter.hpp"
#include "pdf/atomic_file.hpp"
#include "vn/text.hpp"

namespace vanban::web {

using Json = nlohmann::ordered_json;

std::filesystem::path letter_schema_file(const std::filesystem::path& templates_dir) {
    return templates_dir.parent_path() / "schemas" / "letter.schema.json";
}

FormHooks letter_form_hooks(const model::Organisation& org) {
    FormHooks h;
    Json agencies = Json::array(), units = Json::array(), signers = Json::array();
    for (const auto& a : org.agencies) {
        const std::string name = a.name + " (" + a.abbreviation + ")";
        agencies.push_back({{"id", a.id}, {"label", name}});
        Json u = Json::array(), s = Json::array();
        for (const auto& d : a.drafting_units)
            u.push_back({{"id", d.id}, {"label", d.name + " (" + d.abbreviation + ")"}});
        for (const auto& p : a.signers)
            s.push_back({{"id", p.id},
                         {"label", p.full_name + " — " +
                                       (p.authority.empty() ? "" : p.authority + " ") + p.title}});
        if (!u.empty()) units.push_back({{"label", name}, {"options", u}});
        if (!s.empty()) signers.push_back({{"label", name}, {"options", s}});
    }
    h.choices["/agency"] = Json::array({{{"label", ""}, {"options", agencies}}});
    h.choices["/drafting_unit"] = units;
    h.choices["/signer/id"] = signers;

    auto& types = h.enum_labels["/type"];
    for (const auto& t : model::letter_types()) types[std::string(t.id)] = std::string(t.name);
    h.enum_labels["/urgency"] = {
        {"", "Thường"}, {"khan", "Khẩn"}, {"thuong-khan", "Thượng khẩn"}, {"hoa-toc", "Hỏa tốc"}};
    h.enum_labels["/secrecy"] = {
        {"", "Không mật"}, {"mat", "Mật"}, {"toi-mat", "Tối mật"}, {"tuyet-mat", "Tuyệt mật"}};
    h.enum_labels["/signer/authority"] = {
        {"", "(theo org.json)"},    {"TM.", "TM. (thay mặt)"},        {"KT.", "KT. (ký thay)"},
        {"TL.", "TL. (thừa lệnh)"}, {"TUQ.", "TUQ. (thừa ủy quyền)"}, {"Q.", "Q. (quyền)"}};

    h.widgets["/date"] = "date-vn";
    for (const char* k : {"/trich_yeu", "*/p", "*/khoan", "*/diem", "*/dash", "*/plus", "*/muc"})
        h.widgets[k] = "textarea";
    // Set by the server: the id is the draft's registry key, the number comes at issue.
    h.kept = {"/id", "/number", "/$schema"};
    return h;
}

void nfc_strings(Json& j) {
    if (j.is_string()) {
        j = vn::nfc(j.get<std::string>());
    } else if (j.is_array()) {
        for (auto& v : j) nfc_strings(v);
    } else if (j.is_object()) {
        Json out = Json::object();
        for (auto& [k, v] : j.items()) {
            Json c = v;
            nfc_strings(c);
            out[vn::nfc(k)] = std::move(c);
        }
        j = std::move(out);
    }
}

namespace {

Json load_schema(const std::filesystem::path& file) {
    try {
        return Json::parse(pdf::read_file(file));
    } catch (const std::exception& e) {
        throw std::runtime_error(file.string() +
                                 ": không đọc được lược đồ JSON của văn bản (cần cho biểu mẫu "
                                 "soạn thảo): " +
                                 e.what());
    }
}

}  // namespace

LetterForm::LetterForm(const std::filesystem::path& schema_file, const model::Organisation& org)
    : form_(load_schema(schema_file), letter_form_hooks(org)) {}

Json LetterForm::rows(const Json& letter, const std::string& pointer, const std::string& message,
                      bool* placed) const {
    std::string msg = message;
    if (pointer == "/date" && letter.contains("date") && letter["date"].is_string() &&
        date_from_vn(letter["date"].get<std::string>()).empty())
        msg =
            "Ngày viết theo thứ tự ngày/tháng/năm (dd/mm/yyyy), ví dụ 02/08/2024; bản dự thảo có "
            "thể chỉ ghi năm (2024). Không đọc được \"" +
            letter["date"].get<std::string>() + "\".";
    Json rows = form_.rows(letter, pointer, msg);
    if (placed) {
        *placed = false;
        for (const auto& r : rows)
            if (r.contains("error") && !r["error"].get<std::string>().empty()) *placed = true;
    }
    return rows;
}

Json LetterForm::read(const FormFields& form, const Json& base) const {
    return form_.read(form, base);
}

}  // namespace vanban::web
