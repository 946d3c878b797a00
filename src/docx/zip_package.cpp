#include "docx/zip_package.hpp"

#include <zip.h>

#include <memory>
#include <stdexcept>

namespace vanban::docx {

namespace {

// 1 January 2020, 00:00:00 as MS-DOS date and time (the ZIP format's own fields): a fixed
// value that does not depend on the time zone, as zip_file_set_mtime's time_t would.
constexpr zip_uint16_t kDosTime = 0;
constexpr zip_uint16_t kDosDate = ((2020 - 1980) << 9) | (1 << 5) | 1;

// Parts smaller than this are stored, larger ones deflated at level 1 (zlib's fastest: a
// letter's DOCX grows by 0.5 KB, its deflating takes about half the instructions of level 6).
constexpr std::size_t kStoreBelowBytes = 1024;

[[noreturn]] void fail(const std::string& what, zip_error_t* err) {
    std::string msg = "không tạo được tệp DOCX (" + what + ")";
    if (err) msg += ": " + std::string(zip_error_strerror(err));
    throw std::runtime_error(msg);
}

}  // namespace

std::string zip_parts(const std::vector<Part>& parts) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* mem = zip_source_buffer_create(nullptr, 0, 0, &err);
    if (!mem) fail("bộ đệm", &err);
    zip_source_keep(mem);  // read the archive back after zip_close
    std::unique_ptr<zip_source_t, void (*)(zip_source_t*)> keep(mem, zip_source_free);
    zip_t* za = zip_open_from_source(mem, ZIP_TRUNCATE, &err);
    if (!za) fail("mở kho nén", &err);
    for (const auto& p : parts) {
        zip_source_t* src = zip_source_buffer(za, p.bytes.data(), p.bytes.size(), 0);
        if (!src) {
            zip_discard(za);
            fail(p.name, nullptr);
        }
        zip_int64_t idx = zip_file_add(za, p.name.c_str(), src, ZIP_FL_ENC_UTF_8);
        if (idx < 0) {
            zip_source_free(src);
            zip_discard(za);
            fail(p.name, nullptr);
        }
        // Parts under 1 KB are stored: deflating one costs a zlib stream set-up (zeroing its
        // window and hash tables), most of the time of a whole letter, to save 100–300 bytes.
        zip_set_file_compression(za, static_cast<zip_uint64_t>(idx),
                                 p.bytes.size() < kStoreBelowBytes ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                 1);
        zip_file_set_dostime(za, static_cast<zip_uint64_t>(idx), kDosTime, kDosDate, 0);
    }
    if (zip_close(za) != 0) {
        std::string why = zip_strerror(za);
        zip_discard(za);
        throw std::runtime_error("không tạo được tệp DOCX: " + why);
    }
    zip_stat_t st;
    if (zip_source_stat(mem, &st) != 0 || zip_source_open(mem) != 0)
        fail("đọc kho nén", zip_source_error(mem));
    std::string out(static_cast<std::size_t>(st.size), '\0');
    zip_int64_t n = zip_source_read(mem, out.data(), st.size);
    zip_source_close(mem);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) fail("đọc kho nén", nullptr);
    return out;
}

}  // namespace vanban::docx
