// What the letter pages share: draft labels and summaries, the data of the view and edit pages,
// the preview cache and issuing (also run at start to finish an issue a crash interrupted).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "web/app.hpp"

namespace vanban::web {

std::string status_label(const std::string& status);
// The letter's registry key: "web-<data folder id>-<draft id>", stable across edits.
std::string letter_key(App& app, std::int64_t draft_id);
std::string draft_object(std::int64_t draft_id);           // "văn bản #12" (audit log)
std::string download_name(const std::string& so_ky_hieu);  // "05/SYT-VP" -> "05-SYT-VP.pdf"

// The agency-signed copy beside an issued file: "d12.pdf" -> "d12-ky-so.pdf".
std::string signed_file_name(const std::string& file);
// Why an issued letter has no signed PDF (shown on its page and by the download).
std::string signed_absent_reason(App& app);
// The issued draft as DOCX (docx::issued_letter_docx with the register's number and date);
// throws std::runtime_error (Vietnamese) when the register has no entry for it.
std::string issued_docx(App& app, const Draft& d);

Json draft_summary(const Draft& d);
Json draft_page_data(App& app, const Draft& d, const Ctx& ctx);
Json edit_page_data(App& app, const Draft& d);

class LetterForm;
// The letter form (schemas/letter.schema.json with this App's org.json).
const LetterForm& letter_form_of(App& app);

// The draft's preview pages (PNG), rendered once per content; null when it cannot be rendered.
std::shared_ptr<const std::vector<std::string>> preview_of(App& app, const Draft& d);

// Issues the draft's number and final PDF; 200 or an HTTP status with a message in `error`.
// Idempotent: an issued draft is left as it is, a draft in `issuing` (interrupted) is finished
// with the number the registry already holds for it. `ctx` null: the server itself (recovery).
// `timing` (may be null) receives a Server-Timing value for a new issue.
int issue_draft(App& app, std::int64_t id, const Ctx* ctx, std::string& error,
                std::string* timing = nullptr);

// Finishes every draft left in `issuing` by a crash; returns how many.
int finish_interrupted_issues(App& app);

}  // namespace vanban::web
