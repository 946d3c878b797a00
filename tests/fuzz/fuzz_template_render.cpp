// libFuzzer target: compiles arbitrary bytes as a template and renders it with letter-like data.
// Template errors (syntax, undefined names, type errors) must end in a TemplateError; a template
// that asks for more memory than exists (`"a" * 10**12`) may end in bad_alloc/length_error, as
// Python's ends in MemoryError. Any other exception, crash or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_data.hpp"
#include "template/engine.hpp"

namespace {

vanban::tpl::Environment& env() {
    static vanban::tpl::Environment* e = [] {
        auto* created = new vanban::tpl::Environment();
        // Seeds include and extend each other (base.html, macros.html).
        created->add_search_path(VANBAN_FUZZ_DIR "/seeds");
        return created;
    }();
    return *e;
}

const vanban::tpl::Value& data() {
    static const vanban::tpl::Value* v = new vanban::tpl::Value(
        vanban::tpl::value_from_json(nlohmann::ordered_json::parse(vanban::fuzz::kRenderData)));
    return *v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data_bytes, std::size_t size) {
    std::string source(reinterpret_cast<const char*>(data_bytes), size);
    try {
        auto tpl = env().from_string(std::move(source), "fuzz.html");
        std::string out = tpl->render(data());
    } catch (const vanban::tpl::TemplateError&) {
    } catch (const std::bad_alloc&) {
    } catch (const std::length_error&) {
    }
    return 0;
}
