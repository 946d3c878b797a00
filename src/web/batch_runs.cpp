#include "web/batch_runs.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>

#include <nlohmann/json.hpp>
#include "batch/job.hpp"
#include "batch/manifest.hpp"
#include "batch/runner.hpp"
#include "model/org.hpp"
#include "pdf/atomic_file.hpp"
#include "registry/registry.hpp"
#include "template/engine.hpp"

namespace vanban::web {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The output folder's name from the job id: only [a-z0-9-], so no id can reach outside
// DATA/batch; anything else becomes '-'.
std::string folder_name(const std::string& id) {
    std::string out;
    for (char ch : id) {
        const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
        out += ok ? ch : (ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : '-');
    }
    return out.empty() ? "cong-viec" : out;
}

StoredJob describe(const fs::path& file) {
    StoredJob j;
    j.file = file;
    j.id = file.stem().string();
    try {
        const batch::Job job = batch::load_job(file.string());
        j.id = job.id;
        j.year = job.year;
        j.agency = job.letters.enabled  ? job.letters.agency
                   : job.notice.enabled ? job.notice.agency
                                        : "";
        j.agency_name = j.agency;
        try {
            const auto org = model::load_organisation(job.org);
            if (const auto* a = org.find_agency(j.agency)) j.agency_name = a->name;
        } catch (const std::exception&) {
            // The run's own check names the problem.
        }
    } catch (const std::exception& e) {
        j.error = e.what();
    }
    return j;
}

using Json = nlohmann::ordered_json;

Json to_json(const BatchRun& r) {
    return {{"id", r.id},
            {"job_id", r.job_id},
            {"agency", r.agency},
            {"agency_name", r.agency_name},
            {"started_by", r.started_by},
            {"year", r.year},
            {"status", r.status},
            {"done", r.done},
            {"total", r.total},
            {"seconds", r.seconds},
            {"started_at", r.started_at},
            {"error", r.error},
            {"failures", r.failures},
            {"notes", r.notes},
            {"out_dir", r.out_dir.filename().string()}};
}

BatchRun from_json(const Json& j, const fs::path& batch_dir) {
    BatchRun r;
    r.id = j.at("id").get<int>();
    r.job_id = j.value("job_id", "");
    r.agency = j.value("agency", "");
    r.agency_name = j.value("agency_name", "");
    r.started_by = j.value("started_by", "");
    r.year = j.value("year", 0);
    r.status = j.value("status", "failed");
    r.done = j.value("done", std::size_t{0});
    r.total = j.value("total", std::size_t{0});
    r.seconds = j.value("seconds", 0.0);
    r.started_at = j.value("started_at", std::int64_t{0});
    r.error = j.value("error", "");
    r.failures = j.value("failures", std::size_t{0});
    r.notes = j.value("notes", std::vector<std::string>{});
    // Only the folder's name is kept, and only a name the server makes (folder_name()).
    r.out_dir = batch_dir / folder_name(j.value("out_dir", r.job_id));
    return r;
}

}  // namespace

BatchRuns::BatchRuns(Config c) : c_(std::move(c)) {
    load();
}

void BatchRuns::load() {
    std::error_code ec;
    if (!fs::exists(list_file(), ec)) return;
    try {
        const Json list = Json::parse(pdf::read_file(list_file()));
        for (const auto& j : list) {
            auto slot = std::make_unique<Slot>();
            slot->run = from_json(j, c_.data_dir / "batch");
            if (slot->run.status == "running") {
                // The server stopped without seeing the run end (killed): the files written
                // are whole (atomic), and running the job again finishes it.
                slot->run.status = "interrupted";
                slot->run.error =
                    "Máy chủ dừng đột ngột giữa lượt chạy; chạy lại công việc để "
                    "làm nốt (chỉ phần chưa xong được làm lại).";
            }
            next_id_ = std::max(next_id_, slot->run.id + 1);
            const int id = slot->run.id;
            slots_.emplace(id, std::move(slot));
        }
    } catch (const std::exception&) {
        // An unreadable list is set aside, not fatal: the files of the runs are still there.
        fs::rename(list_file(), fs::path(list_file()).concat(".hong"), ec);
        slots_.clear();
    }
}

void BatchRuns::save_locked() {
    Json list = Json::array();
    for (const auto& [id, s] : slots_) list.push_back(to_json(s->run));
    try {
        fs::create_directories(list_file().parent_path());
        pdf::write_file_atomically(list_file(), list.dump(1));
    } catch (const std::exception&) {
        // The runs go on; only their list would be missing after a restart.
    }
}

BatchRuns::~BatchRuns() {
    stop_all();
}

std::vector<StoredJob> BatchRuns::jobs() const {
    std::vector<StoredJob> out;
    std::error_code ec;
    const fs::path dir = c_.data_dir / "jobs";
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".json" && e.is_regular_file())
            out.push_back(describe(e.path()));
    std::sort(out.begin(), out.end(),
              [](const StoredJob& a, const StoredJob& b) { return a.id < b.id; });
    return out;
}

BatchRun BatchRuns::start(const std::string& job_id, const std::string& user) {
    std::optional<StoredJob> job;
    for (auto& j : jobs())
        if (j.id == job_id) job = j;
    if (!job) throw BatchRefused("Không có công việc '" + job_id + "' trong thư mục jobs.");
    if (!job->error.empty())
        throw BatchRefused("Công việc '" + job_id + "' có lỗi, chưa chạy được: " + job->error);
    std::lock_guard lock(mu_);
    for (const auto& [id, s] : slots_) {
        const BatchRun& r = s->run;
        if (r.status == "running" && (r.agency == job->agency || r.job_id == job->id))
            throw BatchRefused("Đang có lượt chạy #" + std::to_string(r.id) + " (công việc " +
                               r.job_id + ", do " + r.started_by + " bắt đầu) của cơ quan " +
                               (r.agency_name.empty() ? r.job_id : r.agency_name) +
                               ": mỗi cơ quan chỉ chạy một lượt một lúc. Chờ lượt đó xong " +
                               "hoặc dừng nó rồi bắt đầu lại.");
    }
    auto slot = std::make_unique<Slot>();
    Slot& s = *slot;
    s.run.id = next_id_++;
    s.run.job_id = job->id;
    s.run.year = job->year;
    s.run.agency = job->agency;
    s.run.agency_name = job->agency_name;
    s.run.started_by = user;
    s.run.started_at = now_seconds();
    s.run.out_dir = c_.data_dir / "batch" / folder_name(job->id);
    s.t0 = Clock::now();
    const BatchRun copy = s.run;
    slots_.emplace(s.run.id, std::move(slot));
    save_locked();
    s.thread = std::thread([this, &s, file = job->file] { work(s, file); });
    return copy;
}

void BatchRuns::work(Slot& s, fs::path job_file) {
    std::ostringstream log;  // the per-document lines of the CLI; the page shows the counts
    batch::Summary sum;
    std::string error;
    try {
        const batch::Job job = batch::load_job(job_file.string());
        batch::RunOptions o;
        o.out_dir = s.run.out_dir;
        o.jobs = c_.pdf_workers;
        o.templates_root = c_.templates;
        o.batch_templates = c_.templates / "batch";
        o.registry = c_.registry;
        o.log = &log;
        o.cancel = &s.cancel;
        o.on_progress = [this, &s](std::size_t done, std::size_t total) {
            std::lock_guard lock(mu_);
            s.run.done = done;
            s.run.total = total;
        };
        fs::create_directories(o.out_dir);
        sum = batch::run_job(job, o);
    } catch (const std::exception& e) {
        error = e.what();
    }
    BatchRun ended;
    {
        std::lock_guard lock(mu_);
        BatchRun& r = s.run;
        r.seconds = std::chrono::duration<double>(Clock::now() - s.t0).count();
        r.failures = sum.failures.size();
        for (const auto& f : sum.failures) r.notes.push_back("LỖI " + f.path + ": " + f.reason);
        for (const auto& n : sum.notices) r.notes.push_back(n);
        for (const auto& w : sum.warnings) r.notes.push_back(w);
        if (!error.empty()) {
            r.status = "failed";
            r.error = error;
        } else {
            r.status = sum.cancelled ? "cancelled" : "done";
        }
        ended = r;
        save_locked();
    }
    if (c_.on_end) c_.on_end(ended);
}

bool BatchRuns::cancel(int id) {
    std::lock_guard lock(mu_);
    auto it = slots_.find(id);
    if (it == slots_.end() || it->second->run.status != "running") return false;
    it->second->cancel = true;
    return true;
}

void BatchRuns::stop_all() {
    std::vector<std::thread*> threads;
    {
        std::lock_guard lock(mu_);
        for (auto& [id, s] : slots_) {
            s->cancel = true;
            if (s->thread.joinable()) threads.push_back(&s->thread);
        }
    }
    for (auto* t : threads) t->join();
}

std::optional<BatchRun> BatchRuns::get(int id) const {
    std::lock_guard lock(mu_);
    auto it = slots_.find(id);
    if (it == slots_.end()) return std::nullopt;
    BatchRun r = it->second->run;
    if (r.status == "running")
        r.seconds = std::chrono::duration<double>(Clock::now() - it->second->t0).count();
    return r;
}

std::vector<BatchRun> BatchRuns::runs() const {
    std::vector<BatchRun> out;
    std::vector<int> ids;
    {
        std::lock_guard lock(mu_);
        for (const auto& [id, s] : slots_) ids.push_back(id);
    }
    for (auto it = ids.rbegin(); it != ids.rend(); ++it)
        if (auto r = get(*it)) out.push_back(*r);
    return out;
}

std::vector<BatchFile> BatchRuns::files(int id) const {
    std::vector<BatchFile> out;
    const auto r = get(id);
    if (!r || r->status == "running") return out;
    std::string warning;
    const batch::Manifest m(r->out_dir, r->job_id, "", warning);
    std::size_t i = 0;
    for (const auto& [path, e] : m.entries()) {
        BatchFile f;
        f.index = i++;
        f.path = path;
        f.kind = e.kind;
        f.period = e.period;
        f.unit = e.unit;
        f.so_ky_hieu = e.so_ky_hieu;
        f.ok = e.ok;
        f.error = e.error;
        out.push_back(std::move(f));
    }
    return out;
}

fs::path BatchRuns::file(int id, std::size_t index) const {
    const auto r = get(id);
    if (!r) return {};
    for (const auto& f : files(id)) {
        if (f.index != index || !f.ok) continue;
        // The manifest's paths are the batch's own; still, serve only inside the run's folder.
        std::error_code ec;
        const fs::path p = fs::weakly_canonical(r->out_dir / f.path, ec);
        const fs::path root = fs::weakly_canonical(r->out_dir, ec);
        if (ec) return {};
        const auto rel = p.lexically_relative(root);
        if (rel.empty() || *rel.begin() == ".." || !fs::is_regular_file(p)) return {};
        return p;
    }
    return {};
}

}  // namespace vanban::web
