// The letters pipeline as a library: a letter (model::Letter from JSON) becomes a finished PDF,
// numbered from the dispatch registry. `vanban letter` and the batch runner both call it.
//
//   prepare()   resolve against org.json and render the HTML once with the draft number: every
//               input and template error surfaces here, before any number is taken
//   number()    registry step 1 (reserve): the next number of the letter's series, or the same
//               number again for a letter the registry already knows (idempotent by key)
//   produce()   render with the number, convert with the shared wkhtmltopdf pool, finish with
//               qpdf, write atomically
//   commit      registry step 3, done by make() or by the caller
//
// A failure between number() and the commit leaves the entry `reserved`: running the same letter
// again finds it by key and completes it with the same number (registry.hpp has the protocol).
// All methods are safe to call from several threads; the registry itself is not, so callers
// that share one serialise number()/commit (the batch numbers in a deterministic order first).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/json_source.hpp"
#include "model/letter.hpp"
#include "model/letter_context.hpp"
#include "model/org.hpp"
#include "pdf/finish.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "registry/registry.hpp"
#include "template/engine.hpp"

namespace vanban::letter {

// A Phụ lục made elsewhere (the ranking tables of a covering thông báo), converted and numbered
// like the letter's own appendices, after them. Its reference line names the letter's number,
// known only once numbered, so the parts are made on demand.
struct ExtraPart {
    std::string html;  // a complete document (base_css() in its <style>)
    pdf::PageSetup page;
};
struct ExtraAppendix {
    // Called with the letter's printed Số and ký hiệu ("12/TB-UBND"; a draft "/TB-UBND").
    std::function<std::vector<ExtraPart>(const std::string& so_ky_hieu)> make;
    std::string fingerprint;  // identifies its content (goes into the letter's content hash)
};

// A letter resolved and checked, ready to be numbered and produced.
struct PreparedLetter {
    const model::JsonDocument* doc = nullptr;  // the letter's JSON (messages, content hash)
    model::Letter letter;
    std::string key;           // the registry key: the letter's `id`, or derived from content
    std::string content_hash;  // SHA-256 of the JSON without `number`, the images' bytes and
                               // the extra parts
    std::vector<ExtraAppendix> extra;
};

// A last step between producing and committing (signing): it gets the finished PDF's bytes and
// returns the bytes to write at the output. A throw leaves nothing at the output and, in make(),
// gives back a number that call took.
using Finisher = std::function<std::string(const std::string& pdf)>;

struct Numbered {
    registry::Entry entry;
    registry::ReserveOutcome outcome = registry::ReserveOutcome::Created;
    std::string notice;  // Vietnamese, for ContentChanged; empty otherwise
};

struct Made {
    std::string so_ky_hieu;            // as printed: "05/SYT-VP", a draft "/SYT-VP"
    std::optional<Numbered> numbered;  // absent for a draft
};

class LetterMaker {
  public:
    // `org` and the pool must outlive the maker. `templates` is the ND30 folder (a user's own
    // folder may extend its base layout).
    LetterMaker(const model::Organisation& org, std::filesystem::path templates,
                pdf::WkhtmlPool& pool, pdf::PageNumberStamps& stamps);

    const std::filesystem::path& templates() const { return templates_; }
    // Letters made from now on record their signature block's box in the PDF (catalog key
    // /VanbanSignBox) so that `vanban sign` places the signature images there.
    void set_sign_box(bool on) { sign_box_ = on; }

    // Throws model::InputError (unknown agency, signer, …) or tpl::TemplateError.
    PreparedLetter prepare(const model::JsonDocument& doc, model::Letter letter,
                           std::vector<ExtraAppendix> extra = {});

    // The registry's view of the letter (key, hash, series under the agency's policy, …).
    registry::LetterInfo registry_info(const PreparedLetter& p) const;

    // Reserves the letter's number (or records its explicit one). Throws RegistryError, or
    // InputError for a draft without day and month whose year is not the year of issue (today).
    Numbered number(const PreparedLetter& p, registry::Registry& reg) const;

    // The documents of the letter: [0] the letter, then one per Phụ lục, then the extra parts.
    // `issue_date` (ISO) dates a draft that left day and month blank (the registry's date).
    std::vector<ExtraPart> html(const PreparedLetter& p, std::optional<int> number,
                                const std::string& issue_date = {}) const;

    // Renders, converts and finishes into `out` (atomically), through `finisher` when given.
    // `number` overrides the letter's. Throws pdf::ConversionError or std::runtime_error (or
    // what the finisher throws); nothing is left at `out` on failure.
    Made produce(const PreparedLetter& p, std::optional<int> number,
                 const std::filesystem::path& out,
                 const std::optional<std::filesystem::path>& html_out = std::nullopt,
                 const std::string& issue_date = {}, const Finisher& finisher = {}) const;

    // Several letters at once (the batch, the benchmark): their documents go through one
    // wkhtmltopdf conversion (pdf/combined.hpp), then each letter is finished and written on
    // its own as produce() does. Returns one message per item, empty when its letter was made;
    // one letter's failure does not stop the others.
    // A letter's bytes depend on the letters it was converted with (its pages' offsets in the
    // shared conversion, the font subsets' union): the same items in the same order give the
    // same bytes. An item with `write` false is converted (so the others come out as always)
    // but neither finished nor written: the batch remakes one letter of a group that way.
    struct Item {
        const PreparedLetter* p = nullptr;
        std::optional<int> number;
        std::filesystem::path out;
        std::optional<std::filesystem::path> html_out;
        bool write = true;
        Finisher finisher;  // as produce()'s (signing)
    };
    std::vector<std::string> produce_many(const std::vector<Item>& items) const;

    // The whole pipeline for one letter: with a registry, check the output folder → number →
    // produce → finisher (signing) → commit, and a number this call took is released again if
    // produce or the finisher fails (Registry::release); without a registry, a draft (or the
    // letter's explicit number).
    Made make(const PreparedLetter& p, registry::Registry* reg, const std::filesystem::path& out,
              const std::optional<std::filesystem::path>& html_out = std::nullopt,
              const Finisher& finisher = {}) const;

  private:
    model::LetterContext context(const PreparedLetter& p, std::optional<int> number,
                                 const std::string& issue_date = {}) const;

    const model::Organisation& org_;
    std::filesystem::path templates_;
    pdf::WkhtmlPool& pool_;
    pdf::PageNumberStamps& stamps_;
    mutable tpl::Environment env_;
    bool sign_box_ = false;
};

// The folders a letter's HTML reads besides the templates: those of its electronic signature
// and seal images (PoolOptions::asset_dirs), nothing else. Empty for a paper letter.
std::vector<std::filesystem::path> image_dirs(const model::Letter& l);

// The key of a letter without `id`: agency and content, so the same letter gets the same number.
std::string derived_key(const model::Letter& l, const std::string& content_hash);

}  // namespace vanban::letter
