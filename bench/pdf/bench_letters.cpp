// Letters to PDF (issue 4): N two-page letters, HTML -> finished PDF through the pool, on
// the machine's cores. Template rendering is not included yet (the engine is being written).
//
//   bench_letters --html-dir DIR [--count N]           write the letters' HTML (for the peer)
//   bench_letters --out-dir DIR [--count N] [--workers W]   convert + finish, print figures
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "pdf/finish.hpp"
#include "pdf/page_setup.hpp"
#include "pdf/wkhtml_pool.hpp"

namespace fs = std::filesystem;
using namespace vanban::pdf;

namespace {

// A công văn laid out roughly like Nghị định 30/2020 (header table, Kính gửi, body, signer,
// Nơi nhận) that fills two A4 pages.
std::string letter_html(int n) {
    const std::string num = std::to_string(100 + n);
    std::string h = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>" + base_css() +
                    "table.hd{width:164mm;border-collapse:collapse}"
                    "td{vertical-align:top;text-align:center;font-size:13pt}"
                    "p{font-size:14pt;text-align:justify;text-indent:10mm;margin:0 0 6pt 0;"
                    "line-height:1.2}"
                    ".nn{font-size:11pt;text-indent:0;margin:0}"
                    "</style></head><body>";
    h += "<table class=\"hd\"><tr><td style=\"width:64mm\">ỦY BAN NHÂN DÂN<br>TỈNH ĐỒNG NAI<br>"
         "<b>SỞ Y TẾ</b></td><td><b style=\"font-size:12pt\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT "
         "NAM</b><br><b "
         "style=\"font-size:14pt\">Độc lập - Tự do - Hạnh phúc</b></td></tr>"
         "<tr><td>Số: " +
         num +
         "/SYT-VP<br><span style=\"font-size:12pt\">V/v đẩy mạnh cải cách hành chính "
         "quý II/2024</span></td><td><i style=\"font-size:14pt\">Đồng Nai, ngày 05 tháng 02 "
         "năm 2024</i></td></tr></table>";
    h += "<p style=\"text-align:center;text-indent:0;margin-top:12pt\">Kính gửi: Các đơn vị "
         "trực thuộc Sở Y tế.</p>";
    for (int i = 0; i < 11; ++i) {
        h += "<p>" + std::to_string(i + 1) +
             ". Thực hiện Kế hoạch cải cách hành chính năm 2024 của Ủy ban nhân dân tỉnh, Sở Y "
             "tế đề nghị các đơn vị tiếp tục đẩy mạnh tiếp nhận hồ sơ trực tuyến, số hóa hồ "
             "sơ, kết quả giải quyết thủ tục hành chính; bảo đảm tỷ lệ hồ sơ giải quyết đúng "
             "hạn đạt từ 97% trở lên và tỷ lệ hài lòng của người dân, doanh nghiệp đạt từ 94% "
             "trở lên; báo cáo kết quả về Sở Y tế (qua Văn phòng Sở) trước ngày 15 hằng "
             "tháng.</p>";
    }
    h += "<table class=\"hd\" style=\"margin-top:6pt\"><tr><td style=\"text-align:left\">"
         "<p class=\"nn\"><b><i style=\"font-size:12pt\">Nơi nhận:</i></b></p>"
         "<p class=\"nn\">- Như trên;</p><p class=\"nn\">- Lưu: VT, VP.</p></td>"
         "<td><b style=\"font-size:14pt\">KT. GIÁM ĐỐC<br>PHÓ GIÁM ĐỐC</b><br><br><br><br>"
         "<b style=\"font-size:14pt\">Nguyễn Văn An</b></td></tr></table>";
    return h + "</body></html>";
}

double cpu_seconds(int who) {
    rusage ru{};
    getrusage(who, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

long peak_rss_kb(int who) {
    rusage ru{};
    getrusage(who, &ru);
    return ru.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
    int count = 200;
    unsigned workers = std::max(2u, std::thread::hardware_concurrency());
    fs::path html_dir, out_dir;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--count"))
            count = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--workers"))
            workers = static_cast<unsigned>(std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--html-dir"))
            html_dir = argv[i + 1];
        else if (!std::strcmp(argv[i], "--out-dir"))
            out_dir = argv[i + 1];
    }
    if (!html_dir.empty()) {
        fs::create_directories(html_dir);
        for (int n = 0; n < count; ++n) {
            char name[32];
            std::snprintf(name, sizeof name, "letter-%03d.html", n);
            std::ofstream(html_dir / name) << letter_html(n);
        }
        return 0;
    }
    if (out_dir.empty()) {
        std::fprintf(stderr,
                     "cách dùng: bench_letters --html-dir THƯ_MỤC | --out-dir THƯ_MỤC "
                     "[--count N] [--workers W]\n");
        return 2;
    }
    fs::create_directories(out_dir);

    const auto t0 = std::chrono::steady_clock::now();
    std::atomic<int> next{0}, failures{0}, pages{0};
    std::atomic<long> convert_us{0}, finish_us{0};  // summed over threads
    auto us_since = [](std::chrono::steady_clock::time_point t) {
        return std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::steady_clock::now() - t)
            .count();
    };
    {  // the pool's processes are reaped at the end of this block: their peak RSS counts
        PoolOptions opt;
        opt.workers = workers;
        WkhtmlPool pool(opt);
        PageNumberStamps stamps(pool);
        auto run = [&] {
            for (int n = next++; n < count; n = next++) {
                try {
                    char stem[32];
                    std::snprintf(stem, sizeof stem, "letter-%03d", n);
                    PdfJob job{letter_html(n), {}, {}, stem};
                    auto tc = std::chrono::steady_clock::now();
                    std::string raw = pool.render(job);
                    convert_us += us_since(tc);
                    auto tf = std::chrono::steady_clock::now();
                    FinishJob fin;
                    fin.parts = {{stem, job.page, std::move(raw)}};
                    fin.info = {"V/v đẩy mạnh cải cách hành chính quý II/2024",
                                "Sở Y tế tỉnh Đồng Nai", std::to_string(100 + n) + "/SYT-VP", "",
                                "2024-02-05"};
                    fin.output = out_dir / (std::string(stem) + ".pdf");
                    finish(fin, stamps);
                    finish_us += us_since(tf);
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "%s\n", e.what());
                    ++failures;
                }
            }
        };
        std::vector<std::thread> threads;
        // Twice as many threads as workers: while one thread finishes its letter with qpdf
        // (and waits for fsync), another keeps the freed worker busy.
        for (unsigned i = 0; i < 2 * workers; ++i) threads.emplace_back(run);
        for (auto& t : threads) t.join();
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const long child_kb = peak_rss_kb(RUSAGE_CHILDREN);
    const double self_cpu = cpu_seconds(RUSAGE_SELF), child_cpu = cpu_seconds(RUSAGE_CHILDREN);
    {  // the letters must really be two pages long
        FILE* p = ::popen(("pdfinfo '" + (out_dir / "letter-000.pdf").string() + "'").c_str(), "r");
        char buf[256];
        while (p && std::fgets(buf, sizeof buf, p))
            if (!std::strncmp(buf, "Pages:", 6)) pages = std::atoi(buf + 6);
        if (p) ::pclose(p);
    }
    std::printf("letters %d  workers %u  pages/letter %d  failures %d\n", count, workers,
                pages.load(), failures.load());
    std::printf("wall %.2f s  %.1f ms/letter\n", secs, 1000 * secs / count);
    std::printf(
        "per letter, summed over threads: convert (incl. waiting for a worker) %.1f ms, finish "
        "%.1f ms\n",
        convert_us / 1000.0 / count, finish_us / 1000.0 / count);
    std::printf("CPU: vanban %.2f s, wkhtmltopdf %.2f s (%.1f ms/letter in all)\n", self_cpu,
                child_cpu, 1000 * (self_cpu + child_cpu) / count);
    std::printf("peak RSS: this process %ld MB, largest wkhtmltopdf %ld MB\n",
                peak_rss_kb(RUSAGE_SELF) / 1024, child_kb / 1024);
    return failures == 0 ? 0 : 1;
}
