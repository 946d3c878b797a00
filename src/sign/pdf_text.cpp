#include "sign/pdf_text.hpp"

#include <cstdint>
#include <cstdio>

namespace vanban::sign {

std::string pdf_text_string(std::string_view s) {
    std::string out = "<FEFF";
    auto hex4 = [&](unsigned v) {
        char b[8];
        std::snprintf(b, sizeof b, "%04X", v);
        out += b;
    };
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        uint32_t cp = 0xFFFD;
        size_t len = 1;
        if (c < 0x80) {
            cp = c;
        } else if ((c >> 5) == 6 && i + 1 < s.size()) {
            cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
            len = 2;
        } else if ((c >> 4) == 14 && i + 2 < s.size()) {
            cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
            len = 3;
        } else if ((c >> 3) == 30 && i + 3 < s.size()) {
            cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) |
                 (s[i + 3] & 0x3F);
            len = 4;
        }
        i += len;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            hex4(0xD800 + (cp >> 10));
            hex4(0xDC00 + (cp & 0x3FF));
        } else {
            hex4(cp);
        }
    }
    return out + ">";
}

namespace {
struct tm vietnam_tm(std::time_t t) {
    std::time_t local = t + 7 * 3600;
    struct tm tm {};
    gmtime_r(&local, &tm);
    return tm;
}
}  // namespace

std::string iso_vietnam(std::time_t t) {
    struct tm tm = vietnam_tm(t);
    char b[40];
    std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S+07:00", &tm);
    return b;
}

std::string pdf_date_vietnam(std::time_t t) {
    struct tm tm = vietnam_tm(t);
    char b[40];
    std::strftime(b, sizeof b, "D:%Y%m%d%H%M%S+07'00'", &tm);
    return b;
}

std::time_t parse_pdf_date(std::string_view d) {
    if (d.starts_with("D:")) d.remove_prefix(2);
    if (d.size() < 14) return -1;
    struct tm tm {};
    auto n = [&](size_t pos, size_t len) {
        int v = 0;
        for (size_t i = pos; i < pos + len; ++i) {
            if (d[i] < '0' || d[i] > '9') return -1;
            v = v * 10 + (d[i] - '0');
        }
        return v;
    };
    tm.tm_year = n(0, 4) - 1900;
    tm.tm_mon = n(4, 2) - 1;
    tm.tm_mday = n(6, 2);
    tm.tm_hour = n(8, 2);
    tm.tm_min = n(10, 2);
    tm.tm_sec = n(12, 2);
    std::time_t t = timegm(&tm);
    if (d.size() >= 17 && (d[14] == '+' || d[14] == '-')) {
        int off = n(15, 2) * 3600 + (d.size() >= 20 ? n(18, 2) * 60 : 0);
        t += d[14] == '+' ? -off : off;
    }
    return t;
}

std::string num(double v) {
    // Trimmed in the buffer: GCC 12's -Wrestrict misfires on pop_back + assign under ASan.
    char b[32];
    int n = std::snprintf(b, sizeof b, "%.2f", v);
    while (n > 0 && b[n - 1] == '0') --n;
    if (n > 0 && b[n - 1] == '.') --n;
    if (n == 2 && b[0] == '-' && b[1] == '0') return "0";
    return std::string(b, static_cast<size_t>(n));
}

}  // namespace vanban::sign
