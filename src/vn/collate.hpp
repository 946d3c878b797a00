// Vietnamese collation (ICU, locale "vi"): "đ" after "d", "ă"/"â" after "a", tone marks ordered.
// Safe to call from several threads at once (each thread uses its own collator).
#pragma once

#include <string>
#include <string_view>

namespace vanban::vn {

// <0, 0, >0 as a sorts before, equal to, or after b. Inputs are UTF-8.
int compare_vi(std::string_view a, std::string_view b);

// ICU sort key bytes: comparing two keys as std::string orders like compare_vi. Use it to sort
// many strings (compute each key once).
std::string sort_key_vi(std::string_view s);

}  // namespace vanban::vn
