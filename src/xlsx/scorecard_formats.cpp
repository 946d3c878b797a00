#include "xlsx/scorecard_formats.hpp"

namespace vanban::xlsx {

namespace {

constexpr lxw_color_t kHeaderFill = 0xDDEBF7;
constexpr lxw_color_t kSectionFill = 0xF2F2F2;

lxw_format* bordered(lxw_workbook* wb) {
    lxw_format* f = workbook_add_format(wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

lxw_format* numeric(lxw_workbook* wb, const char* num_format, bool bold = false) {
    lxw_format* f = bordered(wb);
    format_set_num_format(f, num_format);
    if (bold) format_set_bold(f);
    return f;
}

lxw_format* across(lxw_workbook* wb) {
    lxw_format* f = workbook_add_format(wb);
    // Centre across selection works in constant-memory mode, where merged ranges do not.
    format_set_align(f, LXW_ALIGN_CENTER_ACROSS);
    return f;
}

}  // namespace

ScorecardFormats make_formats(lxw_workbook* wb) {
    ScorecardFormats f{};
    f.agency = workbook_add_format(wb);
    format_set_bold(f.agency);
    f.parent = workbook_add_format(wb);
    f.title = across(wb);
    format_set_bold(f.title);
    format_set_font_size(f.title, 14);
    f.subtitle = across(wb);
    format_set_italic(f.subtitle);
    f.date = across(wb);
    format_set_italic(f.date);
    f.header = bordered(wb);
    format_set_bold(f.header);
    format_set_text_wrap(f.header);
    format_set_align(f.header, LXW_ALIGN_CENTER);
    format_set_bg_color(f.header, kHeaderFill);
    f.section = workbook_add_format(wb);
    format_set_bold(f.section);
    format_set_bg_color(f.section, kSectionFill);
    // Top and bottom only: the level's name overflows into the blank cells beside it.
    format_set_top(f.section, LXW_BORDER_THIN);
    format_set_bottom(f.section, LXW_BORDER_THIN);
    f.text = bordered(wb);
    f.center = bordered(wb);
    format_set_align(f.center, LXW_ALIGN_CENTER);
    f.dash = bordered(wb);
    format_set_align(f.dash, LXW_ALIGN_CENTER);
    format_set_font_color(f.dash, 0x808080);
    f.integer = numeric(wb, "#,##0");
    f.rate = numeric(wb, "0.0%");
    f.rate_kps = numeric(wb, "0.0%");
    format_set_align(f.rate_kps, LXW_ALIGN_CENTER);
    format_set_font_color(f.rate_kps, 0x808080);
    f.points_kps = numeric(wb, "0.00");
    format_set_align(f.points_kps, LXW_ALIGN_CENTER);
    format_set_font_color(f.points_kps, 0x808080);
    f.target = numeric(wb, "0%");
    f.target_dec = numeric(wb, "0.0%");
    f.points = numeric(wb, "0.00");
    f.total = numeric(wb, "0.00", true);
    f.rank = numeric(wb, "0");
    format_set_align(f.rank, LXW_ALIGN_CENTER);
    f.rank_change = numeric(wb, "+0;-0;0");
    f.total_change = numeric(wb, "+0.00;-0.00;0");
    f.note = workbook_add_format(wb);
    f.met = workbook_add_format(wb);
    format_set_bg_color(f.met, 0xC6EFCE);
    format_set_font_color(f.met, 0x006100);
    f.missed = workbook_add_format(wb);
    format_set_bg_color(f.missed, 0xFFC7CE);
    format_set_font_color(f.missed, 0x9C0006);
    f.missed_font = workbook_add_format(wb);
    format_set_font_color(f.missed_font, 0x9C0006);
    return f;
}

}  // namespace vanban::xlsx
