// libFuzzer target: lexes and parses arbitrary bytes as a template. Bad syntax must end in a
// TemplateError; any other exception, crash, leak, hang or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "template/engine.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view source(reinterpret_cast<const char*>(data), size);
    try {
        // An .html name turns autoescape on, the mode the letters use.
        vanban::tpl::parse_only(source, "fuzz.html");
    } catch (const vanban::tpl::TemplateError&) {
        // Expected for malformed input.
    }
    return 0;
}
