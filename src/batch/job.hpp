// The batch job file (samples/jobs/*.json, schemas/job.schema.json, docs/batch.md): which year,
// which inputs, which documents. Loaded and validated up front with messages that name the file,
// the JSON pointer and the line, so that a bad job stops before any number is taken.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/json_source.hpp"
#include "model/org.hpp"
#include "model/period.hpp"

namespace vanban::batch {

struct JobPeriod {
    model::Period period;
    std::string date;  // ISO: the date of every letter and report of the period
};

// Letter fields shared by every letter of one kind (result công văn or covering thông báo).
struct LetterSetup {
    std::vector<std::string> periods;  // period codes that get these letters
    std::string agency, drafting_unit, signer;
    std::vector<std::string> kinh_gui;  // notice only (a result letter's comes from its template)
    std::vector<std::string> noi_nhan;
    std::string luu;
    std::map<std::string, std::string> remedies;  // indicator id -> what a unit must fix
    // Result letters only: restrict to these unit ids, each once (a repeated id is dropped with a
    // warning). Absent: every unit. An empty list is refused (see docs/batch.md).
    std::vector<std::string> units;
    bool enabled = false;
    // Each letter also as .docx beside its PDF, same number (the section's "docx", else the
    // job's top-level "docx", else false).
    bool docx = false;
};

// [leader] The leaders' scorecards of chosen periods (batch/leader_scorecards.hpp).
struct LeaderSetup {
    bool enabled = false;
    std::vector<std::string> periods;  // period codes; default: every period of the job
    std::string agency;                // issuing agency ("" : snv, else the first)
};
// [/leader]

// The batch's ky_so section: the issuing agency signs the letters as they are issued, with one
// key opened once for the whole run (batch/signing.hpp, docs/batch.md). The password or PIN is
// never in the job: it names the environment variable that holds it.
struct SignSetup {
    bool enabled = false;
    std::string key;            // a PKCS#12 file (resolved) or a "pkcs11:" URI
    std::string secret_env;     // the environment variable holding the password / PIN
    std::string pkcs11_module;  // "" : VANBAN_PKCS11_MODULE, else SoftHSM2's
    std::string seal;           // the seal PNG (resolved); "" : no image
    std::string reason, location;
    std::string tsa;                     // RFC 3161 time-stamp server: PAdES B-T
    bool letters = true, notice = true;  // which documents ("documents": [...])
};

struct Job {
    std::filesystem::path file;  // the job file, for messages and relative paths
    std::string id;
    int year = 0;
    std::string org;  // resolved against the job file's folder
    std::vector<std::string> targets, data;
    std::vector<JobPeriod> periods;  // in the order given (the numbering order is by date)
    bool scorecards = true, rankings = true, register_book = true;
    LetterSetup letters;  // result công văn to each unit
    LetterSetup notice;   // the covering thông báo with the ranking as Phụ lục
    LeaderSetup leader;   // [leader] leader_scorecards
    SignSetup ky_so;      // digital signature of the letters as issued
    // Optional template folders (resolved); empty: the bundled ones.
    std::string nd30_templates, templates_root, result_body;
    std::string registry;               // "" : OUT_DIR/so-van-ban-di.db
    std::vector<std::string> warnings;  // Vietnamese, naming file and pointer (batch summary)
};

// Throws model::InputError naming the file, pointer and line.
Job load_job(const std::string& path);
Job parse_job(const model::JsonDocument& doc, const std::filesystem::path& base_dir);

// The letters' agency, drafting unit and signer, and the `units` filter, checked against
// org.json and named by their place in the job file (LetterMaker::prepare would check them too,
// but against the letter built in memory). Throws std::runtime_error (Vietnamese).
void check_job_against_org(const Job& job, const model::Organisation& org);

}  // namespace vanban::batch
