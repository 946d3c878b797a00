#include "sign/incremental.hpp"

#include <cstdio>
#include <cstring>
#include <vector>

#include "sign/keys.hpp"

namespace vanban::sign {

Revision last_revision(const std::string& pdf, const std::string& name) {
    Revision r;
    const size_t from = pdf.size() > 2048 ? pdf.size() - 2048 : 0;
    const size_t at = pdf.rfind("startxref", std::string::npos);
    if (at == std::string::npos || at < from)
        throw SignError("Tệp PDF '" + name + "' bị hỏng: không có 'startxref' ở cuối tệp");
    r.startxref = std::atoll(pdf.c_str() + at + 9);
    if (r.startxref <= 0 || static_cast<size_t>(r.startxref) >= at)
        throw SignError("Tệp PDF '" + name + "' bị hỏng: vị trí bảng xref không hợp lệ");
    const char* p = pdf.c_str() + r.startxref;
    if (std::strncmp(p, "xref", 4) == 0) {
        r.xref_stream = false;
    } else if (int num = 0, gen = 0, used = 0;
               std::sscanf(p, "%d %d obj%n", &num, &gen, &used) == 2 && used > 0 && num > 0) {
        r.xref_stream = true;  // "N G obj": a cross-reference stream
    } else {
        throw SignError("Tệp PDF '" + name + "' bị hỏng: 'startxref' không trỏ tới bảng xref");
    }
    return r;
}

IncrementalUpdate::IncrementalUpdate(std::string original, Revision rev)
    : out_(std::move(original)), rev_(std::move(rev)), next_(rev_.size) {
    if (out_.empty() || out_.back() != '\n') out_ += '\n';
}

void IncrementalUpdate::put(int num, int gen, const std::string& body) {
    offsets_[num] = {static_cast<long long>(out_.size()), gen};
    out_ += std::to_string(num) + " " + std::to_string(gen) + " obj\n" + body + "\nendobj\n";
}

std::string IncrementalUpdate::finish() {
    std::string trailer_keys = "/Root " + rev_.root_ref;
    if (!rev_.info_ref.empty()) trailer_keys += " /Info " + rev_.info_ref;
    if (!rev_.id.empty()) trailer_keys += " /ID " + rev_.id;
    trailer_keys += " /Prev " + std::to_string(rev_.startxref);

    long long xref_at = 0;
    if (rev_.xref_stream) {
        // The cross-reference stream is an object too and lists itself.
        const int self = allocate();
        xref_at = static_cast<long long>(out_.size());
        offsets_[self] = {xref_at, 0};
        std::string data, index;
        int run_start = -1, prev = -2, run_len = 0;
        for (const auto& [n, og] : offsets_) {
            const auto [off, gen] = og;
            const unsigned char row[7] = {1,
                                          static_cast<unsigned char>(off >> 24),
                                          static_cast<unsigned char>(off >> 16),
                                          static_cast<unsigned char>(off >> 8),
                                          static_cast<unsigned char>(off),
                                          static_cast<unsigned char>(gen >> 8),
                                          static_cast<unsigned char>(gen)};
            data.append(reinterpret_cast<const char*>(row), 7);
            if (n != prev + 1) {
                if (run_start >= 0)
                    index += std::to_string(run_start) + " " + std::to_string(run_len) + " ";
                run_start = n;
                run_len = 0;
            }
            ++run_len;
            prev = n;
        }
        index += std::to_string(run_start) + " " + std::to_string(run_len);
        out_ += std::to_string(self) + " 0 obj\n<< /Type /XRef /Size " + std::to_string(next_) +
                " /Index [" + index + "] /W [1 4 2] " + trailer_keys + " /Length " +
                std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream\nendobj\n";
    } else {
        xref_at = static_cast<long long>(out_.size());
        out_ += "xref\n";
        std::vector<std::pair<int, std::vector<std::pair<long long, int>>>> runs;
        for (const auto& [n, og] : offsets_) {
            if (runs.empty() ||
                runs.back().first + static_cast<int>(runs.back().second.size()) != n)
                runs.push_back({n, {}});
            runs.back().second.push_back(og);
        }
        for (const auto& [start, rows] : runs) {
            out_ += std::to_string(start) + " " + std::to_string(rows.size()) + "\n";
            for (const auto& [off, gen] : rows) {
                char row[32];
                std::snprintf(row, sizeof row, "%010lld %05d n\r\n", off, gen);
                out_ += row;
            }
        }
        out_ += "trailer\n<< /Size " + std::to_string(next_) + " " + trailer_keys + " >>\n";
    }
    out_ += "startxref\n" + std::to_string(xref_at) + "\n%%EOF\n";
    return std::move(out_);
}

}  // namespace vanban::sign
