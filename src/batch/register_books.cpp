#include "batch/register_books.hpp"

#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "batch/kinds.hpp"
#include "letter/register_book_pdf.hpp"
#include "model/digest.hpp"
#include "registry/book.hpp"
#include "xlsx/register_book.hpp"

namespace vanban::batch {

namespace fs = std::filesystem;

std::string register_book_base(const std::string& agency, int year) {
    return "so-van-ban-di/so-van-ban-di-" + agency + "-" + std::to_string(year);
}

void make_register_books(const BookSet& books, registry::Registry& reg, const BookContext& ctx,
                         Manifest& manifest, Progress& progress, Summary& sum) {
    struct BookFile {
        std::string rel, agency, hash;
        int year = 0;
        std::shared_ptr<const registry::RegisterBook> book;
        bool pdf = false;
    };
    std::vector<BookFile> files;
    for (const auto& [agency, year] : books) {
        const std::string base = register_book_base(agency, year);
        try {
            auto book = std::make_shared<const registry::RegisterBook>(
                registry::make_register_book(reg, agency, year, ctx.org));
            model::Sha256 h;
            h.update(ctx.templates_hash);
            h.update(book->date_range() + "|" + book->number_range() + "|" + book->as_of_iso());
            for (const auto& row : book->rows)
                for (const auto& cell : row) h.update(cell), h.update(std::string(1, '\0'));
            const std::string hash = h.hex();
            files.push_back({base + ".xlsx", agency, hash, year, book, false});
            files.push_back({base + ".pdf", agency, hash, year, book, true});
        } catch (const std::exception& ex) {
            sum.failures.push_back({base, ex.what()});
            progress.done(base + ".xlsx", false, false);
            progress.done(base + ".pdf", false, false);
        }
    }
    sum.documents += 2 * books.size();
    std::mutex sum_mu;
    auto write_book = [&](const BookFile& bf) {
        const fs::path out = ctx.out_dir / bf.rel;
        ManifestEntry e;
        e.kind = kRegister;
        e.period = std::to_string(bf.year);
        e.unit = bf.agency;
        e.input_hash = bf.hash;
        if (auto old = manifest.find(bf.rel);
            old && old->ok && old->input_hash == bf.hash && file_sha256(out) == old->file_hash) {
            std::lock_guard lock(sum_mu);
            ++sum.kept[kRegister];
            progress.done(bf.rel, true, true);
            return;
        }
        try {
            std::error_code ec;
            fs::create_directories(out.parent_path(), ec);
            if (bf.pdf)
                letter::write_register_book_pdf(*bf.book, out, ctx.templates_root, *ctx.pool,
                                                *ctx.stamps);
            else
                xlsx::write_register_book_xlsx(*bf.book, out);  // parallel: see runner.cpp
            e.ok = true;
            e.file_hash = file_sha256(out);
            std::lock_guard lock(sum_mu);
            ++sum.made[kRegister];
        } catch (const std::exception& ex) {
            e.error = ex.what();
            std::lock_guard lock(sum_mu);
            sum.failures.push_back({bf.rel, ex.what()});
        }
        const bool ok = e.ok;
        manifest.record(bf.rel, std::move(e));
        progress.done(bf.rel, ok, false);
    };
    std::vector<std::thread> writers;
    for (const auto& bf : files) writers.emplace_back(write_book, std::cref(bf));
    for (auto& w : writers) w.join();
}

}  // namespace vanban::batch
