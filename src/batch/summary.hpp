// What a batch run reports at its end (documents by kind, numbers, time, failures, notices) and
// how the CLI prints it.
#pragma once

#include <cstddef>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "model/dataset.hpp"
#include "scoring/score.hpp"

namespace vanban::batch {

struct Failure {
    std::string path, reason;
};

struct Summary {
    std::map<std::string, int> made, kept;  // by kind ("cong-van", …): made now / unchanged
    int numbers_new = 0, numbers_existing = 0;
    std::vector<Failure> failures;
    std::vector<std::string> notices;   // letters changed since numbered, damaged manifest, …
    std::vector<std::string> warnings;  // units without data for a period (chưa báo cáo), …
    std::vector<std::string> removed;   // outputs no longer in the job, deleted (OUT_DIR-relative)
    std::size_t documents = 0;          // documents this run (this shard) is responsible for
    std::size_t numbered = 0;           // letters of the whole job
    std::string registry;               // where the numbers are
    // ky_so: documents signed this run, the certificate, and how many times a key was opened
    // (1: the whole run signed with one opening of the key or token).
    int signed_documents = 0, keys_opened = 0;
    std::string signer;
    double seconds = 0;
    bool cancelled = false;                        // stopped early by RunOptions::cancel
    double check_seconds = 0, number_seconds = 0;  // phases 1 and 2 (the rest is making)
    // CPU time (user + system) of the run: vanban's own threads, and its wkhtmltopdf workers
    // (counted once they have exited, at the end of the run).
    double cpu_self_seconds = 0, cpu_workers_seconds = 0;
};

// The warning for the units of `table` absent from a quarter's file ("" when none): the
// period, how many, and each unit (with its district) and the quarters it lacks.
std::string missing_data_warning(const model::Dataset& ds, const scoring::ScoreTable& table);

// The summary as the CLI prints it (Vietnamese).
void print_summary(const Summary& s, std::ostream& out);

}  // namespace vanban::batch
