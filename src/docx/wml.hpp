// WordprocessingML building blocks shared by the parts of a letter (document, header, footer):
// lengths in the units Word stores, paragraphs and runs appended to a string. Every text that
// comes from the letter goes through xml_escape here.
#pragma once

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "docx/xml_writer.hpp"
#include "model/letter_context.hpp"

namespace vanban::docx {

// Twentieths of a point (dxa), the unit of indents, spacing, widths and page sizes.
inline long twips(double mm) {
    return std::lround(mm * 1440.0 / 25.4);
}
inline std::string tw(double mm) {
    return std::to_string(twips(mm));
}
// English Metric Units, the unit of DrawingML positions and sizes.
inline long emu(double mm) {
    return std::lround(mm * 36000.0);
}

inline constexpr double kPageWidthMm = 210.0;
inline constexpr double kPageHeightMm = 297.0;
// The decree's margins, the same as the PDF path's (pdf::Margins): top 20, right 15, bottom
// 20, left 30 mm; the text is 165 mm wide, laid out on 164 mm as the PDF's templates are.
inline constexpr double kTextWidthMm = 164.0;

// One run: text with optional bold/italic (the size and font come from the style).
void run(std::string& out, std::string_view text, bool bold = false, bool italic = false);
void runs(std::string& out, const std::vector<model::TextRun>& rs);
// A paragraph of style `style` holding `text` (plain) or markup already built (`inner`).
// `ppr` is extra paragraph properties (after pStyle, in schema order: the caller's job).
void para(std::string& out, std::string_view style, std::string_view text,
          std::string_view ppr = {});
void para_raw(std::string& out, std::string_view style, std::string_view inner,
              std::string_view ppr = {});

// A table up to its first row: the style, the width, fixed layout, `cell_margins` (the inside of
// w:tblCellMar, when the table sets its own), the look Word records (`header_row`: the first row
// is a heading), one grid column per width in `cols_mm`.
void table_start(std::string& out, std::string_view style, double width_mm,
                 const std::vector<double>& cols_mm, bool header_row,
                 std::string_view cell_margins = {});
// A cell's opening: its width, then `extra` cell properties (in schema order: the caller's job).
void cell_start(std::string& out, double width_mm, std::string_view extra = {});

// A short drawn rule: an empty paragraph `width_mm` long, centred in a box `box_mm` wide, its
// top border the rule (the decree's lines under the agency name, the trích yếu, a Phụ lục).
void rule_para(std::string& out, double width_mm, double box_mm);

// The width in mm of one line of text in Times New Roman (Liberation Serif metrics).
double text_width_mm(std::string_view utf8, double size_pt, bool bold, bool italic = false);

}  // namespace vanban::docx
