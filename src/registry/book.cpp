#include "registry/book.hpp"

#include <set>

#include "registry/doc_types.hpp"
#include "vn/text.hpp"

namespace vanban::registry {

std::string RegisterBook::date_range() const {
    if (!cover.from_date) return "Từ ngày ……… đến ngày ………";
    return "Từ ngày " + cover.from_date->short_vn() + " đến ngày " + cover.to_date->short_vn();
}

std::string RegisterBook::number_range() const {
    if (cover.count == 0) return "Từ số ……… đến số ………";
    return "Từ số " + format_number(cover.from_number) + " đến số " +
           format_number(cover.to_number);
}

std::string RegisterBook::as_of_iso() const {
    if (cover.to_date) return cover.to_date->iso();
    return Date{year, 1, 1}.iso();
}

std::string RegisterBook::document_title() const {
    return std::string(cover.secret ? "Sổ đăng ký văn bản mật đi năm "
                                    : "Sổ đăng ký văn bản đi năm ") +
           std::to_string(year);
}

BookAgency book_agency(std::string_view abbreviation, const model::Organisation* org) {
    BookAgency a;
    a.abbreviation = abbreviation;
    a.name = abbreviation;
    a.issuer_header = abbreviation;
    if (!org) return a;
    a.province = org->province.full_name;
    for (const auto& ag : org->agencies) {
        if (ag.abbreviation != abbreviation && ag.id != abbreviation) continue;
        a.abbreviation = ag.abbreviation;
        a.name = ag.name;
        a.parent_header = vn::upper(ag.parent_header);
        a.issuer_header = vn::upper(ag.issuer_header);
        break;
    }
    return a;
}

RegisterBook make_register_book(BookAgency agency, int year, std::vector<Entry> entries,
                                BookKind kind) {
    RegisterBook b;
    b.agency = std::move(agency);
    b.year = year;
    b.cover = register_cover(b.agency.abbreviation, year, entries);
    b.cover.secret = kind == BookKind::Secret;
    b.rows.reserve(entries.size());
    for (const auto& e : entries) b.rows.push_back(register_row(e));
    b.entries = std::move(entries);
    return b;
}

RegisterBook make_register_book(Registry& reg, std::string_view agency, int year,
                                const model::Organisation* org, BookKind kind) {
    ListFilter f;
    f.year = year;
    std::string abbreviation(agency);
    // An org.json id ("so-y-te") names the registry's abbreviation ("SYT").
    if (org && !abbreviation.empty())
        if (const model::Agency* a = org->find_agency(abbreviation)) abbreviation = a->abbreviation;
    if (!abbreviation.empty()) f.agency = abbreviation;
    std::vector<Entry> entries = reg.list(f);
    std::erase_if(entries, [kind](const Entry& e) {
        return is_secret_series(e.series) != (kind == BookKind::Secret);
    });
    std::set<std::string> agencies;
    for (const auto& e : entries) agencies.insert(e.agency);
    if (agencies.size() > 1) {
        std::string names;
        for (const auto& a : agencies) names += (names.empty() ? "" : ", ") + a;
        throw RegistryError(RegistryError::Code::InvalidArgument,
                            "sổ '" + reg.location() + "' có văn bản của nhiều cơ quan năm " +
                                std::to_string(year) + " (" + names +
                                "): cần chọn một bằng --agency");
    }
    if (abbreviation.empty() && !agencies.empty()) abbreviation = *agencies.begin();
    return make_register_book(book_agency(abbreviation, org), year, std::move(entries), kind);
}

}  // namespace vanban::registry
