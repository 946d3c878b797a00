#include "intake/issues.hpp"

namespace vanban::intake {

std::string Issue::text() const {
    std::string s = file;
    if (!where.empty()) s += ": " + where;
    return s + ": " + message;
}

void Issues::add(Severity s, std::string file, std::string where, std::string message) {
    Issue i;
    i.severity = s;
    i.file = std::move(file);
    i.where = std::move(where);
    i.message = std::move(message);
    i.unit = unit_;
    i.indicator = indicator_;
    issues_.push_back(std::move(i));
}

void Issues::error(std::string file, std::string where, std::string message) {
    add(Severity::error, std::move(file), std::move(where), std::move(message));
    ++errors_;
}

void Issues::warning(std::string file, std::string where, std::string message) {
    add(Severity::warning, std::move(file), std::move(where), std::move(message));
}

}  // namespace vanban::intake
