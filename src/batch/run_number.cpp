// Stage 2 of a run: every letter of the job (every shard's) numbered in plan order, in this one
// thread, so that numbers never depend on --jobs or on which shard runs first; then every
// task's output path, which for a letter carries its number.
#include <charconv>
#include <cstdio>

#include "batch/docx_outputs.hpp"  // [docx]
#include "batch/kinds.hpp"
#include "batch/run_stages.hpp"

namespace vanban::batch {

namespace {

std::string two_digits(int n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d", n);
    return buf;
}

}  // namespace

void number_letters(RunPlan& plan, registry::Registry& reg, Summary& sum) {
    for (auto& t : plan.tasks) {
        if (!t.prepared) continue;
        t.numbered = plan.maker->number(*t.prepared, reg);
        ++sum.numbered;
        if (t.numbered->outcome == registry::ReserveOutcome::Created)
            ++sum.numbers_new;
        else
            ++sum.numbers_existing;
        if (!t.numbered->notice.empty())
            sum.notices.push_back(t.prepared->key + ": " + t.numbered->notice);
        const int n = t.numbered->entry.number;
        if (t.kind == kNotice)
            t.rel_path = t.period->folder + "/thong-bao-ket-qua-" + t.period->folder + "-so-" +
                         two_digits(n) + ".pdf";
        else
            t.rel_path = t.period->folder + "/cong-van/" +
                         plan.org.units[static_cast<std::size_t>(t.unit)].id + "-so-" +
                         two_digits(n) + ".pdf";
    }

    for (auto& t : plan.tasks)  // [docx]
        if (t.source) t.rel_path = docx_path(plan.tasks[*t.source].rel_path);
}

BookSet planned_books(const RunPlan& plan, const Manifest& manifest, registry::Registry& reg) {
    BookSet books;
    if (!plan.job.register_book) return books;
    // One register book per agency and year the job's letters were numbered in (letters dated
    // January of the next year belong to that year's book), as XLSX and PDF.
    for (const auto& t : plan.tasks)
        if (t.numbered) books.insert({t.numbered->entry.agency, t.numbered->entry.year});
    // A book the manifest recorded stays in the plan while the registry has numbers for its
    // agency and year: a letter dropped from the job keeps its number (prune.hpp), so the book
    // still lists it and is kept up to date rather than deleted.
    for (const auto& [path, e] : manifest.entries()) {
        int year = 0;
        const auto [p, ec] =
            std::from_chars(e.period.data(), e.period.data() + e.period.size(), year);
        if (e.kind != kRegister || ec != std::errc() || p != e.period.data() + e.period.size())
            continue;
        if (books.count({e.unit, year}) ||
            path.rfind(register_book_base(e.unit, year) + ".", 0) != 0)
            continue;
        registry::ListFilter f;
        f.agency = e.unit;
        f.year = year;
        if (!reg.list(f).empty()) books.insert({e.unit, year});
    }
    return books;
}

}  // namespace vanban::batch
