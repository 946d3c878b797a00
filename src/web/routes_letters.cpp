// Letters: drafting (form, JSON import/export, live preview, validation next to the field),
// submit -> approve / return (with history), issuing the number and the final PDF, download.
#include <httplib.h>

#include <ctime>
#include <filesystem>
#include <map>

#include "pdf/atomic_file.hpp"
#include "web/app.hpp"
#include "web/letter_form.hpp"
#include "web/letter_service.hpp"
#include "web/letters_common.hpp"
#include "web/routes.hpp"
#include "web/security.hpp"

namespace vanban::web {

namespace {

constexpr Roles kReaders = Role::ChuyenVien | Role::LanhDao | Role::VanThu;
constexpr Roles kDrafter = static_cast<Roles>(Role::ChuyenVien);
constexpr Roles kLeader = static_cast<Roles>(Role::LanhDao);
constexpr Roles kClerk = static_cast<Roles>(Role::VanThu);

std::string today_iso() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

// A new draft: the first agency of org.json with its first drafting unit and signer.
Json new_letter(const model::Organisation& org, const std::string& id) {
    Json l;
    l["id"] = id;
    const model::Agency* a = nullptr;
    for (const auto& ag : org.agencies)
        if (!ag.signers.empty()) {
            a = &ag;
            break;
        }
    l["agency"] = a ? a->id : "";
    if (a && !a->drafting_units.empty()) l["drafting_unit"] = a->drafting_units.front().id;
    l["type"] = "cong-van";
    l["date"] = today_iso();
    l["trich_yeu"] = "";
    l["kinh_gui"] = Json::array();
    l["body"] = Json::array();
    l["signer"] = a ? a->signers.front().id : "";
    l["noi_nhan"] = Json::array({"Như trên"});
    l["luu"] = "VT";
    return l;
}

// Loads the draft of the path and checks the user may see it (a drafter sees their own).
std::optional<Draft> visible_draft(App& app, const Request& req, Response& res, Ctx& ctx) {
    auto d = app.store().draft(path_id(req));
    if (!d) {
        app.fail(res, 404, "Không có văn bản này.", &ctx);
        return std::nullopt;
    }
    const bool other_role =
        has_role(ctx.user.roles, Role::LanhDao) || has_role(ctx.user.roles, Role::VanThu);
    if (d->owner != ctx.user.id && !other_role) {
        app.fail(res, 403, "Văn bản này không phải của bạn.", &ctx);
        return std::nullopt;
    }
    return d;
}

// The draft of the path when it is the user's own and editable; answers otherwise.
std::optional<Draft> own_editable(App& app, const Request& req, Response& res, Ctx& ctx) {
    auto d = app.store().draft(path_id(req));
    if (!d) {
        app.fail(res, 404, "Không có văn bản này.", &ctx);
        return std::nullopt;
    }
    if (d->owner != ctx.user.id) {
        app.fail(res, 403, "Chỉ người soạn được sửa văn bản này.", &ctx);
        return std::nullopt;
    }
    if (d->status != "draft" && d->status != "returned") {
        app.fail(res, 409, "Văn bản đã trình, không sửa được nữa.", &ctx);
        return std::nullopt;
    }
    return d;
}

void save_letter(App& app, Ctx& ctx, const Draft& d, const Json& letter, const std::string& what,
                 Response& res) {
    const std::string text = letter.dump(2);
    if (!app.store().update_letter(d.id, text, {"draft", "returned"}))
        return app.fail(res, 409, "Văn bản đã trình, không sửa được nữa.", &ctx);
    const std::string after = sha256_hex(text);
    app.store().add_history(d.id, ctx.user.name, what, "", after);
    app.audit(ctx, what, draft_object(d.id), sha256_hex(d.letter), after);
    app.redirect(res, "/letters/" + std::to_string(d.id) + "/edit");
}

void transition(App& app, const Request& req, Response& res, Ctx& ctx,
                const std::vector<std::string>& from, const std::string& to,
                const std::string& action, bool comment_required) {
    auto d = app.store().draft(path_id(req));
    if (!d) return app.fail(res, 404, "Không có văn bản này.", &ctx);
    const std::string comment = form_value(req, "comment");
    if (comment_required && comment.empty())
        return app.fail(res, 400, "Cần ghi ý kiến khi trả lại văn bản.", &ctx);
    if (!app.store().move_draft(d->id, from, to, comment))
        return app.fail(res, 409,
                        "Không " + action + " được: văn bản đang ở trạng thái \"" +
                            status_label(d->status) + "\".",
                        &ctx);
    const std::string h = sha256_hex(d->letter);
    app.store().add_history(d->id, ctx.user.name, action, comment, h);
    app.audit(ctx, action, draft_object(d->id), h, h, d->status + " → " + to);
    app.redirect(res, "/letters/" + std::to_string(d->id));
}

}  // namespace

void add_letters_routes(App& app) {
    app.get("/letters", kReaders, [&app](const Request&, Response& res, Ctx& ctx) {
        Json data;
        Json sections = Json::array();
        const Roles r = ctx.user.roles;
        auto section = [&](const char* title, std::vector<Draft> ds) {
            Json items = Json::array();
            for (const auto& d : ds) items.push_back(draft_summary(d));
            sections.push_back({{"title", title}, {"rows", items}});
        };
        if (has_role(r, Role::ChuyenVien))
            section("Văn bản của tôi", app.store().drafts({}, ctx.user.id));
        if (has_role(r, Role::LanhDao))
            section("Chờ lãnh đạo duyệt", app.store().drafts({"submitted"}));
        if (has_role(r, Role::VanThu)) {
            section("Đã duyệt, chờ cấp số", app.store().drafts({"approved", "issuing"}));
            section("Đã ban hành", app.store().drafts({"issued"}));
        }
        data["sections"] = sections;
        data["can_draft"] = has_role(r, Role::ChuyenVien);
        app.render(res, "letters.html", data, &ctx);
    });

    app.post("/letters/new", kDrafter, [&app](const Request&, Response& res, Ctx& ctx) {
        const std::int64_t id = app.store().add_draft(ctx.user.id, "{}");
        const Json letter = new_letter(app.org(), letter_key(app, id));
        const std::string text = letter.dump(2);
        app.store().update_letter(id, text, {"draft"});
        app.store().add_history(id, ctx.user.name, "tạo dự thảo", "", sha256_hex(text));
        app.audit(ctx, "tạo dự thảo", draft_object(id), "", sha256_hex(text));
        app.redirect(res, "/letters/" + std::to_string(id) + "/edit");
    });

    app.get(R"(/letters/(\d+))", kReaders, [&app](const Request& req, Response& res, Ctx& ctx) {
        auto d = visible_draft(app, req, res, ctx);
        if (!d) return;
        Json data = draft_page_data(app, *d, ctx);
        app.render(res, "letter_view.html", data, &ctx);
    });

    app.get(R"(/letters/(\d+)/edit)", kDrafter,
            [&app](const Request& req, Response& res, Ctx& ctx) {
                auto d = own_editable(app, req, res, ctx);
                if (!d) return;
                app.render(res, "letter_edit.html", edit_page_data(app, *d), &ctx);
            });

    app.post(R"(/letters/(\d+)/edit)", kDrafter,
             [&app](const Request& req, Response& res, Ctx& ctx) {
                 auto d = own_editable(app, req, res, ctx);
                 if (!d) return;
                 FormFields f;
                 for (const auto& [k, v] : req.params) f[k] = v;
                 Json letter = letter_form_of(app).read(f, Json::parse(d->letter));
                 letter.erase("number");  // the number comes from the register at issue
                 letter["id"] = letter_key(app, d->id);
                 save_letter(app, ctx, *d, letter, "lưu dự thảo", res);
             });

    app.post(
        R"(/letters/(\d+)/import)", kDrafter, [&app](const Request& req, Response& res, Ctx& ctx) {
            auto d = own_editable(app, req, res, ctx);
            if (!d) return;
            const std::string text = form_value(req, "letter");
            Json letter;
            try {
                letter = Json::parse(text);
            } catch (const std::exception&) {
                // The model's parser gives line and column in Vietnamese.
                try {
                    model::JsonDocument::parse("tệp nhập", text);
                } catch (const model::InputError& e) {
                    return app.fail(res, 400, e.what(), &ctx);
                }
                return app.fail(res, 400, "Tệp nhập không phải JSON.", &ctx);
            }
            if (!letter.is_object())
                return app.fail(res, 400, "Tệp nhập phải là một đối tượng JSON (văn bản).", &ctx);
            nfc_strings(letter);
            letter.erase("number");  // the number comes from the register at issue
            letter["id"] = letter_key(app, d->id);
            save_letter(app, ctx, *d, letter, "nhập JSON", res);
        });

    app.get(R"(/letters/(\d+)/letter\.json)", kReaders,
            [&app](const Request& req, Response& res, Ctx& ctx) {
                auto d = visible_draft(app, req, res, ctx);
                if (!d) return;
                res.set_header("Content-Disposition", "attachment; filename=\"van-ban-" +
                                                          std::to_string(d->id) + ".json\"");
                res.set_content(d->letter, "application/json; charset=utf-8");
            });

    app.get(R"(/letters/(\d+)/preview/(\d+)\.png)", kReaders,
            [&app](const Request& req, Response& res, Ctx& ctx) {
                auto d = visible_draft(app, req, res, ctx);
                if (!d) return;
                auto pages = preview_of(app, *d);
                const std::int64_t n = path_id(req, 2);
                if (!pages || n < 1 || static_cast<std::size_t>(n) > pages->size())
                    return app.fail(res, 404, "Không có trang xem trước này.", &ctx);
                res.set_header("Cache-Control", "private, max-age=60");
                res.set_content((*pages)[static_cast<std::size_t>(n - 1)], "image/png");
            });

    app.post(
        R"(/letters/(\d+)/submit)", kDrafter, [&app](const Request& req, Response& res, Ctx& ctx) {
            auto d = own_editable(app, req, res, ctx);
            if (!d) return;
            if (auto err = app.letters().check(d->letter))
                return app.fail(res, 400, "Văn bản còn lỗi, chưa trình được: " + err->message,
                                &ctx);
            transition(app, req, res, ctx, {"draft", "returned"}, "submitted", "trình ký", false);
        });
    app.post(R"(/letters/(\d+)/approve)", kLeader,
             [&app](const Request& req, Response& res, Ctx& ctx) {
                 transition(app, req, res, ctx, {"submitted"}, "approved", "duyệt", false);
             });
    app.post(R"(/letters/(\d+)/return)", kLeader,
             [&app](const Request& req, Response& res, Ctx& ctx) {
                 transition(app, req, res, ctx, {"submitted"}, "returned", "trả lại", true);
             });

    app.post(R"(/letters/(\d+)/issue)", kClerk,
             [&app](const Request& req, Response& res, Ctx& ctx) {
                 const std::int64_t id = path_id(req);
                 std::string error, timing;
                 const int status = issue_draft(app, id, &ctx, error, &timing);
                 if (status != 200) return app.fail(res, status, error, &ctx);
                 if (!timing.empty()) res.set_header("Server-Timing", timing);
                 app.redirect(res, "/letters/" + std::to_string(id));
             });

    app.get(R"(/letters/(\d+)/pdf)", kReaders, [&app](const Request& req, Response& res, Ctx& ctx) {
        auto d = visible_draft(app, req, res, ctx);
        if (!d) return;
        if (d->status != "issued" || d->file.empty())
            return app.fail(res, 404, "Văn bản chưa ban hành, chưa có bản PDF.", &ctx);
        res.set_header("Content-Disposition",
                       "attachment; filename=\"" + download_name(d->so_ky_hieu) + "\"");
        res.set_content(pdf::read_file(app.files_dir() / d->file), "application/pdf");
    });
    // The agency-signed PDF, written at issue when the server has --sign-key.
    app.get(R"(/letters/(\d+)/signed\.pdf)", kReaders,
            [&app](const Request& req, Response& res, Ctx& ctx) {
                auto d = visible_draft(app, req, res, ctx);
                if (!d) return;
                if (d->status != "issued" || d->file.empty())
                    return app.fail(res, 404, "Văn bản chưa ban hành, chưa có bản ký số.", &ctx);
                const auto path = app.files_dir() / signed_file_name(d->file);
                if (!std::filesystem::exists(path))
                    return app.fail(res, 404, signed_absent_reason(app), &ctx);
                const std::string name = download_name(d->so_ky_hieu);
                res.set_header(
                    "Content-Disposition",
                    "attachment; filename=\"" + name.substr(0, name.size() - 4) + "-ky-so.pdf\"");
                res.set_content(pdf::read_file(path), "application/pdf");
            });
    // The issued letter as DOCX, made on request from its JSON and the register's number/date.
    app.get(
        R"(/letters/(\d+)/docx)", kReaders, [&app](const Request& req, Response& res, Ctx& ctx) {
            auto d = visible_draft(app, req, res, ctx);
            if (!d) return;
            if (d->status != "issued")
                return app.fail(res, 404, "Văn bản chưa ban hành, chưa có bản DOCX.", &ctx);
            std::string bytes;
            try {
                bytes = issued_docx(app, *d);
            } catch (const std::exception& e) {
                return app.fail(res, 500, std::string("Chưa tạo được bản DOCX: ") + e.what(), &ctx);
            }
            const std::string name = download_name(d->so_ky_hieu);
            res.set_header("Content-Disposition",
                           "attachment; filename=\"" + name.substr(0, name.size() - 4) + ".docx\"");
            res.set_content(bytes,
                            "application/"
                            "vnd.openxmlformats-officedocument.wordprocessingml.document");
        });
}

}  // namespace vanban::web
