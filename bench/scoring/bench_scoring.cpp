// Scoring at national scale: time to load + validate + score the four quarters of a year against
// the time to only parse the same JSON files with nlohmann::json, in the same process.
// Usage: bench_scoring DIR [parse|full|both] [repetitions]
//   DIR holds org.json, chi-tieu-2024.json and du-lieu-2024-Q1..Q4.json (gen_national.py).
// Modes "parse" and "full" run one side only, so that /usr/bin/time -v reports its peak memory.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/dataset.hpp"
#include "scoring/score.hpp"

namespace {

using Clock = std::chrono::steady_clock;

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return std::move(ss).str();
}

std::vector<std::string> files(const std::string& dir) {
    std::vector<std::string> out{dir + "/org.json", dir + "/chi-tieu-2024.json"};
    for (int q = 1; q <= 4; ++q)
        out.push_back(dir + "/du-lieu-2024-Q" + std::to_string(q) + ".json");
    return out;
}

// Reads each file and parses it into a DOM; returns something derived so it is not optimised out.
std::size_t bare_parse(const std::string& dir) {
    std::size_t n = 0;
    for (const auto& f : files(dir)) {
        auto j = nlohmann::json::parse(read(f));
        n += j.size();
    }
    return n;
}

// The same with the DOM type the loader uses (object members kept in file order).
std::size_t bare_parse_ordered(const std::string& dir) {
    std::size_t n = 0;
    for (const auto& f : files(dir)) {
        auto j = nlohmann::ordered_json::parse(read(f));
        n += j.size();
    }
    return n;
}

std::size_t full(const std::string& dir) {
    auto ds = vanban::model::load_dataset(dir + "/org.json", {dir}, {dir},
                                          *vanban::model::Period::parse("2024"));
    auto table = vanban::scoring::score_dataset(ds);
    std::size_t ranked = 0;
    for (const auto& r : table.rows) ranked += r.rank > 0;
    return ranked;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: bench_scoring DIR [parse|full|both] [repetitions]\n";
        return 2;
    }
    const std::string dir = argv[1];
    const std::string mode = argc > 2 ? argv[2] : "both";
    const int reps = argc > 3 ? std::stoi(argv[3]) : 5;
    std::size_t bytes = 0;
    for (const auto& f : files(dir)) bytes += read(f).size();
    std::vector<double> tp, to, tf;
    std::size_t sink = 0;
    for (int i = 0; i < reps; ++i) {
        // Alternate the two so that caches and the other engineers' load hit both alike.
        if (mode != "full") {
            auto t0 = Clock::now();
            sink += bare_parse(dir);
            tp.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
        if (mode == "both") {
            auto t0 = Clock::now();
            sink += bare_parse_ordered(dir);
            to.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
        if (mode != "parse") {
            auto t0 = Clock::now();
            sink += full(dir);
            tf.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
    }
    std::printf("input: %.1f MB in 6 files\n", static_cast<double>(bytes) / 1e6);
    if (!tp.empty())
        std::printf("bare nlohmann::json::parse: median %.1f ms (%d runs)\n", median(tp), reps);
    if (!to.empty())
        std::printf("bare ordered_json::parse:   median %.1f ms (the loader's DOM type)\n",
                    median(to));
    if (!tf.empty())
        std::printf("load + validate + score:    median %.1f ms (%d runs)\n", median(tf), reps);
    if (!tp.empty() && !tf.empty())
        std::printf("ratio: %.2f (goal: at most 2)\n", median(tf) / median(tp));
    return sink == 0 ? 1 : 0;
}
