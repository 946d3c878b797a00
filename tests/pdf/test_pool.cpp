// The wkhtmltopdf worker pool: conversion, parallelism, crash and hang recovery, failures.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "docs.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "poppler.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace vanban::pdf;
using namespace vanban::pdf::test;

namespace {

bool process_gone(pid_t pid) {
    // Reaped: not our child any more, and no such process (not even a zombie).
    return ::waitpid(pid, nullptr, WNOHANG) == -1 && errno == ECHILD && ::kill(pid, 0) == -1 &&
           errno == ESRCH;
}

PoolOptions opts(unsigned workers, int timeout_ms = 30000, bool js = false,
                 std::string program = "wkhtmltopdf") {
    PoolOptions o;
    o.workers = workers;
    o.timeout = std::chrono::milliseconds(timeout_ms);
    o.enable_javascript = js;
    o.program = std::move(program);
    return o;
}

std::string squash(std::string s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\n' && c != '\f') out += c;
    return out;
}

}  // namespace

TEST_CASE("a document becomes an A4 PDF with its text") {
    TempDir dir;
    WkhtmlPool pool(opts(1));
    PdfJob job{html_doc("<p>Công văn số 05/SYT-VP về cải cách hành chính</p>"),
               {},
               dir.path / "a.pdf",
               "thư thử"};
    pool.convert(job);
    REQUIRE(fs::exists(job.output));
    auto [w, h] = page_size(job.output, 1);
    CHECK(w == Approx(595).margin(0.5));
    CHECK(h == Approx(842).margin(0.5));
    CHECK(squash(text(job.output)).find("Côngvănsố05/SYT-VPvềcảicáchhànhchính") !=
          std::string::npos);
    // Nothing but the output in the folder: no temporary files.
    CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}

TEST_CASE("landscape pages are A4 turned") {
    TempDir dir;
    WkhtmlPool pool(opts(1));
    PageSetup page;
    page.orientation = Orientation::landscape;
    PdfJob job{html_doc("<p>Bảng xếp hạng</p>"), page, dir.path / "l.pdf", "ngang"};
    pool.convert(job);
    auto [w, h] = page_size(job.output, 1);
    CHECK(w == Approx(842).margin(0.5));
    CHECK(h == Approx(595).margin(0.5));
}

TEST_CASE("50 documents across 2 workers all come out right") {
    TempDir dir;
    WkhtmlPool pool(opts(2));
    std::vector<PdfJob> jobs;
    for (int i = 0; i < 50; ++i) {
        jobs.push_back({html_doc("<p>Tài liệu số " + std::to_string(i) + " của Sở Y tế</p>"),
                        {},
                        dir.path / ("d" + std::to_string(i) + ".pdf"),
                        "tài liệu " + std::to_string(i)});
    }
    auto errors = pool.convert_all(jobs);
    std::set<pid_t> pids;
    for (pid_t p : pool.worker_pids()) pids.insert(p);
    CHECK(pids.size() == 2);  // two long-lived processes did all the work
    CHECK(pids.count(-1) == 0);
    for (int i = 0; i < 50; ++i) {
        INFO("document " << i);
        CHECK(errors[static_cast<size_t>(i)].empty());
        // Each file holds its own document, not a neighbour's.
        CHECK(squash(text(jobs[static_cast<size_t>(i)].output)) ==
              "Tàiliệusố" + std::to_string(i) + "củaSởYtế");
    }
    auto st = pool.stats();
    CHECK(st.documents == 50);
    CHECK(st.restarts == 0);
    CHECK(st.retries == 0);
}

TEST_CASE("a worker killed mid-document is restarted and the document redone") {
    TempDir dir;
    // The script keeps the document loading for 1.5 s, long enough to kill the worker.
    std::string slow =
        "<script>var t = Date.now(); while (Date.now() - t < 1500) {}</script><p>Làm lại</p>";
    WkhtmlPool pool(opts(1, 20000, true));
    pool.convert({html_doc("<p>khởi động</p>"), {}, dir.path / "warm.pdf", "khởi động"});
    pid_t victim = pool.worker_pids()[0];
    REQUIRE(victim > 0);

    PdfJob job{html_doc(slow), {}, dir.path / "k.pdf", "bị ngắt"};
    std::thread t([&] { pool.convert(job); });
    while (pool.attempts_started() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    REQUIRE(::kill(victim, SIGKILL) == 0);
    t.join();

    CHECK(squash(text(job.output)) == "Làmlại");
    auto st = pool.stats();
    CHECK(st.restarts == 1);
    CHECK(st.retries == 1);
    CHECK(pool.worker_pids()[0] != victim);
    CHECK(process_gone(victim));
}

TEST_CASE("a hanging document times out twice and leaves no output") {
    TempDir dir;
    WkhtmlPool pool(opts(1, 2500, true));
    PdfJob job{html_doc("<script>while (true) {}</script><p>treo</p>"),
               {},
               dir.path / "h.pdf",
               "thư treo"};
    try {
        pool.convert(job);
        FAIL("expected a ConversionError");
    } catch (const ConversionError& e) {
        std::string msg = e.what();
        CHECK_THAT(msg, Catch::Contains("Không chuyển được tài liệu 'thư treo'"));
        CHECK_THAT(msg, Catch::Contains("sau 2 lần thử"));
        CHECK_THAT(msg, Catch::Contains("không xong sau 2500 ms"));
    }
    CHECK_FALSE(fs::exists(job.output));
    CHECK(fs::is_empty(dir.path));
    CHECK(pool.stats().failures == 1);
    // The pool still works afterwards.
    pool.convert({html_doc("<p>tiếp tục</p>"), {}, dir.path / "ok.pdf", "sau"});
    CHECK(squash(text(dir.path / "ok.pdf")) == "tiếptục");
}

TEST_CASE("a worker that dies on every document gives the Vietnamese error and no file") {
    TempDir dir;
    WkhtmlPool pool(opts(1, 30000, false, VANBAN_TEST_STUB_FAIL));
    PdfJob job{html_doc("<p>x</p>"), {}, dir.path / "f.pdf", "thư 12"};
    REQUIRE_THROWS_WITH(pool.convert(job),
                        Catch::Contains("Không chuyển được tài liệu 'thư 12' sang PDF") &&
                            Catch::Contains("sau 2 lần thử") &&
                            Catch::Contains("tiến trình wkhtmltopdf dừng bất thường") &&
                            Catch::Contains("stub wkhtmltopdf refuses"));
    CHECK_FALSE(fs::exists(job.output));
    CHECK(fs::is_empty(dir.path));
    CHECK(pool.stats().restarts == 1);
}

TEST_CASE("a missing wkhtmltopdf is reported, not crashed on") {
    TempDir dir;
    WkhtmlPool pool(opts(1, 30000, false, "/nonexistent/wkhtmltopdf"));
    REQUIRE_THROWS_WITH(pool.convert({html_doc("<p>x</p>"), {}, dir.path / "m.pdf", "thư"}),
                        Catch::Contains("Không chạy được '/nonexistent/wkhtmltopdf'"));
    CHECK(fs::is_empty(dir.path));
}

TEST_CASE("a document reading a file outside the allowed folders fails without retry") {
    TempDir dir;
    WkhtmlPool pool(opts(1));
    PdfJob job{html_doc("<p>ảnh</p><img src=\"file:///etc/hostname\">"),
               {},
               dir.path / "p.pdf",
               "thư có ảnh lạ"};
    REQUIRE_THROWS_WITH(pool.convert(job), Catch::Contains("ngoài các thư mục được phép") &&
                                               Catch::Contains("/etc/hostname"));
    CHECK_FALSE(fs::exists(job.output));
    CHECK(pool.stats().retries == 0);
}

TEST_CASE("an allowed asset folder is readable") {
    TempDir dir;
    TempDir assets;
    // A 1x1 black GIF.
    const unsigned char gif[] = {0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01,
                                 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
                                 0xff, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01,
                                 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b};
    {
        std::ofstream(assets.path / "dot.gif", std::ios::binary)
            .write(reinterpret_cast<const char*>(gif), sizeof gif);
    }
    PoolOptions o = opts(1);
    o.asset_dirs = {assets.path};
    WkhtmlPool pool(o);
    PdfJob job{
        html_doc("<img src=\"file://" + (assets.path / "dot.gif").string() +
                 "\" style=\"position:absolute;left:10mm;top:10mm;width:20mm;height:20mm\">"),
        {},
        dir.path / "img.pdf",
        "thư có ảnh"};
    pool.convert(job);
    auto box = dark_box(job.output, 1, 254, {0, 0, 210, 297});
    CHECK(box.x0 == Approx(40).margin(0.3));
    CHECK(box.y0 == Approx(30).margin(0.3));
    CHECK(box.x1 == Approx(60).margin(0.3));
}

TEST_CASE("destroying the pool ends every worker and leaves no zombie") {
    std::vector<pid_t> pids;
    fs::path work;
    {
        TempDir dir;
        WkhtmlPool pool(opts(2));
        pool.convert_all({{html_doc("<p>a</p>"), {}, dir.path / "a.pdf", "a"},
                          {html_doc("<p>b</p>"), {}, dir.path / "b.pdf", "b"}});
        pids = pool.worker_pids();
        work = pool.work_dir();
        REQUIRE(fs::exists(work));
    }
    for (pid_t p : pids) {
        if (p > 0) CHECK(process_gone(p));
    }
    CHECK_FALSE(fs::exists(work));
}

TEST_CASE("render() returns the PDF's bytes without writing a file") {
    TempDir dir;
    WkhtmlPool pool(opts(1));
    std::string bytes = pool.render({html_doc("<p>Trong bộ nhớ</p>"), {}, {}, "bộ nhớ"});
    REQUIRE(bytes.compare(0, 5, "%PDF-") == 0);
    CHECK(bytes.find("%%EOF", bytes.size() - 64) != std::string::npos);
    { std::ofstream(dir.path / "m.pdf", std::ios::binary) << bytes; }
    CHECK(squash(text(dir.path / "m.pdf")) == "Trongbộnhớ");
}

TEST_CASE("more calling threads than workers: every call waits for a worker and succeeds") {
    TempDir dir;
    WkhtmlPool pool(opts(2));
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 6; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 4; ++i) {
                std::string id = std::to_string(t) + "-" + std::to_string(i);
                try {
                    pool.convert({html_doc("<p>Luồng " + id + "</p>"),
                                  {},
                                  dir.path / ("t" + id + ".pdf"),
                                  id});
                } catch (...) {
                    ++failures;
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    CHECK(failures == 0);
    CHECK(pool.stats().documents == 24);
    for (int t = 0; t < 6; ++t) {
        for (int i = 0; i < 4; ++i) {
            std::string id = std::to_string(t) + "-" + std::to_string(i);
            CHECK(squash(text(dir.path / ("t" + id + ".pdf"))) == "Luồng" + id);
        }
    }
}

namespace {

// A pid that belonged to a process that has exited and been reaped.
pid_t dead_pid() {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(0);
    ::waitpid(pid, nullptr, 0);
    return pid;
}

struct ScopedTmpdir {
    std::string old;
    bool had;
    explicit ScopedTmpdir(const fs::path& dir) : had(::getenv("TMPDIR") != nullptr) {
        if (had) old = ::getenv("TMPDIR");
        ::setenv("TMPDIR", dir.c_str(), 1);
    }
    ~ScopedTmpdir() {
        if (had)
            ::setenv("TMPDIR", old.c_str(), 1);
        else
            ::unsetenv("TMPDIR");
    }
};

}  // namespace

TEST_CASE("a killed run's work folder is removed by the next pool, a live one's is kept") {
    TempDir tmp;
    const ScopedTmpdir env(tmp.path);
    // What a pool killed with SIGKILL leaves: its folder named after its pid, a letter inside.
    const fs::path dead = tmp.path / ("vanban-pdf-" + std::to_string(dead_pid()) + "-AbC123");
    fs::create_directories(dead / "cache");
    std::ofstream(dead / "doc-0.html") << "<p>thư mật</p>";
    const fs::path live = tmp.path / ("vanban-pdf-" + std::to_string(::getppid()) + "-XyZ789");
    fs::create_directories(live);
    const fs::path other = tmp.path / "vanban-pdf-khac";  // not ours: no pid in the name
    fs::create_directories(other);
    {
        WkhtmlPool pool(opts(1));
        CHECK(pool.work_dir().parent_path() == tmp.path);
        CHECK(pool.work_dir().filename().string().starts_with("vanban-pdf-" +
                                                              std::to_string(::getpid()) + "-"));
        CHECK_FALSE(fs::exists(dead));
        CHECK(fs::exists(live));
        CHECK(fs::exists(other));
    }
    CHECK(tmp.entries() == 2);  // the pool's own folder is gone with it
}

TEST_CASE("a document that loads a URL fails and the network sees no request") {
    // A listening socket on 127.0.0.1 stands for any server: a connection attempt to it
    // completes in the kernel's backlog, which accept() with a zero timeout then sees.
    int srv = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(srv >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    REQUIRE(::bind(srv, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(srv, 16) == 0);
    REQUIRE(::getsockname(srv, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port));

    TempDir dir;
    // Short: before the network was blocked, wkhtmltopdf waited on the silent server until then.
    WkhtmlPool pool(opts(1, 15000));
    PdfJob job{html_doc("<p>ảnh</p><img src=\"" + url + "/anh.png\"><link rel=\"stylesheet\" " +
                        "href=\"" + url + "/kieu.css\">"),
               {},
               dir.path / "p.pdf",
               "thư có ảnh trên mạng"};
    REQUIRE_THROWS_WITH(pool.convert(job), Catch::Contains("qua mạng") && Catch::Contains(url));
    CHECK_FALSE(fs::exists(job.output));
    CHECK(pool.stats().retries == 0);
    pollfd p{srv, POLLIN, 0};
    CHECK(::poll(&p, 1, 0) == 0);  // no connection was ever attempted
    ::close(srv);

    // Links inside the document still work: an internal link becomes a link annotation.
    std::string pdf = pool.render({html_doc("<p><a href=\"#cuoi\">xuống cuối</a></p>"
                                            "<p style=\"page-break-before:always\" id=\"cuoi\">"
                                            "cuối</p>"),
                                   {},
                                   {},
                                   "liên kết trong"});
    CHECK(pdf.find("/Link") != std::string::npos);
}
