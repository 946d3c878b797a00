#include "registry/page_query.hpp"

#include "vn/text.hpp"

namespace vanban::registry {

namespace {

std::string nfc_filter(const std::string& value, const char* what) {
    try {
        return vn::nfc(value);
    } catch (const vn::InvalidUtf8& e) {
        throw RegistryError(RegistryError::Code::InvalidArgument,
                            std::string("Bộ lọc '") + what +
                                "' không phải UTF-8 hợp lệ (byte thứ " + std::to_string(e.offset) +
                                ").");
    }
}

}  // namespace

std::string folded(const std::string& text) {
    try {
        return vn::lower(vn::nfc(text));
    } catch (const vn::InvalidUtf8&) {
        return text;  // stored text is checked on the way in; never here in practice
    }
}

std::string folded_search_text(const std::string& trich_yeu, const std::string& so_ky_hieu,
                               const std::string& recipients) {
    return folded(trich_yeu) + '\x1f' + folded(so_ky_hieu) + '\x1f' + folded(recipients);
}

PageWhere page_where(sql::Dialect dialect, const PageQuery& q) {
    PageWhere w;
    std::vector<std::string> terms;
    auto param = [&](sql::Value v) {
        w.params.push_back(std::move(v));
        return "$" + std::to_string(w.params.size());
    };
    auto equal = [&](const char* column, const std::optional<std::string>& v, const char* what) {
        if (v) terms.push_back(std::string(column) + " = " + param(nfc_filter(*v, what)));
    };
    equal("agency", q.agency, "cơ quan");
    equal("series", q.series, "sổ");
    equal("doc_type", q.doc_type, "loại văn bản");
    if (q.year) terms.push_back("year = " + param(std::int64_t{*q.year}));
    if (q.status) terms.push_back("status = " + param(std::string(status_name(*q.status))));
    const bool sqlite = dialect == sql::Dialect::Sqlite;
    // instr/strpos rather than LIKE: the needle needs no escaping of % and _.
    auto contains = [&](const std::string& column, const std::string& needle) {
        return sqlite ? "instr(" + column + ", " + needle + ") > 0"
                      : "strpos(" + column + ", " + needle + ") > 0";
    };
    if (!q.signer.empty()) {
        const std::string p = param(vn::lower(nfc_filter(q.signer, "người ký")));
        terms.push_back(contains("signer_folded", p));
    }
    if (!q.text.empty()) {
        const std::string p = param(vn::lower(nfc_filter(q.text, "tìm")));
        terms.push_back(contains("search_text", p));
    }
    for (std::size_t i = 0; i < terms.size(); ++i)
        w.sql += (i == 0 ? " WHERE " : " AND ") + terms[i];
    return w;
}

}  // namespace vanban::registry
