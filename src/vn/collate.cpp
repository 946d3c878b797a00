#include "vn/collate.hpp"

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <memory>
#include <stdexcept>

namespace vanban::vn {

namespace {

// icu::Collator is not safe for concurrent use of one instance, so each thread opens its own
// once (opening costs tens of microseconds; comparing then costs well under one).
icu::Collator& collator() {
    thread_local std::unique_ptr<icu::Collator> instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale("vi"), status));
        if (U_FAILURE(status) || !c)
            throw std::runtime_error(std::string("không mở được bộ so sánh tiếng Việt của ICU: ") +
                                     u_errorName(status));
        // Canonically equivalent inputs (NFC and NFD) must compare equal.
        c->setAttribute(UCOL_NORMALIZATION_MODE, UCOL_ON, status);
        return c;
    }();
    return *instance;
}

icu::StringPiece piece(std::string_view s) {
    return icu::StringPiece(s.data(), static_cast<int32_t>(s.size()));
}

}  // namespace

int compare_vi(std::string_view a, std::string_view b) {
    UErrorCode status = U_ZERO_ERROR;
    UCollationResult r = collator().compareUTF8(piece(a), piece(b), status);
    if (U_FAILURE(status))
        throw std::runtime_error(std::string("ICU so sánh chuỗi thất bại: ") + u_errorName(status));
    return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

std::string sort_key_vi(std::string_view s) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(piece(s));
    icu::Collator& c = collator();
    std::string key(64, '\0');
    int32_t n =
        c.getSortKey(u, reinterpret_cast<uint8_t*>(key.data()), static_cast<int32_t>(key.size()));
    if (n > static_cast<int32_t>(key.size())) {
        key.resize(static_cast<std::size_t>(n));
        n = c.getSortKey(u, reinterpret_cast<uint8_t*>(key.data()), n);
    }
    // ICU ends a key with a 0 byte (C-string style); it is not needed in a std::string.
    key.resize(n > 0 ? static_cast<std::size_t>(n - 1) : 0);
    return key;
}

}  // namespace vanban::vn
