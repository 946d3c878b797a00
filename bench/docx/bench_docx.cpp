// Letters, JSON to .docx files (issue 17): N letters made from one sample letter (each with its
// own id and number), each parsed and validated as its own JSON document, resolved against
// org.json, written as WordprocessingML, zipped and written atomically. One thread: the
// python-docx peer (peer_python_docx.py) builds the same letters in one process too.
//
//   bench_docx --org ORG --letter L.json --out-dir DIR [--count N]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "docx/letter_docx.hpp"
#include "model/json_source.hpp"
#include "model/letter.hpp"
#include "model/org.hpp"

namespace fs = std::filesystem;
using namespace vanban;

int main(int argc, char** argv) {
    std::string org_path, letter_path, out_dir;
    int count = 200;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i], v = argv[i + 1];
        if (a == "--org") org_path = v;
        if (a == "--letter") letter_path = v;
        if (a == "--out-dir") out_dir = v;
        if (a == "--count") count = std::stoi(v);
    }
    if (org_path.empty() || letter_path.empty() || out_dir.empty()) {
        std::fprintf(stderr, "usage: see the comment at the top of bench_docx.cpp\n");
        return 2;
    }
    try {
        const auto start = std::chrono::steady_clock::now();
        const model::Organisation org = model::load_organisation(org_path);
        std::ifstream in(letter_path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        const model::Json base = model::Json::parse(text.str());
        std::size_t bytes = 0;
        for (int n = 0; n < count; ++n) {
            model::Json j = base;
            j["id"] = "bench-" + std::to_string(n);
            j["number"] = 100 + n;
            char stem[32];
            std::snprintf(stem, sizeof stem, "letter-%03d", n);
            // Relative image paths resolve against the letter's folder, as for a real file.
            auto doc = model::JsonDocument::parse(
                (fs::path(letter_path).parent_path() / (std::string(stem) + ".json")).string(),
                j.dump(2));
            model::Letter l = model::parse_letter(doc);
            const std::string docx = docx::letter_docx(doc, l, org, l.number);
            bytes += docx.size();
            docx::write_docx(fs::path(out_dir) / (std::string(stem) + ".docx"), docx);
        }
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf(
            "%d letters JSON -> .docx in %.3f s: %.2f ms each, %.0f letters/s (%zu KB "
            "each)\n",
            count, s, 1000 * s / count, count / s, bytes / 1024 / count);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_docx: %s\n", e.what());
        return 1;
    }
}
