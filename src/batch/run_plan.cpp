// Stage 1 of a run: check the templates, the organisation and the data, score every period,
// and plan every document of the job as a Task (letters prepared and checked, not numbered).
#include <algorithm>
#include <stdexcept>
#include <thread>

#include "batch/fingerprint.hpp"
#include "batch/kinds.hpp"
#include "batch/leader_scorecards.hpp"  // [leader]
#include "batch/letter_text.hpp"
#include "batch/run_stages.hpp"
#include "vn/format.hpp"

namespace vanban::batch {

namespace fs = std::filesystem;

std::string RunPlan::agency_name(const std::string& id) const {
    const model::Agency* a = org.find_agency(id);
    return a ? a->name : id;
}

ranking::RankingOptions RunPlan::ranking_options(const PeriodWork& pw) const {
    ranking::RankingOptions ro;
    ro.templates_root = root;
    ro.agency = job.notice.enabled ? job.notice.agency : "";
    ro.report_date = pw.jp->date;
    return ro;
}

namespace {

std::string reference_line_of(const std::string& so_ky_hieu, const JobPeriod& jp,
                              const std::string& agency_name) {
    return "(Kèm theo Thông báo số " + so_ky_hieu + " ngày " +
           vn::date_short(vn::parse_iso_date(jp.date)) + " của " + agency_name + ")";
}

bool in_set(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// Loads and scores every period of the job, by date (then the job's order): the numbering order.
void load_periods(RunPlan& plan, Summary& sum) {
    const Job& job = plan.job;
    for (std::size_t i = 0; i < job.periods.size(); ++i) {
        auto pw = std::make_unique<PeriodWork>();
        pw->jp = &job.periods[i];
        pw->position = i;
        pw->ds = model::load_dataset(job.org, job.targets, job.data, job.periods[i].period);
        pw->table = scoring::score_dataset(pw->ds);
        if (auto w = missing_data_warning(pw->ds, pw->table); !w.empty())
            sum.warnings.push_back(std::move(w));
        pw->fingerprint = table_fingerprint(plan.org_hash, pw->table, job.periods[i].date);
        pw->folder = job.periods[i].period.slug();
        plan.periods.push_back(std::move(pw));
    }
    std::stable_sort(plan.periods.begin(), plan.periods.end(),
                     [](const auto& a, const auto& b) { return a->jp->date < b->jp->date; });
}

// The tasks of the job, period by period, in the numbering order: the period's thông báo, its
// result letters (units in org.json order), its ranking, scorecard and leader scorecards.
void plan_tasks(RunPlan& plan, const tpl::Template& body_tpl, const tpl::Template& notice_tpl) {
    const Job& job = plan.job;
    const RunOptions& opt = plan.opt;
    const model::Organisation& org = plan.org;
    std::vector<Task>& tasks = plan.tasks;
    auto add_letter = [&](Task t, std::string json, std::vector<letter::ExtraAppendix> extra) {
        const std::string name = job.file.string() + " (" + t.kind + " " +
                                 (t.unit >= 0 ? org.units[static_cast<std::size_t>(t.unit)].id
                                              : t.period->jp->period.code()) +
                                 ")";
        t.doc = std::make_unique<model::JsonDocument>(model::JsonDocument::parse(name, json));
        model::Letter l = model::parse_letter(*t.doc);
        t.prepared = plan.maker->prepare(*t.doc, std::move(l), std::move(extra));
        tasks.push_back(std::move(t));
    };
    // [docx] The letter just planned, also as .docx (its path is known once it is numbered).
    auto add_docx = [&](const char* kind) {
        Task d;
        d.kind = kind;
        d.period = tasks.back().period;
        d.unit = tasks.back().unit;
        d.mine = tasks.back().mine;
        d.source = tasks.size() - 1;
        tasks.push_back(std::move(d));
    };
    for (auto& pwp : plan.periods) {
        PeriodWork& pw = *pwp;
        const std::string code = pw.jp->period.code();
        const bool period_mine = pw.position % opt.shard_count == opt.shard_index;
        if (job.notice.enabled && in_set(job.notice.periods, code)) {
            Task t;
            t.kind = kNotice;
            t.period = &pw;
            t.mine = period_mine;
            letter::ExtraAppendix extra;
            extra.fingerprint = pw.fingerprint;
            const PeriodWork* pwc = &pw;
            const ranking::RankingOptions base = plan.ranking_options(pw);
            const std::string agency_name = plan.notice_agency_name;
            extra.make = [pwc, base, agency_name](const std::string& so_ky_hieu) {
                ranking::RankingOptions ro = base;
                ro.reference = reference_line_of(so_ky_hieu, *pwc->jp, agency_name);
                std::vector<letter::ExtraPart> parts;
                for (auto& p : ranking::ranking_appendix_parts(pwc->ds, pwc->table, ro))
                    parts.push_back(letter::ExtraPart{std::move(p.html), p.page});
                return parts;
            };
            pw.notice_task = tasks.size();
            std::vector<letter::ExtraAppendix> extras;
            extras.push_back(std::move(extra));
            add_letter(std::move(t), notice_json(notice_tpl, job, *pw.jp, pw.ds, pw.table),
                       std::move(extras));
            if (job.notice.docx) add_docx(kNoticeDocx);
        }
        if (job.letters.enabled && in_set(job.letters.periods, code)) {
            // Units in org.json order (the numbering order), whatever the table's rank order.
            std::vector<const scoring::UnitScore*> by_unit(org.units.size(), nullptr);
            for (const auto& r : pw.table.rows) by_unit[static_cast<std::size_t>(r.unit)] = &r;
            for (std::size_t u = 0; u < org.units.size(); ++u) {
                if (!by_unit[u]) continue;
                if (!job.letters.units.empty() && !in_set(job.letters.units, org.units[u].id))
                    continue;
                Task t;
                t.kind = kLetter;
                t.period = &pw;
                t.unit = static_cast<int>(u);
                t.mine = u % opt.shard_count == opt.shard_index;
                add_letter(std::move(t),
                           result_letter_json(body_tpl, job, *pw.jp, pw.ds, pw.table, *by_unit[u]),
                           {});
                if (job.letters.docx) add_docx(kLetterDocx);
            }
        }
        if (job.rankings) {
            Task t;
            t.kind = kRanking;
            t.period = &pw;
            t.mine = period_mine;
            t.rel_path = pw.folder + "/xep-hang-" + pw.folder + ".pdf";
            tasks.push_back(std::move(t));
        }
        if (job.scorecards) {
            Task t;
            t.kind = kScorecard;
            t.period = &pw;
            t.mine = period_mine;
            t.rel_path = pw.folder + "/bang-diem-" + pw.folder + ".xlsx";
            tasks.push_back(std::move(t));
        }
        // [leader]
        if (job.leader.enabled && in_set(job.leader.periods, code))
            for (const char* kind : {kLeaderSummary, kLeaderUnits}) {
                Task t;
                t.kind = kind;
                t.period = &pw;
                t.mine = period_mine;
                t.rel_path = leader_path(kind, pw.jp->period);
                tasks.push_back(std::move(t));
            }
        // [/leader]
    }
}

}  // namespace

std::string RunPlan::reference_line(const std::string& so_ky_hieu, const JobPeriod& jp) const {
    return reference_line_of(so_ky_hieu, jp, notice_agency_name);
}

std::unique_ptr<RunPlan> plan_run(const Job& job, const RunOptions& opt, Summary& sum) {
    auto plan = std::make_unique<RunPlan>(job, opt);
    RunPlan& p = *plan;
    p.root = job.templates_root.empty() ? opt.templates_root : fs::path(job.templates_root);
    p.nd30 = job.nd30_templates.empty() ? p.root / "nd30" : fs::path(job.nd30_templates);
    p.body_file = job.result_body.empty() ? opt.batch_templates / "ket-qua-don-vi.txt"
                                          : fs::path(job.result_body);
    p.notice_file = opt.batch_templates / "thong-bao-ket-qua.txt";
    for (const fs::path& f : {p.nd30, p.root / "ranking", p.body_file, p.notice_file})
        if (!fs::exists(f))
            throw std::runtime_error(job.file.string() + ": không tìm thấy mẫu " + f.string());
    sum.notices = job.warnings;

    p.org = model::load_organisation(job.org);
    p.org_hash = file_sha256(job.org);
    p.templates_hash = folders_hash({p.nd30, p.root / "ranking", p.body_file, p.notice_file});

    check_job_against_org(job, p.org);
    // ky_so: the key is opened here, once, before anything is rendered or numbered.
    if (job.ky_so.enabled) p.signing = std::make_unique<BatchSigning>(job);

    load_periods(p, sum);

    p.env.add_search_path(p.body_file.parent_path());
    if (p.notice_file.parent_path() != p.body_file.parent_path())
        p.env.add_search_path(p.notice_file.parent_path());
    const auto body_tpl = p.env.load(p.body_file.filename().string());
    const auto notice_tpl = p.env.load(p.notice_file.filename().string());

    p.jobs = opt.jobs ? opt.jobs : std::max(1u, std::thread::hardware_concurrency());
    pdf::PoolOptions po;
    po.workers = p.jobs;
    po.asset_dirs = {p.root, p.nd30};
    p.pool = std::make_unique<pdf::WkhtmlPool>(po);
    p.stamps = std::make_unique<pdf::PageNumberStamps>(*p.pool);
    p.maker = std::make_unique<letter::LetterMaker>(p.org, p.nd30, *p.pool, *p.stamps);
    p.maker->set_sign_box(p.signing != nullptr);  // the seal goes where the renderer recorded

    const model::Agency* notice_agency =
        job.notice.enabled ? p.org.find_agency(job.notice.agency) : nullptr;
    p.notice_agency_name = notice_agency ? notice_agency->name : "";

    plan_tasks(p, *body_tpl, *notice_tpl);
    return plan;
}

}  // namespace vanban::batch
