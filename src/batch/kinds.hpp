// The kinds of documents a batch makes, as the manifest names them; the order below is the order
// in which the summary lists them.
#pragma once

namespace vanban::batch {

inline constexpr const char* kNotice = "thong-bao";  // covering notice with the ranking
inline constexpr const char* kLetter = "cong-van";   // result letter to one unit
// [docx] The same letters as Word files beside their PDFs ("docx": true, docx_outputs.hpp).
inline constexpr const char* kNoticeDocx = "thong-bao-docx";
inline constexpr const char* kLetterDocx = "cong-van-docx";
// [/docx]
inline constexpr const char* kRanking = "xep-hang";        // ranking PDF of a period
inline constexpr const char* kScorecard = "bang-diem";     // scorecard XLSX of a period
inline constexpr const char* kRegister = "so-van-ban-di";  // register book (XLSX and PDF)
// [leader] leader_scorecards (leader_scorecards.hpp)
inline constexpr const char* kLeaderSummary = "tong-hop-lanh-dao";  // province summary
inline constexpr const char* kLeaderUnits = "phieu-diem-lanh-dao";  // summary + every unit
// [/leader]

}  // namespace vanban::batch
