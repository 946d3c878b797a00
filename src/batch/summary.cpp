#include "batch/summary.hpp"

#include "batch/kinds.hpp"
#include "vn/format.hpp"

namespace vanban::batch {

namespace {

std::string kind_label(const std::string& k) {
    if (k == kNotice) return "thông báo kết quả kèm phụ lục xếp hạng (PDF)";
    if (k == kLetter) return "công văn kết quả gửi đơn vị (PDF)";
    if (k == kNoticeDocx) return "thông báo kết quả kèm phụ lục xếp hạng (DOCX)";
    if (k == kLetterDocx) return "công văn kết quả gửi đơn vị (DOCX)";
    if (k == kRanking) return "bảng xếp hạng (PDF)";
    if (k == kScorecard) return "bảng điểm (XLSX)";
    if (k == kRegister) return "sổ đăng ký văn bản đi (XLSX và PDF)";
    if (k == kLeaderSummary) return "tổng hợp toàn tỉnh cho lãnh đạo (PDF)";          // [leader]
    if (k == kLeaderUnits) return "phiếu điểm lãnh đạo, mỗi đơn vị một trang (PDF)";  // [leader]
    return k;
}

}  // namespace

std::string missing_data_warning(const model::Dataset& ds, const scoring::ScoreTable& table) {
    std::string list;
    int n = 0;
    for (const auto& r : table.rows) {
        if (!r.missing_data()) continue;
        ++n;
        const model::Unit& u = ds.org.units[static_cast<std::size_t>(r.unit)];
        list += (list.empty() ? "" : "; ") + u.name;
        if (u.district_index >= 0)
            list += " (" + ds.org.units[static_cast<std::size_t>(u.district_index)].name + ")";
        list += ": ";
        for (std::size_t i = 0; i < r.missing_quarters.size(); ++i)
            list += (i ? ", " : "") + r.missing_quarters[i].label_vi();
    }
    if (n == 0) return "";
    return table.period.label_vi() + ": chưa có số liệu (chưa báo cáo) của " + std::to_string(n) +
           " đơn vị, không chấm điểm, không xếp hạng: " + list;
}

void print_summary(const Summary& s, std::ostream& out) {
    out << "Tóm tắt:\n";
    for (const std::string k : {kNotice, kLetter, kNoticeDocx, kLetterDocx, kRanking, kScorecard,
                                kLeaderSummary, kLeaderUnits, kRegister}) {
        const auto m = s.made.count(k) ? s.made.at(k) : 0;
        const auto kept = s.kept.count(k) ? s.kept.at(k) : 0;
        if (!m && !kept) continue;
        out << "  " << kind_label(k) << ": " << m << " tạo mới";
        if (kept) out << ", " << kept << " không đổi";
        out << '\n';
    }
    out << "  Số văn bản: " << s.numbered << " văn bản được đánh số (" << s.numbers_new
        << " số mới, " << s.numbers_existing << " số đã cấp trước) trong sổ " << s.registry << '\n';
    if (!s.signer.empty())
        out << "  Ký số: " << s.signed_documents << " văn bản ký bằng chứng thư " << s.signer
            << "; khóa mở " << s.keys_opened << " lần\n";
    out << "  Thời gian: " << vn::number(s.seconds, 1) << " giây cho " << s.documents
        << " văn bản (kiểm tra " << vn::number(s.check_seconds, 1) << " giây, lấy số "
        << vn::number(s.number_seconds, 1) << " giây)\n";
    // CPU per document made (kept documents cost a hash only): the figure that does not
    // depend on how busy the machine was.
    int made = 0;
    for (const auto& [kind, n] : s.made) made += n;
    if (s.cpu_self_seconds + s.cpu_workers_seconds > 0) {
        const double cpu = s.cpu_self_seconds + s.cpu_workers_seconds;
        out << "  CPU: " << vn::number(cpu, 1) << " giây (vanban "
            << vn::number(s.cpu_self_seconds, 1) << ", wkhtmltopdf "
            << vn::number(s.cpu_workers_seconds, 1) << ")";
        if (made > 0)
            out << ", " << vn::number(1000 * cpu / made, 1) << " ms cho mỗi văn bản tạo mới";
        out << '\n';
    }
    if (!s.removed.empty()) {
        // A long list (a whole period dropped) is in the log, one line per file.
        constexpr std::size_t kListed = 10;
        out << "  Đã xóa " << s.removed.size()
            << " tệp không còn trong công việc (số của công văn đã xóa vẫn giữ trong sổ văn bản "
               "đi):\n";
        for (std::size_t i = 0; i < s.removed.size() && i < kListed; ++i)
            out << "    " << s.removed[i] << '\n';
        if (s.removed.size() > kListed)
            out << "    … và " << s.removed.size() - kListed << " tệp khác\n";
    }
    for (const auto& w : s.warnings) out << "  Cảnh báo: " << w << '\n';
    for (const auto& n : s.notices) out << "  Lưu ý: " << n << '\n';
    if (s.failures.empty()) {
        out << "  Không có lỗi.\n";
    } else {
        out << "  Lỗi: " << s.failures.size() << " văn bản không tạo được:\n";
        for (const auto& f : s.failures) out << "    " << f.path << ": " << f.reason << '\n';
    }
}

}  // namespace vanban::batch
