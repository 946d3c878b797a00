#include "intake/heap.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace vanban::intake {

void prepare_large_heap() {
    constexpr int kPad = 64 << 20;
    // Large blocks (the scanner's buffer, the output text) from the heap instead of their own
    // mappings, which would be faulted in page by page and unmapped again at each free.
    mallopt(M_MMAP_THRESHOLD, kPad);
    mallopt(M_TRIM_THRESHOLD, 4 * kPad);
    mallopt(M_TOP_PAD, kPad);
    // One thread's arena for every thread, so that all allocations land in the region below.
    mallopt(M_ARENA_MAX, 1);
    auto* const before = static_cast<char*>(sbrk(0));
    // A block larger than the free top of the heap grows it by itself plus the pad (through a
    // volatile pointer: the compiler would otherwise drop the unused malloc/free pair).
    void* volatile probe = std::malloc(1 << 20);
    auto* const after = static_cast<char*>(sbrk(0));
    std::free(probe);
    if (before == reinterpret_cast<char*>(-1) || after <= before) return;
    const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    const std::uintptr_t lo = (reinterpret_cast<std::uintptr_t>(before) + page - 1) & ~(page - 1);
    const auto hi = reinterpret_cast<std::uintptr_t>(after) & ~(page - 1);
    // Advice only: an error (no transparent huge pages here) leaves the heap as it was.
    if (hi > lo) madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
}

}  // namespace vanban::intake
