#include "batch/manifest.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "model/digest.hpp"
#include "pdf/atomic_file.hpp"

namespace vanban::batch {

namespace fs = std::filesystem;
using J = nlohmann::ordered_json;

Manifest::Manifest(fs::path out_dir, std::string job_id, std::string shard, std::string& warning)
    : file_(out_dir / "manifest.json"), job_id_(std::move(job_id)), shard_(std::move(shard)) {
    std::error_code ec;
    if (!fs::exists(file_, ec)) return;
    try {
        const J j = J::parse(pdf::read_file(file_));
        if (j.value("job", "") != job_id_) {
            warning = file_.string() + ": sổ kê của công việc khác (\"" + j.value("job", "") +
                      "\"), mọi văn bản được tạo lại";
            return;
        }
        for (const auto& d : j.at("documents")) {
            ManifestEntry e;
            e.kind = d.value("kind", "");
            e.period = d.value("period", "");
            e.unit = d.value("unit", "");
            e.key = d.value("key", "");
            e.so_ky_hieu = d.value("so_ky_hieu", "");
            e.input_hash = d.value("input_hash", "");
            e.file_hash = d.value("file_hash", "");
            e.ok = d.value("status", "") == "ok";
            e.error = d.value("error", "");
            entries_[d.at("path").get<std::string>()] = std::move(e);
        }
    } catch (const std::exception& e) {
        entries_.clear();
        warning = file_.string() + ": sổ kê hỏng (" + e.what() + "), mọi văn bản được tạo lại";
    }
}

std::optional<ManifestEntry> Manifest::find(const std::string& path) const {
    std::lock_guard lock(mu_);
    auto it = entries_.find(path);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
}

void Manifest::record(const std::string& path, ManifestEntry e) {
    std::lock_guard lock(mu_);
    entries_[path] = std::move(e);
}

void Manifest::erase(const std::string& path) {
    std::lock_guard lock(mu_);
    entries_.erase(path);
}

std::vector<std::pair<std::string, ManifestEntry>> Manifest::entries() const {
    std::lock_guard lock(mu_);
    return {entries_.begin(), entries_.end()};
}

std::size_t Manifest::size() const {
    std::lock_guard lock(mu_);
    return entries_.size();
}

void Manifest::save() const {
    std::string text;
    {
        std::lock_guard lock(mu_);
        J j;
        j["job"] = job_id_;
        j["shard"] = shard_;
        J docs = J::array();
        for (const auto& [path, e] : entries_) {
            J d{{"path", path}, {"kind", e.kind}, {"period", e.period}};
            if (!e.unit.empty()) d["unit"] = e.unit;
            if (!e.key.empty()) d["key"] = e.key;
            if (!e.so_ky_hieu.empty()) d["so_ky_hieu"] = e.so_ky_hieu;
            d["input_hash"] = e.input_hash;
            d["status"] = e.ok ? "ok" : "failed";
            if (e.ok)
                d["file_hash"] = e.file_hash;
            else
                d["error"] = e.error;
            docs.push_back(std::move(d));
        }
        j["documents"] = std::move(docs);
        text = j.dump(1) + "\n";
    }
    pdf::write_file_atomically(file_, text);
}

std::string file_sha256(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return {};
    model::Sha256 h;
    char buf[65536];
    while (in) {
        in.read(buf, sizeof buf);
        h.update(std::string_view(buf, static_cast<std::size_t>(in.gcount())));
    }
    return h.hex();
}

}  // namespace vanban::batch
