// `pdf_make_letter OUT.pdf`: converts and finishes a fixed three-part letter. The script test
// determinism.sh runs it twice, in two processes, and compares the bytes.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>

#include "pdf/finish.hpp"
#include "pdf/page_setup.hpp"
#include "pdf/wkhtml_pool.hpp"

namespace fs = std::filesystem;
using namespace vanban::pdf;

static std::string pages_html(const std::string& label, int pages) {
    std::string body;
    for (int k = 1; k <= pages; ++k) {
        body += "<p style=\"font-size:13pt;text-align:justify" +
                std::string(k < pages ? ";page-break-after:always" : "") + "\"><b>" + label +
                "</b> trang " + std::to_string(k) +
                ": Ủy ban nhân dân tỉnh Đồng Nai đề nghị các sở, ban, ngành đẩy mạnh cải cách "
                "hành chính.</p>";
    }
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>" + base_css() +
           "</style></head><body>" + body + "</body></html>";
}

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "cách dùng: pdf_make_letter TỆP_RA.pdf\n");
        return 2;
    }
    try {
        fs::path out = fs::absolute(argv[1]);
        fs::path dir = out.parent_path();
        WkhtmlPool pool;
        PageNumberStamps stamps(pool);
        PageSetup portrait;
        PageSetup landscape;
        landscape.orientation = Orientation::landscape;
        const std::string stem = out.stem().string();
        FinishJob job;
        job.parts = {{dir / (stem + "-1.pdf"), portrait}, {dir / (stem + "-2.pdf"), landscape}};
        pool.convert({pages_html("Công văn", 3), portrait, job.parts[0].pdf, "thư"});
        // The Phụ lục goes through memory (render), the letter through a file (convert).
        job.parts[1].bytes = pool.render({pages_html("Phụ lục I", 2), landscape, {}, "phụ lục"});
        job.info = {"Về việc đẩy mạnh cải cách hành chính", "Ủy ban nhân dân tỉnh Đồng Nai",
                    "194/UBND-HCC", "", "2024-03-15"};
        job.output = out;
        finish(job, stamps);
        fs::remove(job.parts[0].pdf);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
