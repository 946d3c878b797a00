// The cell formats of a scorecard, created once per workbook. Number formats are real number
// formats (never text), written in the file's invariant syntax ("0.0%"): Excel and LibreOffice
// display them in the reader's locale, so a Vietnamese locale shows "96,5%".
#pragma once

#include <xlsxwriter.h>

namespace vanban::xlsx {

struct ScorecardFormats {
    lxw_format* agency;        // issuing body, bold
    lxw_format* parent;        // parent body
    lxw_format* title;         // 14 pt bold, centred across the table
    lxw_format* subtitle;      // italic, centred across the table
    lxw_format* date;          // italic, centred across the table
    lxw_format* header;        // bold, wrapped, bordered, shaded
    lxw_format* section;       // a level's heading row
    lxw_format* text;          // bordered text
    lxw_format* center;        // bordered, centred text
    lxw_format* dash;          // "—", "KPS": centred, grey
    lxw_format* integer;       // #,##0
    lxw_format* rate;          // 0.0%
    lxw_format* rate_kps;      // 0.0%, centred grey: holds "KPS" until a count changes
    lxw_format* points_kps;    // 0.00, centred grey
    lxw_format* target;        // 0%  (whole-percent targets)
    lxw_format* target_dec;    // 0.0%
    lxw_format* points;        // 0.00
    lxw_format* total;         // 0.00 bold
    lxw_format* rank;          // 0, centred
    lxw_format* rank_change;   // +0;-0;0
    lxw_format* total_change;  // +0.00;-0.00;0
    lxw_format* note;          // plain text, no border
    lxw_format* met;           // conditional: green fill
    lxw_format* missed;        // conditional: red fill
    lxw_format* missed_font;   // conditional: red text
};

ScorecardFormats make_formats(lxw_workbook* wb);

}  // namespace vanban::xlsx
