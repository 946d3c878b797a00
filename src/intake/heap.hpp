// The import's heap in large pages. On the virtual machines vanban runs on, the first touch of
// each 4 KiB page costs a trap to the hypervisor: a 13,000-unit import touched about 5,000 pages
// of heap, which cost more CPU than reading the workbook (bench/README.md, intake). Called once
// at the start of a command that allocates tens of MiB, before it allocates them.
#pragma once

namespace vanban::intake {

// Keeps the heap in one region grown by at least 64 MiB at a time, never trimmed while the
// process lives and never split into separate mappings for large blocks, and asks the kernel
// for transparent huge pages on the part not yet touched (madvise: only where the system allows
// them; elsewhere nothing changes). Results are unchanged; only the memory layout differs.
void prepare_large_heap();

}  // namespace vanban::intake
