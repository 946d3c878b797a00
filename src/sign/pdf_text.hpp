// Small text helpers for writing PDF objects by hand and naming times the decree's way.
#pragma once

#include <ctime>
#include <string>
#include <string_view>

namespace vanban::sign {

// A PDF text string: "<FEFF…>" (UTF-16BE with BOM, hex) from UTF-8.
std::string pdf_text_string(std::string_view utf8);
// A PDF name's escaping is not needed: vanban only writes fixed names.

// Vietnam time (UTC+07:00, no daylight saving): "2024-08-02T09:15:30+07:00".
std::string iso_vietnam(std::time_t t);
// The same instant as a PDF date: "D:20240802091530+07'00'".
std::string pdf_date_vietnam(std::time_t t);
// "D:YYYYMMDDHHmmSS[+07'00'|Z]" -> time; -1 when unreadable.
std::time_t parse_pdf_date(std::string_view d);

// A number for a content stream: at most 2 decimals, no exponent, "." as decimal point.
std::string num(double v);

}  // namespace vanban::sign
