#include "batch/fingerprint.hpp"

#include <algorithm>
#include <sstream>

#include "batch/manifest.hpp"
#include "model/digest.hpp"

namespace vanban::batch {

namespace fs = std::filesystem;

std::string table_fingerprint(const std::string& org_hash, const scoring::ScoreTable& t,
                              const std::string& date) {
    std::ostringstream s;
    s.precision(17);
    s << org_hash << '|' << t.period.code() << '|' << date << '|' << t.has_previous << '|'
      << t.previous_period.code() << '|' << t.same_method << '|'
      << (t.previous_method ? t.previous_method->year : 0) << '\n';
    const model::Method& m = *t.method;
    s << m.year << '|' << m.basis << '\n';
    for (const auto& i : m.indicators) {
        s << i.id << '|' << i.name << '|' << i.short_name << '|' << i.numerator_label << '|'
          << i.denominator_label << '|' << i.max_points_h;
        for (const auto& th : i.target_h) s << '|' << (th ? *th : -1);
        s << '\n';
    }
    for (const auto& b : m.bands) s << b.name << '|' << b.min_h << '\n';
    for (const auto& r : t.rows) {
        s << r.unit << '|' << static_cast<int>(r.level) << '|' << r.has_total << '|' << r.total_h
          << '|' << r.band << '|' << r.rank << '|' << r.rank_in_district << '|' << r.has_previous
          << '|' << r.previous_rank << '|' << r.previous_rank_in_district << '|' << r.previous_total
          << '|' << r.rank_change << '|' << r.total_change << '|' << r.scored_max_points << '|'
          << r.raw_points << '|' << r.previous_ranked;
        for (const auto& q : r.missing_quarters) s << '|' << q.code();
        for (const auto& i : r.indicators)
            s << '|' << i.applicable << ',' << i.scored << ',' << i.missing << ',' << i.numerator
              << ',' << i.denominator << ',' << i.rate << ',' << i.target << ',' << i.points << ','
              << i.max_points;
        s << '\n';
    }
    return model::sha256_hex(s.str());
}

std::string folders_hash(const std::vector<fs::path>& dirs) {
    model::Sha256 h;
    for (const auto& d : dirs) {
        std::vector<fs::path> files;
        std::error_code ec;
        if (fs::is_regular_file(d, ec))
            files.push_back(d);
        else if (fs::is_directory(d, ec))
            for (const auto& e : fs::recursive_directory_iterator(d))
                if (e.is_regular_file()) files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            h.update(f.lexically_relative(d).string());
            h.update(std::string(1, '\0'));
            h.update(file_sha256(f));
        }
    }
    return h.hex();
}

}  // namespace vanban::batch
