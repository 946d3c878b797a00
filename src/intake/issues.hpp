// Problems found while importing: all of them are collected (nothing stops at the first), each
// naming the file, the sheet and cell, and what was expected. Errors keep the output from being
// written; warnings are listed and do not.
#pragma once

#include <string>
#include <vector>

namespace vanban::intake {

enum class Severity { error, warning };

struct Issue {
    Severity severity = Severity::error;
    std::string file;
    std::string where;  // "Sheet1!F17", "'Số liệu'!F7", "F17" (CSV), "" (the whole file)
    std::string message;
    // What the problem is about when the reader knows it (the web shows it next to them): the
    // unit id and the indicator id from org.json and the targets; "" when not one unit/field.
    std::string unit, indicator;
    // "mau.xlsx: 'Số liệu'!F17: ô có chữ \"abc\", cần số nguyên ≥ 0"
    std::string text() const;
};

class Issues {
  public:
    void error(std::string file, std::string where, std::string message);
    void warning(std::string file, std::string where, std::string message);
    // The unit and indicator the next problems are about, until changed or cleared.
    void set_subject(std::string unit, std::string indicator = {}) {
        unit_ = std::move(unit);
        indicator_ = std::move(indicator);
    }
    void clear_subject() { set_subject({}, {}); }
    const std::vector<Issue>& all() const { return issues_; }
    std::size_t errors() const { return errors_; }
    std::size_t warnings() const { return issues_.size() - errors_; }

  private:
    std::vector<Issue> issues_;
    std::size_t errors_ = 0;
    std::string unit_, indicator_;
    void add(Severity s, std::string file, std::string where, std::string message);
};

}  // namespace vanban::intake
