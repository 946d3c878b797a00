// The XML of the DOCX parts is written by vanban itself, appended front to back into one
// std::string per part (wml.hpp, letter_body.cpp, docx_parts.cpp): a DOM (pugixml) would build
// a tree of every run only to serialise it again, and the one thing such a writer must get
// right is escaping, which this function does for every text and attribute value that comes
// from a letter. Element names and attribute names are constants of the code.
#pragma once

#include <string>
#include <string_view>

namespace vanban::docx {

// `s` with & < > " escaped, and the characters XML 1.0 does not allow (C0 controls other than
// tab, CR and LF; the model already rejects them) dropped.
std::string xml_escape(std::string_view s);

}  // namespace vanban::docx
