// The draft form and the letter JSON, both ways. The JSON (the format of `vanban letter`) is
// what is stored; the form shows its common fields as inputs and the body and appendices as
// "block text", one block per line, so that a body can be written without JSON:
//
//   mục: I. MỤC ĐÍCH, YÊU CẦU        -> {"muc": …}
//   khoản: Text                       -> {"khoan": …}; the indented lines under it are its children
//     điểm: Text                      -> {"diem": …}
//   - Text / + Text                   -> {"dash": …} / {"plus": …}
//   | Cột 1 | Cột 2 |                 -> a table: first row the columns, next rows the cells; a
//   | Hà Nội | 12,5 |                    cell written as a JSON number (12.5) is a number, a
//                                         leading ' keeps digits as text ('2024)
//   đoạn: Text / any other line       -> {"p": …}
// Keys the form does not show (signer overrides, …) are kept as they are in the JSON.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace vanban::web {

using FormFields = std::map<std::string, std::string>;

// How many Phụ lục the form offers (more come from an imported JSON and are kept).
inline constexpr int kAppendixSlots = 3;

struct BlockText {
    nlohmann::ordered_json blocks = nlohmann::ordered_json::array();
    std::vector<int> lines;  // 1-based line of each top-level block
};

BlockText parse_block_text(const std::string& text);
std::string format_block_text(const nlohmann::ordered_json& blocks);

// The form's values for a letter.
FormFields form_from_letter(const nlohmann::ordered_json& letter);
// `base` with the form's fields applied (the names of form_from_letter()).
nlohmann::ordered_json letter_from_form(nlohmann::ordered_json base, const FormFields& form);

// "/body/3/khoan" with the body's text -> "khối thứ 4, dòng 7"; empty when not a block.
std::string block_location(const std::string& pointer, const std::string& body_text,
                           const std::string& prefix = "/body/");

}  // namespace vanban::web
