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
    // "mau.xlsx: 'Số liệu'!F17: ô có chữ \"abc\", cần số nguyên ≥ 0"
    std::string text() const;
};

class Issues {
  public:
    void error(std::string file, std::string where, std::string message);
    void warning(std::string file, std::string where, std::string message);
    const std::vector<Issue>& all() const { return issues_; }
    std::size_t errors() const { return errors_; }
    std::size_t warnings() const { return issues_.size() - errors_; }

  private:
    std::vector<Issue> issues_;
    std::size_t errors_ = 0;
};

}  // namespace vanban::intake
