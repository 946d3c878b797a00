#include "batch/prune.hpp"

namespace vanban::batch {

namespace fs = std::filesystem;

namespace {

// A manifest path that names a file strictly below OUT_DIR by itself: relative, normalised,
// without "." or ".." components.
bool plain_relative(const std::string& rel) {
    const fs::path p(rel);
    if (rel.empty() || p.is_absolute() || p.has_root_name() || p.lexically_normal() != p)
        return false;
    for (const auto& part : p)
        if (part == ".." || part == "." || part.empty()) return false;
    return true;
}

// True when `dir` (existing) is inside OUT_DIR once symbolic links are resolved; OUT_DIR itself
// counts only when `or_itself`.
bool inside(const fs::path& dir, const fs::path& out_canonical, bool or_itself) {
    std::error_code ec;
    const fs::path c = fs::canonical(dir, ec);
    if (ec) return false;
    const fs::path rel = c.lexically_relative(out_canonical);
    if (rel == ".") return or_itself;
    return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

PruneResult remove_dropped_outputs(Manifest& manifest, const std::set<std::string>& planned,
                                   const fs::path& out_dir) {
    PruneResult res;
    std::error_code ec;
    const fs::path out_c = fs::canonical(out_dir, ec);
    if (ec) return res;
    std::set<fs::path> emptied;  // folders that may now be empty
    for (const auto& [rel, e] : manifest.entries()) {
        if (planned.count(rel)) continue;
        const std::string number = e.so_ky_hieu.empty() ? "" : " (số " + e.so_ky_hieu + ")";
        if (!plain_relative(rel)) {
            // Not a path vanban writes: a damaged or hand-edited manifest. Forget the entry and
            // touch nothing on disk.
            manifest.erase(rel);
            res.kept.push_back(rel + ": đường dẫn không nằm trong thư mục kết quả, không xóa");
            continue;
        }
        const fs::path file = out_dir / rel;
        const fs::file_status st = fs::symlink_status(file, ec);
        if (st.type() == fs::file_type::not_found) {
            manifest.erase(rel);  // already gone (deleted by hand, or by a killed earlier run)
            continue;
        }
        if (ec) {  // kept in the manifest: the next run tries again
            res.kept.push_back(rel + ": không đọc được (" + ec.message() + "), không xóa");
            continue;
        }
        if (st.type() != fs::file_type::regular || !inside(file.parent_path(), out_c, true)) {
            manifest.erase(rel);
            res.kept.push_back(rel + ": không phải tệp thường trong thư mục kết quả, không xóa");
            continue;
        }
        if (!e.ok || e.file_hash.empty()) {
            // The last run failed to make it: the file there is not one vanban vouches for.
            manifest.erase(rel);
            res.kept.push_back(rel + number +
                               ": lần chạy trước không tạo được tệp này, tệp đang có được giữ lại "
                               "(xóa tay nếu không cần)");
            continue;
        }
        if (file_sha256(file) != e.file_hash) {
            manifest.erase(rel);
            res.kept.push_back(rel + number +
                               ": tệp đã khác lúc vanban tạo, giữ lại (xóa tay nếu không cần)");
            continue;
        }
        if (!fs::remove(file, ec) || ec) {
            // Kept in the manifest: the next run tries again.
            res.kept.push_back(rel + ": không xóa được (" + ec.message() + ")");
            continue;
        }
        manifest.erase(rel);
        res.removed.push_back(rel + number);
        emptied.insert(file.parent_path());
    }
    // Folders left empty (a period's "cong-van/", then the period's own folder), deepest first;
    // fs::remove refuses a folder that still holds anything, such as a user's file.
    for (auto it = emptied.rbegin(); it != emptied.rend(); ++it)
        for (fs::path d = *it; inside(d, out_c, false) && fs::is_empty(d, ec) && !ec;
             d = d.parent_path())
            if (!fs::remove(d, ec)) break;
    return res;
}

}  // namespace vanban::batch
