// Resolves a letter against org.json and builds the context the ND30 templates render
// (templates/nd30/*.html): header lines, Số and ký hiệu, place and date, body blocks split into
// styled runs, signature lines. Everything the templates print is decided here or in the
// templates; the templates compute nothing but layout.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/json_source.hpp"
#include "model/letter.hpp"
#include "model/org.hpp"

namespace vanban::model {

// A piece of text with its inline style: "**bold**" and "*italic*" in the input. Every other
// character (HTML included) is kept literally; the template escapes it.
struct TextRun {
    std::string text;
    bool bold = false;
    bool italic = false;
};
std::vector<TextRun> parse_inline(std::string_view text);
// The text as printed, without the markup characters.
std::string plain_text(std::string_view text);

// Everything resolved that the PDF step needs besides the HTML.
struct LetterContext {
    Json context;               // the template context (see docs/letters.md)
    std::string template_name;  // "cong-van.html", or "van-ban.html" for other types
    std::string so_ky_hieu;     // "1999/SYT-VP"; a draft: "/SYT-VP"
    std::string agency_name;    // "Sở Y tế" (PDF Author)
};

// Throws InputError naming the letter file, the pointer and the line for an unknown agency,
// drafting unit or signer. `doc` is the letter's document (for line numbers).
LetterContext build_letter_context(const JsonDocument& doc, const Letter& letter,
                                   const Organisation& org);

}  // namespace vanban::model
