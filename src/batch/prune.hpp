// Outputs dropped from a job (a period or a unit removed, a letter renumbered in another
// registry): when a rerun's plan no longer has a path that the manifest recorded, its file is
// deleted and its entry forgotten. The rules keep everything else safe:
//   * only paths the manifest recorded, never a file the user put in OUT_DIR;
//   * only below OUT_DIR: a recorded path that is absolute, has "..", or leads through a
//     symbolic link out of OUT_DIR is left alone (a hand-edited manifest cannot reach out);
//   * only a regular file whose bytes are still those the manifest recorded: a file changed
//     since (edited by someone) is kept, and the summary says so;
//   * `planned` is the plan of the WHOLE job, not of one --shard: a shard never deletes what
//     another shard makes, even when they share OUT_DIR.
// A deleted letter keeps its number in the registry (docs/batch.md: "Văn bản bị bỏ khỏi công
// việc").
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "batch/manifest.hpp"

namespace vanban::batch {

struct PruneResult {
    std::vector<std::string> removed;  // deleted files (OUT_DIR-relative), with their number
    std::vector<std::string> kept;     // dropped from the job but kept, with the reason
};

// Deletes the dropped outputs, forgets them in `manifest` (the caller saves it), and removes the
// folders that this left empty (never OUT_DIR itself).
PruneResult remove_dropped_outputs(Manifest& manifest, const std::set<std::string>& planned,
                                   const std::filesystem::path& out_dir);

}  // namespace vanban::batch
