#include "intake/issues.hpp"

namespace vanban::intake {

std::string Issue::text() const {
    std::string s = file;
    if (!where.empty()) s += ": " + where;
    return s + ": " + message;
}

void Issues::error(std::string file, std::string where, std::string message) {
    issues_.push_back({Severity::error, std::move(file), std::move(where), std::move(message)});
    ++errors_;
}

void Issues::warning(std::string file, std::string where, std::string message) {
    issues_.push_back({Severity::warning, std::move(file), std::move(where), std::move(message)});
}

}  // namespace vanban::intake
