// Opening a registry from a string, and the small value types of registry.hpp.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "registry/pg_connection.hpp"
#include "registry/registry.hpp"
#include "registry/sql_registry.hpp"
#include "registry/sqlite_connection.hpp"
#include "vn/format.hpp"

namespace vanban::registry {

std::string_view status_name(Status s) {
    switch (s) {
        case Status::Reserved:
            return "reserved";
        case Status::Issued:
            return "issued";
        case Status::Void:
            return "void";
    }
    return "reserved";
}

std::string_view status_label(Status s) {
    switch (s) {
        case Status::Reserved:
            return "đã giữ số";
        case Status::Issued:
            return "đã ban hành";
        case Status::Void:
            return "đã hủy";
    }
    return "";
}

std::string Date::iso() const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

// The Ngày tháng column: the decree's short form, as vn::date_short writes it ("15/3/2024").
std::string Date::short_vn() const {
    return vn::date_short(vn::Date{year, month, day});
}

std::optional<Date> Date::parse_iso(std::string_view s) {
    // The register stores dates exactly as YYYY-MM-DD: no time part, unlike letters' dates.
    if (s.size() != 10) return std::nullopt;
    try {
        const vn::Date d = vn::parse_iso_date(s);
        return Date{d.year, d.month, d.day};
    } catch (const vn::FormatError&) {
        return std::nullopt;
    }
}

std::string content_changed_notice(const Reservation& r) {
    const Entry& e = r.entry;
    std::string s = "Văn bản '" + e.key + "' đã có số " + e.so_ky_hieu + " năm " +
                    std::to_string(e.year) + " nhưng nội dung đã thay đổi so với lần cấp số. ";
    if (e.status == Status::Reserved)
        s += "Văn bản chưa ban hành nên giữ nguyên số, sổ ghi theo nội dung mới.";
    else
        s += "Văn bản đã ban hành nên sổ giữ nguyên nội dung cũ; nếu cần ban hành văn bản mới, "
             "hãy đổi id của văn bản (và hủy số cũ nếu văn bản cũ không còn giá trị).";
    return s;
}

std::string default_registry_spec() {
    const char* env = std::getenv("VANBAN_REGISTRY");
    if (env && *env) return env;
    return "vanban.db";
}

std::string current_actor() {
    const char* user = std::getenv("USER");
    if (!user || !*user) user = std::getenv("LOGNAME");
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    return std::string(user && *user ? user : "?") + "@" + host;
}

std::unique_ptr<Registry> open_registry(std::string_view spec_in, OpenMode mode) {
    const std::string spec = spec_in.empty() ? default_registry_spec() : std::string(spec_in);
    if (spec.starts_with("postgresql://") || spec.starts_with("postgres://"))
        return make_sql_registry(sql::open_postgres(spec, mode));
    // A registry that could not be created (a full disk) leaves no empty file behind, which
    // the next run would otherwise take for a registry. Only a file still empty is removed: a
    // registry another process filled meanwhile stays.
    std::error_code ec;
    const bool existed = std::filesystem::exists(spec, ec) || ec;
    try {
        return make_sql_registry(sql::open_sqlite(spec, mode));
    } catch (...) {
        if (!existed && std::filesystem::file_size(spec, ec) == 0 && !ec) {
            for (const char* suffix : {"-wal", "-shm", "-journal"})
                ::unlink((spec + suffix).c_str());
            ::unlink(spec.c_str());
        }
        throw;
    }
}

}  // namespace vanban::registry
