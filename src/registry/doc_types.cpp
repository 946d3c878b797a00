#include "registry/doc_types.hpp"

namespace vanban::registry {

std::string series_for(SeriesPolicy policy, const DocType& t, bool secret) {
    std::string base = policy == SeriesPolicy::Shared ? "" : std::string(t.code);
    if (secret) return base.empty() ? "MAT" : "MAT-" + base;
    return base.empty() ? "HC" : base;
}

bool is_secret_series(std::string_view series) {
    return series == "MAT" || series.starts_with("MAT-");
}

}  // namespace vanban::registry
