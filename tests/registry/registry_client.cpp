// Test and benchmark client: numbers N synthetic letters against a registry, the way
// `vanban letter` will: reserve -> "render" (write a file through temp + rename) -> commit.
// Spawned as separate processes by the concurrency and crash tests and by bench/registry.
//
//   registry_client --registry SPEC --prefix KEY --count N [--agency SYT] [--unit VP]
//                   [--type "Công văn"] [--series HC] [--date 2024-03-01]
//                   [--render-dir DIR] [--sleep-ms MS] [--long 1]
//
// --long 1: trích yếu and Nơi nhận of varied length (1 to 5 lines in a register's column),
// each trích yếu ending in the word "hết_mục_PREFIX_I" (no hyphen: Qt may break a line there), so
// that a register book has rows of many heights and a test can tell whether a row was cut across
// pages.
//
// Prints one line per letter, flushed at once: KEY <tab> SỐ/KÝ-HIỆU <tab> created|existing|changed
// (|skipped when the letter was already issued and its file exists).
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <thread>

#include "registry/registry.hpp"

namespace fs = std::filesystem;
using namespace vanban::registry;

namespace {

// The letters stage writes its PDF like this: a temp file in the same folder, fsync, rename.
void write_atomically(const fs::path& path, const std::string& content) {
    const fs::path tmp = path.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) throw std::runtime_error("cannot write " + tmp.string());
    if (::write(fd, content.data(), content.size()) != static_cast<ssize_t>(content.size()) ||
        ::fsync(fd) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot write " + tmp.string());
    }
    ::close(fd);
    fs::rename(tmp, path);
}

}  // namespace

int main(int argc, char** argv) {
    std::map<std::string, std::string> opt{
        {"--agency", "SYT"},      {"--unit", "VP"}, {"--type", "Công văn"}, {"--series", "HC"},
        {"--date", "2024-03-01"}, {"--count", "1"}, {"--prefix", "letter"}, {"--sleep-ms", "0"}};
    for (int i = 1; i + 1 < argc; i += 2) opt[argv[i]] = argv[i + 1];
    try {
        auto date = Date::parse_iso(opt["--date"]);
        if (!date) throw std::runtime_error("bad --date");
        auto reg = open_registry(opt["--registry"]);
        const int count = std::stoi(opt["--count"]);
        const int sleep_ms = std::stoi(opt["--sleep-ms"]);
        const std::string dir = opt["--render-dir"];
        for (int i = 0; i < count; ++i) {
            LetterInfo l;
            l.key = opt["--prefix"] + "-" + std::to_string(i);
            l.content_hash = "hash-of-" + l.key;
            l.agency = opt["--agency"];
            l.unit = opt["--unit"];
            l.doc_type = opt["--type"];
            l.series = opt["--series"];
            l.date = *date;
            l.trich_yeu = "V/v thư thử số " + std::to_string(i);
            l.signer = "Nguyễn Văn A";
            l.recipients = "Như trên";
            if (opt["--long"] == "1") {
                for (int k = 0; k < (i * 3) % 5; ++k)
                    l.trich_yeu += " về việc đẩy mạnh cải cách hành chính";
                l.trich_yeu += " hết_mục_" + opt["--prefix"] + "_" + std::to_string(i);
                for (int k = 0; k < i % 4; ++k)
                    l.recipients += "\nUBND huyện số " + std::to_string(k + 1) + " (để thực hiện)";
            }
            l.luu = "VT, VP";
            l.copies = 2;
            const Reservation r = reg->reserve(l);
            std::string outcome = r.outcome == ReserveOutcome::Created    ? "created"
                                  : r.outcome == ReserveOutcome::Existing ? "existing"
                                                                          : "changed";
            if (!dir.empty()) {
                const fs::path out = fs::path(dir) / (l.key + ".txt");
                if (r.entry.status == Status::Issued && fs::exists(out)) {
                    outcome = "skipped";
                } else {
                    if (sleep_ms > 0)
                        std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
                    write_atomically(out, l.key + "\t" + r.entry.so_ky_hieu + "\n");
                    reg->commit(l.key, out.string());
                }
            } else {
                reg->commit(l.key, "");
            }
            std::printf("%s\t%s\t%s\n", l.key.c_str(), r.entry.so_ky_hieu.c_str(), outcome.c_str());
            std::fflush(stdout);
        }
    } catch (const std::exception& e) {
        std::cerr << "registry_client: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
