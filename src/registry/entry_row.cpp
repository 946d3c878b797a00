#include "registry/entry_row.hpp"

namespace vanban::registry {

Status parse_status(const std::string& s) {
    if (s == "issued") return Status::Issued;
    if (s == "void") return Status::Void;
    return Status::Reserved;
}

Entry to_entry(const sql::Row& r) {
    auto s = [&](std::size_t i) { return r[i].value_or(""); };
    Entry e;
    e.agency = s(0);
    e.series = s(1);
    e.year = std::stoi(s(2));
    e.number = std::stoi(s(3));
    e.so_ky_hieu = s(4);
    e.doc_type = s(5);
    e.unit = s(6);
    e.date = Date::parse_iso(s(7)).value_or(Date{});
    e.trich_yeu = s(8);
    e.signer = s(9);
    e.recipients = s(10);
    e.luu = s(11);
    e.copies = std::stoi(s(12));
    e.status = parse_status(s(13));
    e.void_reason = s(14);
    e.key = s(15);
    e.content_hash = s(16);
    e.output_file = s(17);
    e.created_at = s(18);
    e.created_by = s(19);
    e.updated_at = s(20);
    return e;
}

}  // namespace vanban::registry
