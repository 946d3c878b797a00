#include "batch/job.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

#include "registry/registry.hpp"

namespace vanban::batch {

namespace fs = std::filesystem;
using model::Json;
using model::JsonDocument;
using model::pointer_append;

namespace {

const std::set<std::string> kTopKeys = {
    "$schema",        "id",      "year",       "org",      "targets",
    "data",           "periods", "scorecards", "rankings", "register",
    "result_letters", "notice",  "templates",  "registry", "leader_scorecards",
    "ky_so",          "docx"};

std::string resolve(const fs::path& base, const std::string& p) {
    const fs::path path(p);
    return (path.is_absolute() ? path : base / path).lexically_normal().string();
}

std::vector<std::string> string_list(const JsonDocument& doc, const Json& obj,
                                     const std::string& ptr, const char* key) {
    std::vector<std::string> out;
    const Json* v = doc.optional_member(obj, key);
    if (!v) return out;
    const std::string p = pointer_append(ptr, key);
    const Json& arr = doc.array_at(*v, p);
    for (std::size_t i = 0; i < arr.size(); ++i)
        out.push_back(doc.string_value(arr[i], pointer_append(p, i)));
    return out;
}

bool bool_member(const JsonDocument& doc, const Json& obj, const char* key, bool fallback) {
    const Json* v = doc.optional_member(obj, key);
    if (!v) return fallback;
    if (!v->is_boolean()) doc.fail(pointer_append("", key), "phải là true hoặc false");
    return v->get<bool>();
}

LetterSetup letter_setup(const JsonDocument& doc, const Json& root, const char* key,
                         const std::vector<JobPeriod>& periods, bool result, bool docx) {
    LetterSetup s;
    const Json* v = doc.optional_member(root, key);
    if (!v || v->is_null()) return s;
    const std::string ptr = pointer_append("", key);
    if (v->is_boolean()) {
        if (v->get<bool>())
            doc.fail(ptr, "phải là một đối tượng (cơ quan, người ký, …) hoặc false");
        return s;
    }
    const Json& o = doc.object_at(*v, ptr);
    static const std::set<std::string> keys = {"periods",  "agency",   "drafting_unit", "signer",
                                               "kinh_gui", "noi_nhan", "luu",           "remedies",
                                               "units",    "docx"};
    for (const auto& [k, _] : o.items())
        if (!keys.count(k)) doc.fail(pointer_append(ptr, k), "khóa không xác định \"" + k + "\"");
    s.enabled = true;
    s.periods = string_list(doc, o, ptr, "periods");
    if (!doc.optional_member(o, "periods"))
        for (const auto& p : periods)
            if (p.period.kind == model::PeriodKind::quarter ||
                p.period.kind == model::PeriodKind::year)
                s.periods.push_back(p.period.code());
    for (std::size_t i = 0; i < s.periods.size(); ++i) {
        bool found = false;
        for (const auto& p : periods) found = found || p.period.code() == s.periods[i];
        if (!found)
            doc.fail(pointer_append(pointer_append(ptr, "periods"), i),
                     "kỳ \"" + s.periods[i] + "\" không có trong /periods của công việc");
    }
    s.agency = doc.string_member(o, ptr, "agency");
    s.drafting_unit = doc.string_member_or(o, ptr, "drafting_unit", "");
    s.signer = doc.string_member(o, ptr, "signer");
    s.kinh_gui = string_list(doc, o, ptr, "kinh_gui");
    if (!result && s.kinh_gui.empty())
        doc.fail(ptr, "thiếu \"kinh_gui\": danh sách nơi nhận của thông báo");
    s.noi_nhan = string_list(doc, o, ptr, "noi_nhan");
    s.luu = doc.string_member_or(o, ptr, "luu", "VT");
    s.units = string_list(doc, o, ptr, "units");
    s.docx = docx;
    if (const Json* d = doc.optional_member(o, "docx")) {
        if (!d->is_boolean()) doc.fail(pointer_append(ptr, "docx"), "phải là true hoặc false");
        s.docx = d->get<bool>();
    }
    // An empty list used to mean "every unit" (206 letters, 206 numbers): a list left empty by
    // mistake must not issue a whole province's letters. No letters at all is
    // "result_letters": false.
    if (doc.optional_member(o, "units") && s.units.empty())
        doc.fail(pointer_append(ptr, "units"),
                 "danh sách đơn vị rỗng: bỏ khóa \"units\" để gửi công văn cho mọi đơn vị, hoặc "
                 "đặt \"result_letters\": false để không gửi công văn nào");
    if (const Json* r = doc.optional_member(o, "remedies")) {
        const std::string rp = pointer_append(ptr, "remedies");
        for (const auto& [k, val] : doc.object_at(*r, rp).items())
            s.remedies[k] = doc.string_value(val, pointer_append(rp, k));
    }
    return s;
}

// A unit named twice gets one letter and one number; the repeat is reported.
void drop_repeated_units(const JsonDocument& doc, LetterSetup& s, std::vector<std::string>& warn) {
    std::vector<std::string> kept;
    for (std::size_t i = 0; i < s.units.size(); ++i) {
        const auto first = std::find(kept.begin(), kept.end(), s.units[i]);
        if (first == kept.end()) {
            kept.push_back(s.units[i]);
            continue;
        }
        std::size_t j = 0;
        while (s.units[j] != s.units[i]) ++j;
        warn.push_back(doc.name() + ": /result_letters/units/" + std::to_string(i) + ": đơn vị \"" +
                       s.units[i] + "\" đã có ở /result_letters/units/" + std::to_string(j) +
                       "; chỉ một công văn (một số) cho đơn vị này");
    }
    s.units = std::move(kept);
}
// [leader] "leader_scorecards": true | false | {"periods": [...], "agency": "snv"}.
LeaderSetup leader_setup(const JsonDocument& doc, const Json& root,
                         const std::vector<JobPeriod>& periods) {
    LeaderSetup s;
    const Json* v = doc.optional_member(root, "leader_scorecards");
    if (!v || v->is_null()) return s;
    const std::string ptr = "/leader_scorecards";
    if (v->is_boolean()) {
        s.enabled = v->get<bool>();
    } else {
        const Json& o = doc.object_at(*v, ptr);
        for (const auto& [k, _] : o.items())
            if (k != "periods" && k != "agency")
                doc.fail(pointer_append(ptr, k),
                         "khóa không xác định \"" + k + "\" (mong đợi periods, agency)");
        s.enabled = true;
        s.periods = string_list(doc, o, ptr, "periods");
        for (std::size_t i = 0; i < s.periods.size(); ++i) {
            bool found = false;
            for (const auto& p : periods) found = found || p.period.code() == s.periods[i];
            if (!found)
                doc.fail(pointer_append(pointer_append(ptr, "periods"), i),
                         "kỳ \"" + s.periods[i] + "\" không có trong /periods của công việc");
        }
        s.agency = doc.string_member_or(o, ptr, "agency", "");
        if (doc.optional_member(o, "periods")) return s;
    }
    if (s.enabled)
        for (const auto& p : periods) s.periods.push_back(p.period.code());
    return s;
}
// [/leader]

// "ky_so": {"key": …, "secret_env": …, "pkcs11_module", "seal", "documents", "reason",
// "location", "tsa"}. The secret itself is refused here, whatever its key's name.
SignSetup sign_setup(const JsonDocument& doc, const Json& root, const fs::path& base_dir) {
    SignSetup s;
    const Json* v = doc.optional_member(root, "ky_so");
    if (!v || v->is_null() || (v->is_boolean() && !v->get<bool>())) return s;
    const std::string ptr = "/ky_so";
    const Json& o = doc.object_at(*v, ptr);
    static const std::set<std::string> keys = {"key",       "secret_env", "pkcs11_module", "seal",
                                               "documents", "reason",     "location",      "tsa"};
    for (const auto& [k, _] : o.items()) {
        if (k == "password" || k == "pin" || k == "mat_khau" || k == "secret")
            doc.fail(pointer_append(ptr, k),
                     "mật khẩu hoặc mã PIN không được ghi trong tệp công việc (ai đọc được tệp "
                     "đều thấy): đặt nó vào một biến môi trường và ghi tên biến ở "
                     "\"secret_env\"");
        if (!keys.count(k))
            doc.fail(pointer_append(ptr, k),
                     "khóa không xác định \"" + k +
                         "\" (mong đợi key, secret_env, pkcs11_module, seal, documents, reason, "
                         "location, tsa)");
    }
    s.enabled = true;
    s.key = doc.string_member(o, ptr, "key");
    if (s.key.empty()) doc.fail(ptr + "/key", "cần tệp khóa .p12 hoặc URI pkcs11:");
    if (s.key.rfind("pkcs11:", 0) == 0) {
        if (s.key.find("pin-value") != std::string::npos)
            doc.fail(ptr + "/key",
                     "URI pkcs11: không được chứa pin-value; ghi tên biến môi trường chứa mã PIN "
                     "ở \"secret_env\"");
    } else {
        s.key = resolve(base_dir, s.key);
    }
    s.secret_env = doc.string_member(o, ptr, "secret_env");
    bool name_ok =
        !s.secret_env.empty() && !std::isdigit(static_cast<unsigned char>(s.secret_env[0]));
    for (char c : s.secret_env)
        name_ok = name_ok && (std::isupper(static_cast<unsigned char>(c)) ||
                              std::isdigit(static_cast<unsigned char>(c)) || c == '_');
    if (!name_ok)
        doc.fail(ptr + "/secret_env", "tên biến môi trường \"" + s.secret_env +
                                          "\" không hợp lệ (mong đợi chữ in hoa, số, \"_\", "
                                          "ví dụ VANBAN_PIN)");
    s.pkcs11_module = doc.string_member_or(o, ptr, "pkcs11_module", "");
    s.seal = doc.string_member_or(o, ptr, "seal", "");
    if (!s.seal.empty()) s.seal = resolve(base_dir, s.seal);
    s.reason = doc.string_member_or(o, ptr, "reason", "");
    s.location = doc.string_member_or(o, ptr, "location", "");
    s.tsa = doc.string_member_or(o, ptr, "tsa", "");
    if (!s.tsa.empty() && s.tsa.rfind("http://", 0) != 0 && s.tsa.rfind("https://", 0) != 0)
        doc.fail(ptr + "/tsa",
                 "địa chỉ máy chủ dấu thời gian phải bắt đầu bằng http:// hoặc "
                 "https://");
    if (doc.optional_member(o, "documents")) {
        const auto docs = string_list(doc, o, ptr, "documents");
        s.letters = s.notice = false;
        for (std::size_t i = 0; i < docs.size(); ++i) {
            if (docs[i] == "result_letters")
                s.letters = true;
            else if (docs[i] == "notice")
                s.notice = true;
            else
                doc.fail(pointer_append(ptr + "/documents", i),
                         "\"" + docs[i] + "\" không ký được (mong đợi result_letters, notice)");
        }
        if (docs.empty())
            doc.fail(ptr + "/documents", "danh sách rỗng: bỏ mục \"ky_so\" nếu không ký gì");
    }
    return s;
}

}  // namespace

Job parse_job(const JsonDocument& doc, const fs::path& base_dir) {
    Job job;
    job.file = doc.name();
    const Json& root = doc.object_at(doc.root(), "");
    for (const auto& [k, _] : root.items())
        if (!kTopKeys.count(k))
            doc.fail(pointer_append("", k), "khóa không xác định \"" + k + "\"");

    job.id = doc.string_member(root, "", "id");
    if (job.id.empty() || job.id.find_first_of("/\\") != std::string::npos)
        doc.fail("/id", "mã công việc phải khác rỗng và không chứa \"/\"");
    const std::int64_t year = doc.integer_member(root, "", "year");
    if (year < 1900 || year > 9999) doc.fail("/year", "năm phải trong khoảng 1900..9999");
    job.year = static_cast<int>(year);
    job.org = resolve(base_dir, doc.string_member(root, "", "org"));
    for (const auto& t : string_list(doc, root, "", "targets"))
        job.targets.push_back(resolve(base_dir, t));
    for (const auto& d : string_list(doc, root, "", "data"))
        job.data.push_back(resolve(base_dir, d));
    if (job.targets.empty()) doc.fail("/targets", "cần ít nhất một tệp hoặc thư mục chỉ tiêu");
    if (job.data.empty()) doc.fail("/data", "cần ít nhất một tệp hoặc thư mục số liệu");

    const Json& periods = doc.array_at(doc.member(root, "", "periods"), "/periods");
    if (periods.empty()) doc.fail("/periods", "cần ít nhất một kỳ báo cáo");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < periods.size(); ++i) {
        const std::string ptr = pointer_append("/periods", i);
        const Json& o = doc.object_at(periods[i], ptr);
        JobPeriod jp;
        const std::string code = doc.string_member(o, ptr, "period");
        auto p = model::Period::parse(code);
        if (!p)
            doc.fail(
                pointer_append(ptr, "period"),
                "kỳ \"" + code + "\" không hợp lệ (mong đợi 2024-Q1…Q4, 2024-6T, 2024-9T, 2024)");
        if (p->year != job.year)
            doc.fail(pointer_append(ptr, "period"),
                     "kỳ \"" + code + "\" không thuộc năm " + std::to_string(job.year));
        if (!seen.insert(code).second)
            doc.fail(pointer_append(ptr, "period"), "kỳ \"" + code + "\" bị lặp lại");
        jp.period = *p;
        jp.date = doc.string_member(o, ptr, "date");
        if (!registry::Date::parse_iso(jp.date))
            doc.fail(pointer_append(ptr, "date"),
                     "ngày \"" + jp.date + "\" không hợp lệ (mong đợi YYYY-MM-DD)");
        job.periods.push_back(std::move(jp));
    }
    job.scorecards = bool_member(doc, root, "scorecards", true);
    job.rankings = bool_member(doc, root, "rankings", true);
    job.register_book = bool_member(doc, root, "register", true);
    const bool docx = bool_member(doc, root, "docx", false);
    job.letters = letter_setup(doc, root, "result_letters", job.periods, true, docx);
    drop_repeated_units(doc, job.letters, job.warnings);
    job.notice = letter_setup(doc, root, "notice", job.periods, false, docx);
    job.leader = leader_setup(doc, root, job.periods);  // [leader]
    job.ky_so = sign_setup(doc, root, base_dir);

    if (const Json* t = doc.optional_member(root, "templates")) {
        const Json& o = doc.object_at(*t, "/templates");
        for (const auto& [k, _] : o.items())
            if (k != "nd30" && k != "root" && k != "result_body")
                doc.fail(pointer_append("/templates", k),
                         "khóa không xác định \"" + k + "\" (mong đợi nd30, root, result_body)");
        auto get = [&](const char* key) {
            const std::string v = doc.string_member_or(o, "/templates", key, "");
            return v.empty() ? v : resolve(base_dir, v);
        };
        job.nd30_templates = get("nd30");
        job.templates_root = get("root");
        job.result_body = get("result_body");
    }
    if (const Json* r = doc.optional_member(root, "registry")) {
        job.registry = doc.string_value(*r, "/registry");
        if (!job.registry.starts_with("postgres") && !job.registry.empty())
            job.registry = resolve(base_dir, job.registry);
    }
    return job;
}

Job load_job(const std::string& path) {
    const auto doc = JsonDocument::load(path);
    return parse_job(doc, fs::path(path).parent_path());
}

void check_job_against_org(const Job& job, const model::Organisation& org) {
    for (const auto& [setup, ptr] :
         {std::pair{&job.letters, "/result_letters"}, std::pair{&job.notice, "/notice"}}) {
        if (!setup->enabled) continue;
        const model::Agency* ag = org.find_agency(setup->agency);
        auto fail = [&](const std::string& field, const std::string& what) {
            throw std::runtime_error(job.file.string() + ": " + ptr + "/" + field + ": " + what +
                                     " trong " + job.org);
        };
        if (!ag) fail("agency", "không có cơ quan \"" + setup->agency + "\"");
        bool unit_ok = setup->drafting_unit.empty(), signer_ok = false;
        for (const auto& d : ag->drafting_units) unit_ok = unit_ok || d.id == setup->drafting_unit;
        for (const auto& sg : ag->signers) signer_ok = signer_ok || sg.id == setup->signer;
        if (!unit_ok)
            fail("drafting_unit", "cơ quan \"" + setup->agency + "\" không có đơn vị soạn thảo \"" +
                                      setup->drafting_unit + "\"");
        if (!signer_ok)
            fail("signer",
                 "cơ quan \"" + setup->agency + "\" không có người ký \"" + setup->signer + "\"");
    }
    // [leader]
    if (job.leader.enabled && !job.leader.agency.empty() && !org.find_agency(job.leader.agency))
        throw std::runtime_error(job.file.string() +
                                 ": /leader_scorecards/agency: không có cơ quan \"" +
                                 job.leader.agency + "\" trong " + job.org);
    // [/leader]
    for (std::size_t i = 0; i < job.letters.units.size(); ++i)
        if (org.unit_index(job.letters.units[i]) < 0)
            throw std::runtime_error(job.file.string() + ": /result_letters/units/" +
                                     std::to_string(i) + ": không có đơn vị \"" +
                                     job.letters.units[i] + "\" trong " + job.org);
}

}  // namespace vanban::batch
