// Prints, for every assigned code point that is not private use, what vanban::vn's text
// primitives say about it, so that check_text_against_python.py can compare each line with
// Python's str methods. One line per code point, tab-separated, code points in hex:
//   cp  unicode-age  is_space  is_word_char  upper(cp)  lower(cp)  capitalize(cp)
// With --lines it instead reads UTF-8 lines from stdin and prints, for each, upper, lower and
// capitalize of the whole line (where context matters: final sigma, mixed scripts).
#include <unicode/uchar.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "vn/text.hpp"

namespace {

void print_cps(const std::string& s) {
    std::u32string u = vanban::vn::to_u32(s);
    for (std::size_t i = 0; i < u.size(); ++i)
        std::printf(i ? " %X" : "%X", static_cast<unsigned>(u[i]));
}

}  // namespace

int lines() {
    std::string line;
    while (std::getline(std::cin, line)) {
        print_cps(vanban::vn::upper(line));
        std::putchar('\t');
        print_cps(vanban::vn::lower(line));
        std::putchar('\t');
        print_cps(vanban::vn::capitalize(line));
        std::putchar('\n');
    }
    return 0;
}

int main(int argc, char** argv) {
    if (argc == 2 && std::string(argv[1]) == "--lines") return lines();
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        const auto type = u_charType(static_cast<UChar32>(cp));
        if (type == U_UNASSIGNED || type == U_PRIVATE_USE_CHAR) continue;
        UVersionInfo age;
        u_charAge(static_cast<UChar32>(cp), age);
        std::string s;
        vanban::vn::append_utf8(s, cp);
        std::printf("%X\t%d.%d\t%d\t%d\t", static_cast<unsigned>(cp), age[0], age[1],
                    vanban::vn::is_space(cp) ? 1 : 0, vanban::vn::is_word_char(cp) ? 1 : 0);
        print_cps(vanban::vn::upper(s));
        std::putchar('\t');
        print_cps(vanban::vn::lower(s));
        std::putchar('\t');
        print_cps(vanban::vn::capitalize(s));
        std::putchar('\n');
    }
    return 0;
}
