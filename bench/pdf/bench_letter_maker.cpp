// Letters, JSON to finished PDF files (issue 4): N two-page letters made from one sample letter
// (each with its own id and number) through letter::LetterMaker: parse + validate the JSON,
// resolve against org.json, render the ND30 templates, convert with one pool of wkhtmltopdf
// workers, stamp page numbers and metadata with libqpdf, write atomically. One process.
//
//   bench_letter_maker --org ORG --letter L.json --templates DIR --out-dir DIR
//                      [--count N] [--workers W] [--threads T] [--group G]
//   --group G: letters per wkhtmltopdf conversion (LetterMaker::produce_many; default 10);
//              1 makes each letter alone with LetterMaker::make, as before
//   bench_letter_maker ... --html-dir DIR   write each letter's HTML (the peer's input) instead
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "letter/letter_maker.hpp"
#include "model/json_source.hpp"
#include "model/letter.hpp"
#include "model/org.hpp"
#include "pdf/atomic_file.hpp"

namespace fs = std::filesystem;
using namespace vanban;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

long max_rss_kb(int who) {
    rusage ru{};
    getrusage(who, &ru);
    return ru.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
    std::string org_path, letter_path, templates, out_dir, html_dir;
    int count = 200;
    unsigned workers = 2, threads = 2;
    int group = 10;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i], v = argv[i + 1];
        if (a == "--org")
            org_path = v;
        else if (a == "--letter")
            letter_path = v;
        else if (a == "--templates")
            templates = v;
        else if (a == "--out-dir")
            out_dir = v;
        else if (a == "--html-dir")
            html_dir = v;
        else if (a == "--count")
            count = std::stoi(v);
        else if (a == "--workers")
            workers = static_cast<unsigned>(std::stoi(v));
        else if (a == "--group")
            group = std::max(1, std::stoi(v));
        else if (a == "--threads")
            threads = static_cast<unsigned>(std::stoi(v));
    }
    if (org_path.empty() || letter_path.empty() || templates.empty() ||
        (out_dir.empty() && html_dir.empty())) {
        std::fprintf(stderr, "usage: see the comment at the top of bench_letter_maker.cpp\n");
        return 2;
    }
    try {
        const auto start = std::chrono::steady_clock::now();
        const model::Organisation org = model::load_organisation(org_path);
        const model::Json base = model::Json::parse(read_file(letter_path));
        pdf::PoolOptions po;
        po.workers = workers;
        po.asset_dirs = {templates};
        pdf::WkhtmlPool pool(po);
        pdf::PageNumberStamps stamps(pool);
        letter::LetterMaker maker(org, templates, pool, stamps);

        std::atomic<int> next{0};
        std::atomic<int> failed{0};
        std::vector<std::thread> ts;
        for (unsigned t = 0; t < threads; ++t) {
            ts.emplace_back([&] {
                for (int n0; (n0 = next.fetch_add(group)) < count;) {
                    const int n1 = std::min(count, n0 + group);
                    // Every letter is its own JSON document: parsing and validation count.
                    std::deque<model::JsonDocument> docs;
                    std::vector<letter::PreparedLetter> prepared;
                    std::vector<std::string> stems;
                    for (int n = n0; n < n1; ++n) {
                        try {
                            model::Json j = base;
                            j["id"] = "bench-" + std::to_string(n);
                            j["number"] = 100 + n;
                            char stem[32];
                            std::snprintf(stem, sizeof stem, "letter-%03d", n);
                            docs.push_back(
                                model::JsonDocument::parse(std::string(stem) + ".json", j.dump(2)));
                            prepared.push_back(
                                maker.prepare(docs.back(), model::parse_letter(docs.back())));
                            stems.emplace_back(stem);
                        } catch (const std::exception& e) {
                            std::fprintf(stderr, "letter %d: %s\n", n, e.what());
                            ++failed;
                        }
                    }
                    if (!html_dir.empty()) {
                        for (std::size_t k = 0; k < prepared.size(); ++k)
                            pdf::write_file_atomically(
                                fs::path(html_dir) / (stems[k] + ".html"),
                                maker.html(prepared[k], prepared[k].letter.number)[0].html);
                        continue;
                    }
                    std::vector<letter::LetterMaker::Item> items;
                    for (std::size_t k = 0; k < prepared.size(); ++k)
                        items.push_back({&prepared[k],
                                         prepared[k].letter.number,
                                         fs::path(out_dir) / (stems[k] + ".pdf"),
                                         std::nullopt,
                                         true,
                                         {}});
                    if (group == 1) {
                        for (auto& it : items) {
                            try {
                                maker.make(*it.p, nullptr, it.out);
                            } catch (const std::exception& e) {
                                std::fprintf(stderr, "%s: %s\n", it.out.c_str(), e.what());
                                ++failed;
                            }
                        }
                        continue;
                    }
                    const auto errors = maker.produce_many(items);
                    for (std::size_t k = 0; k < errors.size(); ++k)
                        if (!errors[k].empty()) {
                            std::fprintf(stderr, "%s: %s\n", items[k].out.c_str(),
                                         errors[k].c_str());
                            ++failed;
                        }
                }
            });
        }
        for (auto& t : ts) t.join();
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const auto st = pool.stats();
        if (html_dir.empty())
            std::printf(
                "%d letters JSON -> finished PDF in %.2f s: %.1f letters/s, %.1f ms each "
                "(%u workers, %u threads, %d letters per conversion; %lu conversions, %lu "
                "retries); peak RSS of this process %ld KB\n",
                count, s, count / s, 1000 * s / count, workers, threads, group, st.documents,
                st.retries, max_rss_kb(RUSAGE_SELF));
        return failed ? 1 : 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_letter_maker: %s\n", e.what());
        return 1;
    }
}
