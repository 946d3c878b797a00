// Signing many finished letters with one key opened once (issue 16: the batch's ky_so): every
// *.pdf of IN_DIR is read, signed as the agency (PAdES B-B, incremental update) and written to
// OUT_DIR. Prints the time to open the key and the time per document. One process, one thread.
//
//   bench_sign --key FILE.p12|pkcs11:… [--module SO] --in-dir DIR --out-dir DIR [--image PNG]
//   (password in VANBAN_KEY_PASSWORD, PIN in VANBAN_PIN)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pdf/atomic_file.hpp"
#include "sign/pades.hpp"
#include "sign/placement.hpp"

namespace fs = std::filesystem;
using namespace vanban;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    std::string key, module = "/usr/lib/softhsm/libsofthsm2.so", in_dir, out_dir, image;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--key") key = argv[i + 1];
        if (a == "--module") module = argv[i + 1];
        if (a == "--in-dir") in_dir = argv[i + 1];
        if (a == "--out-dir") out_dir = argv[i + 1];
        if (a == "--image") image = argv[i + 1];
    }
    if (key.empty() || in_dir.empty() || out_dir.empty()) {
        std::fprintf(stderr, "usage: bench_sign --key KEY --in-dir DIR --out-dir DIR\n");
        return 2;
    }
    try {
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(in_dir))
            if (e.path().extension() == ".pdf") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        const auto t0 = Clock::now();
        std::unique_ptr<sign::Signer> signer;
        if (key.rfind("pkcs11:", 0) == 0) {
            const char* pin = std::getenv("VANBAN_PIN");
            signer = sign::open_pkcs11(key, pin ? pin : "", module);
        } else {
            const char* pw = std::getenv("VANBAN_KEY_PASSWORD");
            signer = sign::open_pkcs12(key, pw ? pw : "");
        }
        const std::time_t now = std::time(nullptr);
        sign::check_signer(*signer, now);
        std::optional<sign::Png> png;
        if (!image.empty()) png = sign::load_png(image);
        const auto t1 = Clock::now();
        const std::clock_t c1 = std::clock();
        for (const auto& f : files) {
            const std::string pdf = pdf::read_file(f);
            const sign::PdfFacts facts = sign::read_facts(pdf, f.string());
            sign::PlacementInput place;
            place.role = sign::Role::co_quan;
            place.image = png ? &*png : nullptr;
            place.time = now;
            // The agency's name beside the seal, as `vanban sign` and the batch draw it (the
            // embedded Liberation Serif subset, built once and reused for every letter).
            place.agency = "Sở Y tế tỉnh Đồng Nai";
            sign::SignRequest req;
            req.time = now;
            req.reason = "Cơ quan ban hành văn bản";
            req.appearance = sign::plan_appearance(facts, place, f.string());
            pdf::write_file_atomically(fs::path(out_dir) / f.filename(),
                                       sign::sign_pdf(pdf, f.string(), *signer, req));
        }
        const auto t2 = Clock::now();
        const double cpu_ms = 1000.0 * static_cast<double>(std::clock() - c1) / CLOCKS_PER_SEC /
                              static_cast<double>(std::max<size_t>(1, files.size()));
        const double open_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
        const double each_ms = std::chrono::duration<double, std::milli>(t2 - t1).count() /
                               std::max<size_t>(1, files.size());
        std::printf(
            "   %zu documents: key opened in %.1f ms, %.2f ms per document wall (read, sign, "
            "write with fsync), %.2f ms CPU of this process\n",
            files.size(), open_ms, each_ms, cpu_ms);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_sign: %s\n", e.what());
        return 1;
    }
    return 0;
}
