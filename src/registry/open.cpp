// Opening a registry from a string, and the small value types of registry.hpp.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "registry/pg_connection.hpp"
#include "registry/registry.hpp"
#include "registry/sql_registry.hpp"
#include "registry/sqlite_connection.hpp"

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

// Vietnamese short form: the day below 10 and the months 1 and 2 padded, other months not
// ("05/02/2024", "15/3/2024"), the same rule as the long form "ngày 05 tháng 02".
std::string Date::short_vn() const {
    char buf[32];
    std::snprintf(buf, sizeof buf, month <= 2 ? "%02d/%02d/%04d" : "%02d/%d/%04d", day, month,
                  year);
    return buf;
}

std::optional<Date> Date::parse_iso(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    auto num = [&](std::size_t from, std::size_t len) {
        int v = 0;
        for (std::size_t i = from; i < from + len; ++i) {
            if (s[i] < '0' || s[i] > '9') return -1;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    Date d{num(0, 4), num(5, 2), num(8, 2)};
    if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1) return std::nullopt;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    const int max = d.month == 2 && leap ? 29 : kDays[d.month - 1];
    if (d.day > max) return std::nullopt;
    return d;
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
    return make_sql_registry(sql::open_sqlite(spec, mode));
}

}  // namespace vanban::registry
