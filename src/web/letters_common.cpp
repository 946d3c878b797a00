#include "web/letters_common.hpp"

#include <httplib.h>

#include <map>
#include <mutex>

#include "docx/letter_docx.hpp"
#include "model/letter.hpp"
#include "pdf/atomic_file.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "sign/issue.hpp"
#include "web/letter_form.hpp"
#include "web/letter_service.hpp"
#include "web/security.hpp"

namespace vanban::web {

namespace fs = std::filesystem;

namespace {

struct PreviewCache {
    std::mutex mutex;
    std::map<std::int64_t, std::pair<std::string, std::shared_ptr<const std::vector<std::string>>>>
        pages;
};
PreviewCache& preview_cache() {
    static PreviewCache c;
    return c;
}

// One issuing at a time per draft in this process (other processes: the registry's key).
std::shared_ptr<std::mutex> draft_lock(std::int64_t id) {
    static std::mutex m;
    static std::map<std::int64_t, std::shared_ptr<std::mutex>> locks;
    std::lock_guard lock(m);
    auto& p = locks[id];
    if (!p) p = std::make_shared<std::mutex>();
    return p;
}

std::string today_iso() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

// The agency's signature over the issued file, written beside it (atomically). One signature at
// a time: a PKCS#11 session is not for several threads.
void sign_for_agency(App& app, const Draft& d, const std::string& file) {
    static std::mutex signing;
    const auto& o = app.options();
    sign::IssueSigning s;
    s.signer = o.agency_signer.get();
    s.role = sign::Role::co_quan;
    s.image = o.agency_seal.get();
    s.agency = sign::cert_agency(o.agency_signer->cert());  // as `vanban sign --as co-quan`
    const std::string pdf = pdf::read_file(app.files_dir() / file);
    std::lock_guard lock(signing);
    const std::string signed_pdf =
        sign::sign_issued(pdf, draft_object(d.id), s, std::time(nullptr));
    pdf::write_file_atomically(app.files_dir() / signed_file_name(file), signed_pdf);
}

}  // namespace

std::string signed_file_name(const std::string& file) {
    const auto dot = file.rfind('.');
    return file.substr(0, dot) + "-ky-so.pdf";
}

std::string signed_absent_reason(App& app) {
    return app.options().agency_signer
               ? "Văn bản này ban hành khi máy chủ chưa có khóa ký số của cơ quan, nên không có "
                 "bản ký số (ký bằng lệnh vanban sign --as co-quan)."
               : "Máy chủ chưa cấu hình khóa ký số của cơ quan (vanban serve --sign-key), nên "
                 "văn bản phát hành không có bản PDF ký số.";
}

std::string issued_docx(App& app, const Draft& d) {
    const std::string key = letter_key(app, d.id);
    auto e = app.with_registry([&](registry::Registry& reg) { return reg.find_by_key(key); });
    if (!e) throw std::runtime_error("sổ văn bản đi không có văn bản này (" + key + ")");
    auto doc = model::JsonDocument::parse("văn bản", d.letter);
    model::Letter letter = model::parse_letter(doc);
    return docx::issued_letter_docx(doc, std::move(letter), app.org(), e->number, e->date.iso());
}

std::string status_label(const std::string& s) {
    static const std::map<std::string, std::string> labels{
        {"draft", "Đang soạn"},     {"submitted", "Chờ duyệt"}, {"approved", "Đã duyệt"},
        {"returned", "Bị trả lại"}, {"issuing", "Đang cấp số"}, {"issued", "Đã ban hành"}};
    auto it = labels.find(s);
    return it == labels.end() ? s : it->second;
}

std::string letter_key(App& app, std::int64_t draft_id) {
    return "web-" + app.store().instance_id() + "-" + std::to_string(draft_id);
}

std::string draft_object(std::int64_t id) {
    return "văn bản #" + std::to_string(id);
}

std::string download_name(const std::string& so_ky_hieu) {
    std::string out;
    for (char c : so_ky_hieu) out += (c == '/' || c == '"' || c == '\\') ? '-' : c;
    return (out.empty() ? "van-ban" : out) + ".pdf";
}

Json draft_summary(const Draft& d) {
    Json l = Json::object();
    try {
        l = Json::parse(d.letter);
    } catch (const std::exception&) {
    }
    std::string type = l.value("type", "");
    if (const auto* t = model::find_letter_type(type)) type = std::string(t->name);
    return {{"id", d.id},
            {"status", d.status},
            {"status_label", status_label(d.status)},
            {"trich_yeu", l.contains("trich_yeu") && l["trich_yeu"].is_string()
                              ? l["trich_yeu"].get<std::string>()
                              : ""},
            {"type", type},
            {"owner", d.owner_name},
            {"so_ky_hieu", d.so_ky_hieu},
            {"updated_at", d.updated_at},
            {"comment", d.comment}};
}

std::shared_ptr<const std::vector<std::string>> preview_of(App& app, const Draft& d) {
    const std::string h = sha256_hex(d.letter);
    auto& c = preview_cache();
    {
        std::lock_guard lock(c.mutex);
        auto it = c.pages.find(d.id);
        if (it != c.pages.end() && it->second.first == h) return it->second.second;
    }
    std::shared_ptr<const std::vector<std::string>> pages;
    try {
        pages =
            std::make_shared<const std::vector<std::string>>(app.letters().preview_pages(d.letter));
    } catch (const std::exception& e) {
        return nullptr;
    }
    std::lock_guard lock(c.mutex);
    if (c.pages.size() > 64) c.pages.clear();  // a bound, not an LRU: previews are cheap to redo
    c.pages[d.id] = {h, pages};
    return pages;
}

Json draft_page_data(App& app, const Draft& d, const Ctx& ctx) {
    Json data;
    data["draft"] = draft_summary(d);
    const Roles r = ctx.user.roles;
    const bool own = d.owner == ctx.user.id;
    data["can_edit"] =
        own && has_role(r, Role::ChuyenVien) && (d.status == "draft" || d.status == "returned");
    data["can_review"] = has_role(r, Role::LanhDao) && d.status == "submitted";
    data["can_issue"] =
        has_role(r, Role::VanThu) && (d.status == "approved" || d.status == "issuing");
    data["issued"] = d.status == "issued";
    Json history = Json::array();
    for (const auto& h : app.store().history(d.id))
        history.push_back({{"at", h.at},
                           {"user", h.user},
                           {"action", h.action},
                           {"comment", h.comment},
                           {"hash", h.content_hash.substr(0, 12)}});
    data["history"] = history;
    data["register_status"] = "";
    data["void_reason"] = "";
    if (d.status == "issued") {
        const std::string key = letter_key(app, d.id);
        auto e = app.with_registry([&](registry::Registry& reg) { return reg.find_by_key(key); });
        if (e) {
            data["register_status"] = std::string(registry::status_label(e->status));
            data["void_reason"] = e->void_reason;
        }
        data["pages"] = 0;
        const bool has_signed = fs::exists(app.files_dir() / signed_file_name(d.file));
        data["signed"] = has_signed;
        data["signed_absent"] = has_signed ? "" : signed_absent_reason(app);
    } else {
        auto pages = preview_of(app, d);
        data["pages"] = pages ? pages->size() : 0;
    }
    data["hash"] = sha256_hex(d.letter).substr(0, 16);
    return data;
}

const LetterForm& letter_form_of(App& app) {
    // One form per App (the org file is the App's), made at the first page that needs it.
    static std::mutex m;
    static std::map<const App*, std::unique_ptr<LetterForm>> forms;
    std::lock_guard lock(m);
    auto& f = forms[&app];
    if (!f)
        f = std::make_unique<LetterForm>(letter_schema_file(app.options().templates), app.org());
    return *f;
}

Json edit_page_data(App& app, const Draft& d) {
    Json data;
    data["draft"] = draft_summary(d);
    Json letter = Json::object();
    try {
        letter = Json::parse(d.letter);
    } catch (const std::exception&) {
    }
    const auto err = app.letters().check(d.letter);
    bool placed = false;
    data["rows"] =
        letter_form_of(app).rows(letter, err ? err->pointer : "", err ? err->message : "", &placed);
    data["general_error"] = err && !placed ? err->message : "";
    data["valid"] = !err;
    auto pages = err ? nullptr : preview_of(app, d);
    data["pages"] = pages ? pages->size() : 0;
    data["hash"] = sha256_hex(d.letter).substr(0, 16);
    return data;
}

int issue_draft(App& app, std::int64_t id, const Ctx* ctx, std::string& error,
                std::string* timing) {
    auto lock_ptr = draft_lock(id);
    std::lock_guard lock(*lock_ptr);
    auto d = app.store().draft(id);
    if (!d) {
        error = "Không có văn bản này.";
        return 404;
    }
    if (d->status == "issued") return 200;  // a reload or a second click: nothing more to do
    if (d->status == "approved") {
        // The number and the date are given together, at issue (DESIGN.md).
        Json l = Json::parse(d->letter);
        l["date"] = today_iso();
        l.erase("number");
        const std::string text = l.dump(2);
        app.store().update_letter(id, text, {"approved"});
        app.store().move_draft(id, {"approved"}, "issuing", d->comment);
        d = app.store().draft(id);
    }
    if (!d || d->status != "issuing") {
        error = "Văn bản chưa được duyệt, chưa cấp số được.";
        return 409;
    }
    const std::string file = "d" + std::to_string(id) + ".pdf";
    Issued r;
    try {
        r = app.letters().issue(
            d->letter,
            [&app](const std::function<void(registry::Registry&)>& f) {
                app.with_registry_grouped(f);
            },
            app.files_dir() / file);
    } catch (const LetterProblem& e) {
        // Found before any number was taken: back to approved, to be fixed and approved again.
        app.store().move_draft(id, {"issuing"}, "approved", d->comment);
        error = "Văn bản có lỗi, chưa cấp số: " + e.error.message;
        return 400;
    } catch (const registry::RegistryError& e) {
        error = std::string("Lỗi sổ văn bản đi: ") + e.what();
        return e.code == registry::RegistryError::Code::Voided ? 409 : 500;
    } catch (const std::exception& e) {
        error = std::string(
                    "Chưa tạo được bản PDF (số đã giữ vẫn thuộc văn bản này, bấm cấp số "
                    "lại để hoàn tất): ") +
                e.what();
        return 500;
    }
    if (app.options().agency_signer) {
        // Before the draft is marked issued: a failure leaves it in `issuing` with its number,
        // and issuing again (or the next start) signs again.
        try {
            sign_for_agency(app, *d, file);
        } catch (const std::exception& e) {
            error = std::string("Đã cấp số ") + r.so_ky_hieu +
                    " nhưng chưa ký số được (bấm cấp số lại để hoàn tất với cùng số): " + e.what();
            return 500;
        }
    }
    app.store().set_issued(id, r.so_ky_hieu, r.agency, r.series, r.year, file);
    if (timing)
        *timing = "number;dur=" + std::to_string(r.number_ms) +
                  ", render;dur=" + std::to_string(r.render_ms);
    const std::string before = sha256_hex(d->letter);
    const std::string after = sha256_hex(pdf::read_file(app.files_dir() / file));
    const std::string who = ctx ? ctx->user.name : "máy chủ (hoàn tất sau sự cố)";
    app.store().add_history(id, who, "cấp số " + r.so_ky_hieu, r.notice, before);
    AuditItem a;
    a.user = who;
    a.address = ctx ? ctx->address : "";
    a.action = r.new_number ? "cấp số" : "cấp số (số đã giữ trước)";
    a.object = draft_object(id) + " → " + r.so_ky_hieu + " (sổ " + r.series + ", năm " +
               std::to_string(r.year) + ")";
    a.hash_before = before;
    a.hash_after = after;
    app.store().audit(a);
    return 200;
}

int finish_interrupted_issues(App& app) {
    int n = 0;
    for (const auto& d : app.store().drafts({"issuing"})) {
        std::string error;
        if (issue_draft(app, d.id, nullptr, error) == 200)
            ++n;
        else
            app.log() << "văn bản #" << d.id << ": chưa hoàn tất được việc cấp số: " << error
                      << std::endl;
    }
    return n;
}

}  // namespace vanban::web
