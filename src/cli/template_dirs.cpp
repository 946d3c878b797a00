#include "cli/template_dirs.hpp"

namespace vanban::cli {

namespace fs = std::filesystem;

fs::path bundled_templates_dir(std::string_view name) {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.parent_path();
             dir = dir.parent_path()) {
            fs::path candidate = dir / "templates" / name;
            if (fs::is_directory(candidate, ec)) return candidate;
        }
    }
    return fs::path("templates") / name;
}

}  // namespace vanban::cli
