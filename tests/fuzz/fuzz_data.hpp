// The data the render fuzzer and the render regressions use: shaped like the letters' (strings
// with marks and markup characters, numbers of every kind, nested lists and dicts, an empty list
// and a null), so that filters and tests see every type they must handle.
#pragma once

namespace vanban::fuzz {

inline constexpr const char* kRenderData = R"({
  "co_quan": {"ten": "Sở Nội vụ", "chu_quan": "Ủy ban nhân dân tỉnh Đồng Nai", "dia_chi": null},
  "van_ban": {"so": 5, "ngay": "2024-02-05", "trich_yeu": "V/v <báo cáo> & \"đánh giá\""},
  "don_vi": [
    {"ten": "Sở Y tế", "tiep_nhan": 1200, "dung_han": 1187, "ty_le": 98.92, "dat": true},
    {"ten": "UBND huyện Định Quán", "tiep_nhan": 0, "dung_han": 0, "ty_le": null, "dat": false},
    {"ten": "Biên Hòa", "tiep_nhan": 35012, "dung_han": 34000, "ty_le": 97.1, "dat": true}
  ],
  "so": [3, -1, 0, 2.5, 1e300, -0.0, 9007199254740993],
  "chu": ["b", "A", "đ", "ă", ""],
  "rong": [],
  "bang": {"x": {"y": {"z": [1, [2, [3]]]}}},
  "n": 7, "f": 0.1, "s": "  Xin chào  ", "html": "<b>đậm</b>", "t": true, "z": null
})";

}  // namespace vanban::fuzz
