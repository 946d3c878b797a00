// The data-entry form's layout, shared by the writer (form_writer.cpp) and the importer
// (form_import.cpp) so that they cannot drift apart.
//
// The data sheet: a title (row 1), the period (row 2), a two-row header (rows 4–5: STT, Mã đơn vị,
// Tên đơn vị, Cấp merged over both rows; each indicator's name merged over its pair of columns,
// then the numerator's and the denominator's labels), one row per unit from row 6.
// The ids sheet "_vanban" (hidden) says exactly what each row and column is, so the import does
// not depend on names: key in column A, values in B, C, D:
//   vanban | mau-so-lieu | <format version>
//   period | 2024-Q3
//   sheet  | <data sheet name>
//   header | <header row of the indicator names>
//   column | <column number> | <indicator id> | numerator|denominator
//   unit   | <row number> | <unit id>
#pragma once

#include <cstdint>

namespace vanban::intake::form {

constexpr const char* kIdsSheet = "_vanban";
constexpr const char* kMagic = "mau-so-lieu";
constexpr int kVersion = 1;
constexpr const char* kDataSheet = "Số liệu";

constexpr std::uint32_t kTitleRow = 1;  // 1-based rows and columns, as in messages
constexpr std::uint32_t kPeriodRow = 2;
constexpr std::uint32_t kHeaderRow = 4;  // indicator names (merged over the pair)
constexpr std::uint32_t kLabelRow = 5;   // numerator / denominator labels
constexpr std::uint32_t kFirstDataRow = 6;
constexpr std::uint32_t kColNo = 1;     // STT
constexpr std::uint32_t kColCode = 2;   // Mã đơn vị
constexpr std::uint32_t kColName = 3;   // Tên đơn vị
constexpr std::uint32_t kColLevel = 4;  // Cấp
constexpr std::uint32_t kFirstCountCol = 5;

}  // namespace vanban::intake::form
