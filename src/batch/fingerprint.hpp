// Hashes that decide whether a rerun must make a document again: everything a period's ranking
// and scorecard print, and the bytes of the template folders.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scoring/score.hpp"

namespace vanban::batch {

// Everything a period's ranking and scorecard print: the method, the organisation and every
// figure of the table (with the previous period's). Two equal fingerprints make equal files.
std::string table_fingerprint(const std::string& org_hash, const scoring::ScoreTable& t,
                              const std::string& date);

// Hash of every file under the folders (names and bytes), in a stable order.
std::string folders_hash(const std::vector<std::filesystem::path>& dirs);

}  // namespace vanban::batch
