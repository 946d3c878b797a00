// The letters pipeline as the web uses it, through the same library as `vanban letter`
// (letter::LetterMaker): check a letter, preview it as a draft (PDF -> PNG pages with poppler's
// pdftoppm), and issue it (number from the registry, produce, commit). No layout or numbering
// code of its own.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "letter/letter_maker.hpp"
#include "model/org.hpp"
#include "pdf/finish.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "registry/registry.hpp"

namespace vanban::web {

// A problem in a letter, tied to the form field it belongs to.
struct FieldError {
    std::string field;    // form field name ("trich_yeu", "body", "appendix1", …) or "" (general)
    std::string pointer;  // the validator's JSON pointer
    std::string message;  // Vietnamese, without the file name
};

struct LetterProblem : std::runtime_error {
    explicit LetterProblem(FieldError e) : std::runtime_error(e.message), error(std::move(e)) {}
    FieldError error;
};

struct Issued {
    std::string so_ky_hieu, agency, series;
    int year = 0;
    bool new_number = true;  // false: the registry already had this letter (reload, retry)
    std::string notice;
    // Wall time of the registry steps (reserve + commit, with waiting for the registry's lock)
    // and of rendering, in milliseconds: sent as Server-Timing for bench/web.
    double number_ms = 0, render_ms = 0;
};

class LetterService {
  public:
    LetterService(const model::Organisation& org, std::filesystem::path nd30,
                  std::filesystem::path tmp_dir, unsigned workers);
    ~LetterService();

    // Parses and prepares (everything the CLI checks before taking a number).
    std::optional<FieldError> check(const std::string& json) const;
    // The draft PDF's bytes ("Số:      /SYT-VP"). Throws LetterProblem or pdf::ConversionError.
    std::string draft_pdf(const std::string& json) const;
    // The draft as PNG pages at `dpi`. Throws like draft_pdf.
    std::vector<std::string> preview_pages(const std::string& json, int dpi = 60) const;

    // Numbers and produces the letter into `out` (atomically), then commits it. `locked` runs
    // its argument with the shared registry under its lock; rendering happens outside it.
    using Locked = std::function<void(const std::function<void(registry::Registry&)>&)>;
    Issued issue(const std::string& json, const Locked& locked,
                 const std::filesystem::path& out) const;

    // Letters carry the signature box (sign/placement.hpp) so that the agency's seal can be
    // placed at issue; on only when the server has a signing key.
    void set_sign_box(bool on) { maker_->set_sign_box(on); }

    // The shared wkhtmltopdf pool (the register book PDF uses it too).
    pdf::WkhtmlPool& pool() { return *pool_; }
    pdf::PageNumberStamps& stamps() { return *stamps_; }

  private:
    letter::PreparedLetter prepare(const model::JsonDocument& doc) const;
    const model::Organisation& org_;
    std::filesystem::path tmp_dir_;
    std::unique_ptr<pdf::WkhtmlPool> pool_;
    std::unique_ptr<pdf::PageNumberStamps> stamps_;
    std::unique_ptr<letter::LetterMaker> maker_;
};

// Which form field a JSON pointer of the letter belongs to ("/appendices/0/body/2" ->
// "appendix1").
std::string field_of_pointer(const std::string& pointer);

// Runs a program (no shell) and waits; true when it exited with status 0.
bool run_program(const std::vector<std::string>& argv);

}  // namespace vanban::web
