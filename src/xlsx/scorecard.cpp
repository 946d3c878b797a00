// write_scorecard: plans the layout, opens a deterministic constant-memory workbook and writes
// the sheets in tab order.
#include "xlsx/scorecard.hpp"

#include <algorithm>
#include <cstdio>

#include "vn/format.hpp"
#include "vn/text.hpp"
#include "xlsx/scorecard_sheets.hpp"
#include "xlsx/workbook_common.hpp"

namespace vanban::xlsx {

namespace {

constexpr lxw_row_t kExcelMaxRows = 1048576;

const model::Agency* issuing_agency(const model::Organisation& org, const std::string& id,
                                    const std::filesystem::path& out) {
    if (!id.empty()) {
        const model::Agency* a = org.find_agency(id);
        if (!a)
            fail(out, "không có cơ quan \"" + id + "\" trong " + org.source + " (/agencies/*/id)");
        return a;
    }
    if (const model::Agency* a = org.find_agency("snv")) return a;
    return org.agencies.empty() ? nullptr : &org.agencies.front();
}

}  // namespace

std::string default_report_date(const model::Period& p) {
    // The first day after the period: after Q2 or 6T, 1 July; after 9T, 1 October; after the
    // year or Q4, 1 January of the next year.
    int last_quarter = p.quarters().back().quarter;
    int year = p.year, month = last_quarter * 3 + 1;
    if (month > 12) {
        month = 1;
        ++year;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-01", year, month);
    return buf;
}

void write_scorecard(const model::Dataset& ds, const scoring::ScoreTable& table,
                     const ScorecardOptions& opt, const std::filesystem::path& out) {
    if (!table.method) fail(out, "bảng điểm không có bộ chỉ tiêu");
    std::vector<model::Level> levels = opt.levels;
    if (levels.empty()) levels = {model::Level::so, model::Level::huyen, model::Level::xa};
    const ScorecardLayout layout = plan_scorecard(ds, table, levels);
    if (layout.ranking_last_row >= kExcelMaxRows)
        fail(out, std::to_string(layout.rows.size()) +
                      " đơn vị: vượt quá số hàng tối đa của một trang tính Excel (1.048.576)");

    const model::Agency* agency = issuing_agency(ds.org, opt.agency, out);
    const std::string report_date =
        opt.report_date.empty() ? default_report_date(table.period) : opt.report_date;
    vn::Date date{};
    try {
        date = vn::parse_iso_date(report_date);
    } catch (const vn::FormatError&) {
        fail(out, "ngày lập \"" + report_date + "\" không hợp lệ: cần dạng YYYY-MM-DD");
    }

    DocumentProperties props;
    const std::string period_label = table.period.label_vi();
    props.title = "Bảng tổng hợp kết quả chỉ số cải cách hành chính " + period_label;
    props.subject =
        "Chỉ số cải cách hành chính " + period_label + " — " + ds.org.province.full_name;
    props.author = agency ? agency->name : ds.org.province.full_name;
    props.company = ds.org.province.full_name;
    props.keywords = "CCHC, " + table.period.code();
    props.comments = "Lập bởi vanban từ " + ds.org.source;
    props.created = report_date;

    Workbook wb(out, props, {.constant_memory = true});
    const ScorecardFormats formats = make_formats(wb.get());
    const std::string place =
        ds.org.province.place_name.empty() ? ds.org.province.name : ds.org.province.place_name;
    ScorecardContext c{ds,
                       table,
                       opt,
                       layout,
                       formats,
                       wb,
                       agency,
                       vn::upper(period_label),
                       place + ", " + vn::date_long(date)};

    lxw_worksheet* ranking = wb.add_worksheet("Xếp hạng");
    std::vector<lxw_worksheet*> indicators;
    for (const auto& name : layout.indicator_sheet) indicators.push_back(wb.add_worksheet(name));
    lxw_worksheet* targets = wb.add_worksheet("Chỉ tiêu");
    lxw_worksheet* missed = wb.add_worksheet("Chưa đạt");
    lxw_worksheet* charts = wb.add_worksheet("Biểu đồ");

    write_ranking_sheet(c, ranking);
    for (std::size_t k = 0; k < indicators.size(); ++k) write_indicator_sheet(c, indicators[k], k);
    write_targets_sheet(c, targets);
    write_missed_sheet(c, missed);
    write_charts_sheet(c, charts);
    wb.close();
}

}  // namespace vanban::xlsx
