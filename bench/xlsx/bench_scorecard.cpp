// Scorecard workbook at national scale: loads and scores the dataset once, then writes the
// workbook `reps` times and prints the median time of write_scorecard alone (what the Python
// peers in write_peer.py do: they start from the same figures, `vanban score --json`). Also
// prints the peak RSS before and after writing, to show the writer's memory does not grow with
// the unit count (constant-memory mode).
// Usage: bench_scorecard DATA_DIR PERIOD OUT.xlsx [reps]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "model/dataset.hpp"
#include "scoring/score.hpp"
#include "xlsx/scorecard.hpp"

namespace {

long peak_rss_kb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: bench_scorecard DATA_DIR PERIOD OUT.xlsx [reps]\n";
        return 2;
    }
    std::string dir = argv[1];
    auto period = vanban::model::Period::parse(argv[2]);
    int reps = argc > 4 ? std::stoi(argv[4]) : 5;
    if (!period) return 2;
    auto ds = vanban::model::load_dataset(dir + "/org.json", {dir}, {dir}, *period);
    auto table = vanban::scoring::score_dataset(ds);
    long before = peak_rss_kb();
    vanban::xlsx::ScorecardOptions opt;
    std::vector<double> ms;
    for (int i = 0; i < reps; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        vanban::xlsx::write_scorecard(ds, table, opt, argv[3]);
        auto t1 = std::chrono::steady_clock::now();
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    long after = peak_rss_kb();
    std::sort(ms.begin(), ms.end());
    std::printf(
        "units %zu  write median %.1f ms (min %.1f, %d runs)  peak RSS loaded %ld MB, "
        "after writing %ld MB (+%ld MB)\n",
        ds.org.units.size(), ms[ms.size() / 2], ms.front(), reps, before / 1024, after / 1024,
        (after - before) / 1024);
    return 0;
}
