// Phase 4 of a run: the outgoing register book (sổ đăng ký văn bản đi, Phụ lục IV) of every
// agency and year the job's letters were numbered in, as XLSX and PDF, once every letter is
// committed. Skipped when unchanged (same book content, same templates), like every output.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <utility>

#include "batch/manifest.hpp"
#include "batch/progress.hpp"
#include "batch/summary.hpp"
#include "model/org.hpp"
#include "pdf/finish.hpp"
#include "pdf/wkhtml_pool.hpp"
#include "registry/registry.hpp"

namespace vanban::batch {

// (agency ký hiệu, year): one book each.
using BookSet = std::set<std::pair<std::string, int>>;

// OUT_DIR-relative path of a book without its extension ("so-van-ban-di/so-van-ban-di-SNV-2024").
std::string register_book_base(const std::string& agency, int year);

struct BookContext {
    std::filesystem::path out_dir, templates_root;
    std::string templates_hash;  // part of every book's input hash
    const model::Organisation* org = nullptr;
    pdf::WkhtmlPool* pool = nullptr;
    pdf::PageNumberStamps* stamps = nullptr;
};

// Reads the books from `reg` in this thread (a registry is not thread-safe), then writes each
// file on its own thread (the PDFs share the pool's workers). Records every file in the manifest
// and the progress; counts and failures go to `sum`.
void make_register_books(const BookSet& books, registry::Registry& reg, const BookContext& ctx,
                         Manifest& manifest, Progress& progress, Summary& sum);

}  // namespace vanban::batch
