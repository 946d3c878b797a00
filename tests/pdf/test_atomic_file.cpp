// Atomic writes: the temporary file carries the writer's pid, and the temporaries of writers
// that died (a real child process killed with SIGKILL mid-write) are removed by the next write
// into the folder, while a live writer's temporary is kept.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../common/paused_child.hpp"
#include "pdf/atomic_file.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace vanban::pdf;
using vanban::pdf::test::TempDir;

namespace {

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string temp_prefix(const std::string& target_name, pid_t pid) {
    return "." + target_name + "." + std::to_string(pid) + ".tmp";
}

// A child that has created its temporary file for `target`, written part of the bytes, and
// waits there, inside the write, until it is killed.
vanban::test::PausedChild paused_writer(const fs::path& target) {
    return vanban::test::PausedChild([&] {
        TempFile* temp = new TempFile(target);  // never destroyed: the child dies mid-write
        temp->write("nửa đầu của tệp");
    });
}

}  // namespace

TEST_CASE("a temporary file name carries its writer's pid", "[atomic]") {
    CHECK(temporary_owner(".a.pdf.123.tmpAbC9x0") == pid_t{123});
    CHECK(temporary_owner(".so-van-ban-di.xlsx.32767.tmpQWERTY") == pid_t{32767});
    // Not ours, or not safe to act on: no pid, no leading dot, an empty target name, pid 0
    // (kill(0, …) would address the process group), a pid beyond int, a bad suffix.
    CHECK_FALSE(temporary_owner(".a.pdf.tmpAbC9x0"));
    CHECK_FALSE(temporary_owner("a.pdf.123.tmpAbC9x0"));
    CHECK_FALSE(temporary_owner("..123.tmpAbC9x0"));
    CHECK_FALSE(temporary_owner(".a.0.tmpAbC9x0"));
    CHECK_FALSE(temporary_owner(".a.0123.tmpAbC9x0"));
    CHECK_FALSE(temporary_owner(".a.99999999999.tmpAbC9x0"));
    CHECK_FALSE(temporary_owner(".a.-5.tmpAbC9x0"));
    CHECK_FALSE(temporary_owner(".a.123.tmpAbC9x"));
    CHECK_FALSE(temporary_owner(".a.123.tmpAb.9x0"));
    CHECK_FALSE(temporary_owner(".a.123.tmpAbC9x0.pdf"));
    CHECK_FALSE(temporary_owner("a.pdf"));
}

TEST_CASE("a write goes through .NAME.<pid>.tmpXXXXXX and leaves only the target", "[atomic]") {
    TempDir dir;
    const fs::path target = dir.path / "thư.pdf";
    {
        TempFile temp(target);
        const std::string name = fs::path(temp.path()).filename().string();
        CHECK(name.rfind(temp_prefix("thư.pdf", ::getpid()), 0) == 0);
        CHECK(temporary_owner(name) == ::getpid());
        temp.write("abc");
        CHECK(names_in(dir.path) == std::vector<std::string>{name});
    }
    CHECK(names_in(dir.path).empty());  // destroyed without commit()
    write_file_atomically(target, "nội dung");
    CHECK(read_file(target) == "nội dung");
    CHECK(names_in(dir.path) == std::vector<std::string>{"thư.pdf"});
}

TEST_CASE("the next write removes a killed writer's temporary file, not a live writer's",
          "[atomic]") {
    TempDir dir;
    const fs::path target = dir.path / "05-SYT-VP.pdf";
    auto killed = paused_writer(target);
    auto live = paused_writer(target);
    const std::string killed_prefix = temp_prefix("05-SYT-VP.pdf", killed.pid());
    const std::string live_prefix = temp_prefix("05-SYT-VP.pdf", live.pid());
    auto has = [&](const std::string& prefix) {
        for (const auto& n : names_in(dir.path))
            if (n.rfind(prefix, 0) == 0) return true;
        return false;
    };
    REQUIRE(has(killed_prefix));
    REQUIRE(has(live_prefix));
    killed.kill();
    REQUIRE(has(killed_prefix));  // nobody removed it: the writer was killed mid-write

    // This process has not written into the folder yet: its first write sweeps it.
    write_file_atomically(target, "bản hoàn chỉnh");
    CHECK(read_file(target) == "bản hoàn chỉnh");
    CHECK_FALSE(has(killed_prefix));
    CHECK(has(live_prefix));  // its writer may still rename it
    CHECK(names_in(dir.path).size() == 2);

    // Once its writer is gone too, the explicit sweep removes it; files that are not atomic
    // writes' temporaries are never touched.
    std::ofstream(dir.path / ".ghi-chu.txt") << "x";
    std::ofstream(dir.path / (".a.pdf.tmpAbC123")) << "x";  // no pid: not ours to judge
    live.kill();
    CHECK(remove_stale_temporaries(dir.path) == 1);
    CHECK(names_in(dir.path) ==
          std::vector<std::string>{".a.pdf.tmpAbC123", ".ghi-chu.txt", "05-SYT-VP.pdf"});
}

TEST_CASE("temporaries of this process are never taken for stale", "[atomic]") {
    TempDir dir;
    TempFile mine(dir.path / "a.pdf");
    TempFile also_mine(dir.path / "a.pdf");  // two threads writing one target
    CHECK(remove_stale_temporaries(dir.path) == 0);
    CHECK(names_in(dir.path).size() == 2);
    also_mine.commit();
    mine.commit();  // the last rename wins, whole
    CHECK(names_in(dir.path) == std::vector<std::string>{"a.pdf"});
}

namespace {

unsigned mode_of(const fs::path& p) {
    return static_cast<unsigned>(fs::status(p).permissions()) & 0777;
}

// Sets the umask for one test and restores it.
struct ScopedUmask {
    mode_t old;
    explicit ScopedUmask(mode_t m) : old(::umask(m)) {}
    ~ScopedUmask() { ::umask(old); }
};

}  // namespace

TEST_CASE("an output's permissions honour the umask; a private one stays 0600", "[atomic]") {
    TempDir dir;
    {
        ScopedUmask u(022);
        CHECK(current_umask() == 022);
        write_file_atomically(dir.path / "a.pdf", "x");
        CHECK(mode_of(dir.path / "a.pdf") == 0644);
    }
    {
        ScopedUmask u(077);
        CHECK(current_umask() == 077);
        write_file_atomically(dir.path / "b.pdf", "x");
        CHECK(mode_of(dir.path / "b.pdf") == 0600);
    }
    {
        ScopedUmask u(027);
        write_file_atomically(dir.path / "c.pdf", "x");
        CHECK(mode_of(dir.path / "c.pdf") == 0640);
        // A secret letter's mode: whatever the umask lets through, never more than the owner.
        write_file_atomically(dir.path / "mat.pdf", "x", 0600);
        CHECK(mode_of(dir.path / "mat.pdf") == 0600);
    }
    {
        ScopedUmask u(0);
        write_file_atomically(dir.path / "mat2.pdf", "x", 0600);
        CHECK(mode_of(dir.path / "mat2.pdf") == 0600);
    }
}

TEST_CASE("a write error says in Vietnamese what is wrong with the disk", "[atomic]") {
    CHECK(describe_errno(ENOSPC).find("đĩa đầy") != std::string::npos);
    CHECK(describe_errno(EROFS).find("chỉ đọc") != std::string::npos);
    CHECK(describe_errno(EACCES).find("chỉ đọc") != std::string::npos);
    // A real one: a folder that does not exist.
    TempDir dir;
    REQUIRE_THROWS_WITH(write_file_atomically(dir.path / "khong-co" / "a.pdf", "x"),
                        Catch::Contains("khong-co") && Catch::Contains("thư mục không tồn tại"));
}
