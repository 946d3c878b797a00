// The figures as the web keeps them, and the documents made from them, all through the libraries
// the CLI calls (model's loaders, intake, scoring, xlsx, ranking, leader): no scoring or layout
// code here. Everything lives in DATA/so-lieu as the CLI's files, so that
// `vanban score --org DATA/org.json --targets DATA/so-lieu --data DATA/so-lieu` gives the same
// figures as the pages:
//   so-lieu/chi-tieu-YYYY.json   the year's targets (uploaded by quản trị)
//   so-lieu/du-lieu-YYYY-Qn.json a quarter's counts (uploaded as JSON, XLSX or CSV)
// An upload that passed every check waits in DATA/tmp/cho-luu-<token>.json until its uploader
// confirms it. File names are always made here, never taken from a request.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "model/dataset.hpp"
#include "model/period.hpp"
#include "scoring/score.hpp"

namespace vanban::pdf {
class WkhtmlPool;
class PageNumberStamps;
}  // namespace vanban::pdf

namespace vanban::web {

struct ServeOptions;

// An upload waiting for its confirmation.
struct PendingUpload {
    std::int64_t user_id = 0;
    model::Quarter quarter;
    std::string source;  // the uploaded file's name (shown only, never used as a path)
    std::string json;    // the quarter's data in the loader's format
    std::size_t units = 0;
};

// A stored file and its SHA-256 ("" when there is none).
struct StoredFile {
    std::filesystem::path path;
    std::string hash;
};

class ScoreData {
  public:
    // `pool` and `stamps`: the server's one wkhtmltopdf pool (LetterService's), whose workers
    // may read every folder of the bundled templates.
    ScoreData(const ServeOptions& options, pdf::WkhtmlPool& pool, pdf::PageNumberStamps& stamps);
    ~ScoreData();

    std::filesystem::path dir() const { return dir_; }
    std::filesystem::path org_file() const { return org_file_; }
    std::filesystem::path tmp_dir() const { return tmp_dir_; }
    std::filesystem::path templates() const { return templates_; }

    // A library's message with the server's own paths shortened to the names users know
    // ("so-lieu/du-lieu-2024-Q1.json", "org.json"): pages never show where the data lives.
    std::string hide_paths(std::string message) const;

    std::vector<model::Quarter> quarters() const;  // stored, oldest first
    std::vector<int> target_years() const;         // stored, oldest first
    // The periods that can be scored from what is stored, newest first: each quarter, and the
    // 6 months, 9 months and year whose quarters are all there.
    std::vector<model::Period> periods() const;

    // Loads what `period` needs with the CLI's loader. Throws model::InputError.
    model::Dataset load(const model::Period& period) const;
    // The dataset of the pending upload's quarter as it would be once confirmed: the stored
    // targets and quarters of its year with the upload in its quarter's place, loaded by the
    // same loader from a private folder (removed after). Throws model::InputError.
    model::Dataset load_preview(const PendingUpload& p) const;
    model::Organisation load_org() const;
    // The method of `year`. Throws model::InputError (no file, or a bad one).
    model::Method load_method(int year) const;

    StoredFile quarter_file(const model::Quarter& q) const;
    StoredFile targets_file(int year) const;
    StoredFile org_stored() const;
    // Writes `bytes` atomically to `target` (one of the paths above) under the store's lock and
    // returns the hash of what was there before.
    std::string replace(const std::filesystem::path& target, const std::string& bytes);

    // Pending uploads: the token is random; only the same user can take it.
    std::string put_pending(const PendingUpload& p);
    std::optional<PendingUpload> take_pending(const std::string& token, std::int64_t user_id,
                                              bool remove);

    // Documents, as bytes (made in tmp under a private name, read back, removed).
    std::string scorecard_xlsx(const model::Dataset& ds, const scoring::ScoreTable& t,
                               const std::vector<model::Level>& levels);
    std::string ranking_pdf(const model::Dataset& ds, const scoring::ScoreTable& t,
                            const std::vector<model::Level>& levels);
    std::string leader_pdf(const model::Dataset& ds, const scoring::ScoreTable& t,
                           const std::vector<model::Level>& levels, const std::string& unit);
    std::string form_xlsx(const model::Quarter& q);

  private:
    std::filesystem::path temp_name(const std::string& ext) const;
    std::filesystem::path dir_, org_file_, tmp_dir_, templates_;
    std::mutex write_mutex_;
    pdf::WkhtmlPool& pool_;
    pdf::PageNumberStamps& stamps_;
};

// The levels a `level` parameter names: "" all three; "so", "huyen", "xa" one; nullopt bad.
std::optional<std::vector<model::Level>> levels_param(const std::string& value);

}  // namespace vanban::web
