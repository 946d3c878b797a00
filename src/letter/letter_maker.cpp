#include "letter/letter_maker.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <utility>

#include "letter/appendix_pages.hpp"
#include "letter/letter_table.hpp"
#include "model/digest.hpp"
#include "pdf/atomic_file.hpp"
#include "pdf/combined.hpp"
#include "pdf/page_setup.hpp"
#include "registry/doc_types.hpp"
#include "vn/format.hpp"
#include "vn/text.hpp"

namespace vanban::letter {

namespace fs = std::filesystem;

namespace {

std::string file_sha256(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof())
        throw std::runtime_error("Không đọc được tệp ảnh '" + file.string() + "'");
    return model::sha256_hex(bytes);
}

// Everything that decides the document except its number (the registry assigns that): the JSON,
// the bytes of the electronic signature and seal (the JSON names only their paths: a new image
// under the same name is a changed letter), and the extra parts. A letter without images hashes
// as it always did, so the keys derived from the hash of letters without `id` stay the same.
std::string content_hash_of(const model::JsonDocument& doc, const model::Letter& letter,
                            const std::vector<ExtraAppendix>& extra) {
    model::Json root = doc.root();
    if (root.is_object()) root.erase("number");
    model::Sha256 h;
    h.update(root.dump());
    if (letter.electronic) {
        h.update("\n--chu-ky--\n");
        h.update(file_sha256(letter.electronic->signature));
        h.update("\n--con-dau--\n");
        h.update(file_sha256(letter.electronic->seal));
    }
    for (const auto& e : extra) {
        h.update("\n--phu-luc--\n");
        h.update(e.fingerprint);
    }
    return h.hex();
}

// Fixed column widths for every table of the letter's body (templates/nd30/base.html keeps each
// row whole by setting it as a line of its own, which needs the same widths on every row).
void add_table_widths(model::Json& blocks, double width_mm) {
    for (auto& b : blocks) {
        if (b.value("kind", "") == "table") {
            auto& t = b["table"];
            LetterTableText text{t["columns"].get<std::vector<std::string>>(),
                                 t["rows"].get<std::vector<std::vector<std::string>>>(),
                                 t["numeric"].get<std::vector<bool>>()};
            t["widths"] = column_widths_mm(text, width_mm);
            t["width_mm"] = width_mm;
        }
        if (b.contains("children")) add_table_widths(b["children"], width_mm);
    }
}

// Today's date where vanban runs (the offices' clocks are on Vietnam time): the date a draft
// without day and month receives when the registry numbers it.
registry::Date today() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::string joined_lines(const std::vector<std::string>& items) {
    std::string s;
    for (const auto& i : items) s += (s.empty() ? "" : "\n") + i;
    return s;
}

}  // namespace

std::vector<fs::path> image_dirs(const model::Letter& l) {
    std::vector<fs::path> dirs;
    if (!l.electronic) return dirs;
    for (const fs::path* img : {&l.electronic->signature, &l.electronic->seal}) {
        fs::path dir = img->parent_path();
        if (std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) dirs.push_back(dir);
    }
    return dirs;
}

std::string derived_key(const model::Letter& l, const std::string& content_hash) {
    return "tu-dong:" + l.agency + ":" + content_hash.substr(0, 16);
}

LetterMaker::LetterMaker(const model::Organisation& org, fs::path templates, pdf::WkhtmlPool& pool,
                         pdf::PageNumberStamps& stamps)
    : org_(org), templates_(std::move(templates)), pool_(pool), stamps_(stamps) {
    env_.add_search_path(templates_);
}

model::LetterContext LetterMaker::context(const PreparedLetter& p, std::optional<int> number,
                                          const std::string& issue_date) const {
    model::Letter l = p.letter;
    l.number = number;
    if (!issue_date.empty()) l.date = issue_date;
    model::LetterContext lc = model::build_letter_context(*p.doc, l, org_);
    lc.context["base_css"] = pdf::base_css();
    if (sign_box_) lc.context["sign_box"] = true;
    add_table_widths(lc.context["body"], std::floor(pdf::PageSetup().usable_width_mm()));
    return lc;
}

PreparedLetter LetterMaker::prepare(const model::JsonDocument& doc, model::Letter letter,
                                    std::vector<ExtraAppendix> extra) {
    PreparedLetter p;
    p.doc = &doc;
    p.letter = std::move(letter);
    p.extra = std::move(extra);
    p.content_hash = content_hash_of(doc, p.letter, p.extra);
    p.key = p.letter.id.empty() ? derived_key(p.letter, p.content_hash) : p.letter.id;
    // A dry run with the letter's own number (or the draft's blank): unknown agencies, signers
    // and template errors stop here, before the registry is asked for anything.
    html(p, p.letter.number);
    return p;
}

registry::LetterInfo LetterMaker::registry_info(const PreparedLetter& p) const {
    const model::Letter& l = p.letter;
    const model::Agency* agency = org_.find_agency(l.agency);  // prepare() checked it exists
    registry::LetterInfo info;
    info.key = p.key;
    info.content_hash = p.content_hash;
    info.agency = agency->abbreviation;
    for (const auto& u : agency->drafting_units)
        if (u.id == l.drafting_unit) info.unit = u.abbreviation;
    info.doc_type = std::string(l.type->name);
    const auto policy = agency->numbering == model::Numbering::per_type
                            ? registry::SeriesPolicy::PerType
                            : registry::SeriesPolicy::Shared;
    info.series = registry::series_for(policy, *l.type, !l.secrecy.empty());
    // validated by parse_letter; a draft without day and month is dated when it is numbered
    info.date = l.date_blank() ? today() : *registry::Date::parse_iso(l.date);
    info.trich_yeu = l.trich_yeu;
    for (const auto& s : agency->signers)
        if (s.id == l.signer) info.signer = s.full_name;
    std::vector<std::string> recipients = l.noi_nhan;
    if (recipients.empty()) recipients = l.kinh_gui;
    info.recipients = joined_lines(recipients);
    info.luu = l.luu;
    info.copies = l.drafter ? l.drafter->copies : 0;
    info.number = l.number;
    return info;
}

Numbered LetterMaker::number(const PreparedLetter& p, registry::Registry& reg) const {
    const registry::LetterInfo info = registry_info(p);
    if (p.letter.date_blank() && std::to_string(info.date.year) != p.letter.date)
        p.doc->fail("/date", "bản dự thảo ghi năm " + p.letter.date +
                                 " nhưng ngày cấp số hôm nay là " + info.date.short_vn() +
                                 ": sửa năm trong \"date\" (hoặc ghi đủ ngày YYYY-MM-DD)");
    registry::Reservation r = reg.reserve(info);
    Numbered n{r.entry, r.outcome, {}};
    if (r.outcome == registry::ReserveOutcome::ContentChanged)
        n.notice = registry::content_changed_notice(r);
    return n;
}

std::vector<ExtraPart> LetterMaker::html(const PreparedLetter& p, std::optional<int> number,
                                         const std::string& issue_date) const {
    const model::LetterContext lc = context(p, number, issue_date);
    const std::string date = issue_date.empty() ? p.letter.date : issue_date;
    const pdf::PageSetup page;
    std::vector<ExtraPart> out;
    out.push_back({env_.load(lc.template_name)->render(tpl::value_from_json(lc.context)), page});
    const auto& apps = lc.context["appendices"];
    if (!apps.empty()) {
        auto appendix_template = env_.load("phu-luc.html");
        const std::string reference =
            "(Kèm theo " + std::string(p.letter.type->name) + " số " + lc.so_ky_hieu + " ngày " +
            (date.size() == 4 ? "\u00a0\u00a0\u00a0/\u00a0\u00a0\u00a0/" + date
                              : vn::date_short(vn::parse_iso_date(date))) +
            " của " + lc.agency_name + ")";
        for (std::size_t i = 0; i < apps.size(); ++i) {
            model::Json ctx = lc.context;
            ctx["appendix"] = apps[i];
            const bool several = apps.size() + p.extra.size() > 1;
            AppendixHeading heading{
                several ? "Phụ lục " + vn::roman(static_cast<long long>(i + 1)) : "Phụ lục",
                vn::upper(apps[i]["title"].get<std::string>()),
                apps[i]["subtitle"].get<std::string>(), reference};
            ctx["appendix"]["heading"] = {{"number", heading.number},
                                          {"title", heading.title},
                                          {"subtitle", heading.subtitle},
                                          {"reference", heading.reference}};
            const std::string pointer = "/appendices/" + std::to_string(i) + "/body";
            try {
                ctx["appendix"]["layout"] = appendix_pages(heading, apps[i]["body"], pointer, page);
            } catch (const AppendixLayoutError& e) {
                p.doc->fail(e.pointer(), std::string("phụ lục không chia được trang: ") + e.what());
            }
            ctx["appendix_number"] = i + 1;
            ctx["appendix_count"] = apps.size() + p.extra.size();
            out.push_back({appendix_template->render(tpl::value_from_json(ctx)), page});
        }
    }
    for (const auto& e : p.extra)
        for (auto& part : e.make(lc.so_ky_hieu)) out.push_back(std::move(part));
    return out;
}

Made LetterMaker::produce(const PreparedLetter& p, std::optional<int> number, const fs::path& out,
                          const std::optional<fs::path>& html_out, const std::string& issue_date,
                          const Finisher& finisher) const {
    const model::LetterContext lc = context(p, number, issue_date);
    std::vector<ExtraPart> parts = html(p, number, issue_date);
    const std::string& source = p.letter.source;
    std::string date = issue_date.empty() ? p.letter.date : issue_date;
    if (date.size() == 4) date += "-01-01";  // a draft without day and month: the PDF's date
    // A secret (mật) letter is readable by its owner only, whatever the umask.
    const unsigned mode = p.letter.secrecy.empty() ? 0666 : 0600;
    pdf::FinishJob job{
        {}, {p.letter.trich_yeu, lc.agency_name, lc.so_ky_hieu, "", date}, out, mode};
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::string name = i == 0 ? source : source + " (phụ lục " + std::to_string(i) + ")";
        std::string bytes = pool_.render({parts[i].html, parts[i].page, {}, name});
        job.parts.emplace_back(name, parts[i].page, std::move(bytes));
    }
    job.sign_box = sign_box_;
    if (!finisher) {
        pdf::finish(job, stamps_);
    } else {
        // Finished into a temporary file beside `out`, passed through the finisher, then
        // written: `out` appears finished (signed) or not at all.
        pdf::TempFile unfinished(out, mode);
        unfinished.close(false);
        job.output = unfinished.path();
        pdf::finish(job, stamps_);
        pdf::write_file_atomically(out, finisher(pdf::read_file(unfinished.path())), mode);
    }
    if (html_out) {
        try {
            pdf::write_file_atomically(*html_out, parts[0].html, mode);
        } catch (...) {
            std::error_code ec;
            fs::remove(out, ec);  // all or nothing
            throw;
        }
    }
    return {lc.so_ky_hieu, std::nullopt};
}

std::vector<std::string> LetterMaker::produce_many(const std::vector<Item>& items) const {
    std::vector<std::string> errors(items.size());
    struct Doc {
        std::vector<ExtraPart> parts;
        model::LetterContext lc;
        std::size_t first_job = 0;
    };
    std::vector<std::optional<Doc>> docs(items.size());
    std::vector<pdf::PdfJob> jobs;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const PreparedLetter& p = *items[i].p;
        try {
            Doc d{html(p, items[i].number), context(p, items[i].number), jobs.size()};
            for (std::size_t k = 0; k < d.parts.size(); ++k)
                jobs.push_back({d.parts[k].html,
                                d.parts[k].page,
                                {},
                                k == 0 ? p.letter.source
                                       : p.letter.source + " (phụ lục " + std::to_string(k) + ")"});
            docs[i] = std::move(d);
        } catch (const std::exception& e) {
            errors[i] = e.what();
        }
    }
    const std::vector<pdf::PageSlice> slices = pdf::render_combined(pool_, jobs);
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!docs[i] || !items[i].write) continue;
        const PreparedLetter& p = *items[i].p;
        const Doc& d = *docs[i];
        try {
            std::string date = p.letter.date;
            if (date.size() == 4) date += "-01-01";  // as produce()
            const unsigned mode = p.letter.secrecy.empty() ? 0666 : 0600;
            pdf::FinishJob job{{},
                               {p.letter.trich_yeu, d.lc.agency_name, d.lc.so_ky_hieu, "", date},
                               items[i].out,
                               mode};
            for (std::size_t k = 0; k < d.parts.size(); ++k) {
                const pdf::PageSlice& s = slices[d.first_job + k];
                if (!s.error.empty()) throw std::runtime_error(s.error);
                pdf::PdfPart part(jobs[d.first_job + k].name, d.parts[k].page);
                part.shared = s.pdf;
                part.first_page = s.first;
                part.page_count = s.count;
                job.parts.push_back(std::move(part));
            }
            job.sign_box = sign_box_;
            if (!items[i].finisher) {
                pdf::finish(job, stamps_);
            } else {
                // As produce(): finished beside `out`, through the finisher, then written.
                pdf::TempFile unfinished(items[i].out, mode);
                unfinished.close(false);
                job.output = unfinished.path();
                pdf::finish(job, stamps_);
                pdf::write_file_atomically(
                    items[i].out, items[i].finisher(pdf::read_file(unfinished.path())), mode);
            }
            if (items[i].html_out) {
                try {
                    pdf::write_file_atomically(*items[i].html_out, d.parts[0].html, mode);
                } catch (...) {
                    std::error_code ec;
                    fs::remove(items[i].out, ec);  // all or nothing
                    throw;
                }
            }
        } catch (const std::exception& e) {
            errors[i] = e.what();
        }
    }
    return errors;
}

Made LetterMaker::make(const PreparedLetter& p, registry::Registry* reg, const fs::path& out,
                       const std::optional<fs::path>& html_out, const Finisher& finisher) const {
    if (!reg) return produce(p, p.letter.number, out, html_out, {}, finisher);
    // A folder that cannot take the files (read-only, missing) is found before a number is
    // taken; a failure after it (a full disk, a conversion error) gives the number back.
    pdf::check_writable(out);
    if (html_out) pdf::check_writable(*html_out);
    Numbered n = number(p, *reg);
    Made made;
    try {
        // A draft without day and month takes the date the registry recorded with its number.
        made = produce(p, n.entry.number, out, html_out,
                       p.letter.date_blank() ? n.entry.date.iso() : std::string(), finisher);
    } catch (...) {
        // Only a number this run took: one reserved earlier belongs to a run to be completed.
        if (n.outcome == registry::ReserveOutcome::Created) {
            try {
                reg->release(p.key);
            } catch (const std::exception&) {
                // The reservation stays, as after a kill; the original error is the one to show.
            }
        }
        throw;
    }
    n.entry = reg->commit(p.key, fs::absolute(out).lexically_normal().string());
    made.numbered = std::move(n);
    return made;
}

}  // namespace vanban::letter
