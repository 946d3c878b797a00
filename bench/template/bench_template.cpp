// Template engine benchmark: compile the letter once, render it many times (Google Benchmark,
// items_per_second = renders/s). Also the modes run.sh needs:
//   bench_template --print          one rendering to stdout (compared byte for byte with Jinja2)
//   bench_template --rss N          N renders, printing VmRSS every 10,000 (memory must stay flat)
// Any other arguments go to Google Benchmark.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "template/engine.hpp"

namespace {

const std::string kDir = VANBAN_BENCH_TEMPLATE_DIR;

struct Letter {
    vanban::tpl::Environment env;
    std::shared_ptr<const vanban::tpl::Template> tpl;
    vanban::tpl::Value data;
    Letter() {
        env.add_search_path(kDir + "/templates");
        tpl = env.load("letter.html");  // compiled once
        std::ifstream in(kDir + "/letter.json");
        data = vanban::tpl::value_from_json(nlohmann::ordered_json::parse(in));
    }
};

Letter& letter() {
    static Letter l;
    return l;
}

// A fresh string per render, as a caller writing each letter to its own file does.
void BM_RenderLetter(benchmark::State& state) {
    auto& l = letter();
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::string out = l.tpl->render(l.data);
        bytes += out.size();
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_RenderLetter);

// One output buffer reused across renders (the batch runner's pattern).
void BM_RenderLetterReuseBuffer(benchmark::State& state) {
    auto& l = letter();
    std::string out;
    for (auto _ : state) {
        out.clear();
        l.tpl->render(l.data, out);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderLetterReuseBuffer);

// Compiling from scratch each time, to show what "compile once" saves.
void BM_LoadAndRenderLetter(benchmark::State& state) {
    auto& l = letter();
    for (auto _ : state) {
        vanban::tpl::Environment env;
        env.add_search_path(kDir + "/templates");
        std::string out = env.load("letter.html")->render(l.data);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LoadAndRenderLetter);

long rss_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
    return -1;
}

int rss_run(long n) {
    auto& l = letter();
    std::size_t bytes = 0;
    std::printf("renders rss_kib\n0 %ld\n", rss_kib());
    for (long i = 1; i <= n; ++i) {
        bytes += l.tpl->render(l.data).size();
        if (i % 10000 == 0) std::printf("%ld %ld\n", i, rss_kib());
    }
    std::printf("bytes %zu\n", bytes);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc == 2 && std::string(argv[1]) == "--print") {
            std::cout << letter().tpl->render(letter().data);
            return 0;
        }
        if (argc == 3 && std::string(argv[1]) == "--rss") return rss_run(std::atol(argv[2]));
    } catch (const std::exception& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
