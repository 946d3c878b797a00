// Registry::page over SQL. Register order is (agency, year, series, number). Within one year
// (the web's register page) that is (agency, series, number), the order of the index
// registry_entries_page (year, agency, series, number): a page is then a seek on that index,
// forwards or backwards, never a sort of the year nor a walk over the rows before it.
#include <algorithm>

#include "registry/entry_row.hpp"
#include "registry/page_query.hpp"

namespace vanban::registry {

using sql::Value;

Page read_page(sql::Connection& c, const PageQuery& q) {
    const PageWhere w = page_where(c.dialect(), q);
    const std::vector<std::string> order =
        q.year ? std::vector<std::string>{"agency", "series", "number"}
               : std::vector<std::string>{"agency", "year", "series", "number"};
    Page p;
    auto count = [&] {
        auto n = c.query("SELECT count(*) FROM registry_entries" + w.sql, w.params);
        return static_cast<std::size_t>(std::stoll(n.at(0).at(0).value_or("0")));
    };
    std::vector<Value> params = w.params;
    auto param = [&](Value v) {
        params.push_back(std::move(v));
        return "$" + std::to_string(params.size());
    };
    std::string where = w.sql;
    std::size_t limit = q.limit, offset = q.offset;
    bool backwards = false;
    // The first page, unkeyed: one row more than the page, counted only when that row exists.
    const bool probe = !q.after && !q.before && q.offset == 0;
    if (const auto* key = q.after ? &*q.after : q.before ? &*q.before : nullptr) {
        p.total = count();
        // Row values compare column by column, in the index's order.
        std::string columns, values;
        for (const auto& col : order) {
            columns += (columns.empty() ? "" : ", ") + col;
            Value v = col == "agency"   ? Value{key->agency}
                      : col == "series" ? Value{key->series}
                      : col == "year"   ? Value{std::int64_t{key->year}}
                                        : Value{key->number};
            values += (values.empty() ? "" : ", ") + param(std::move(v));
        }
        where += std::string(where.empty() ? " WHERE " : " AND ") + "(" + columns + ")" +
                 (q.after ? " > " : " < ") + "(" + values + ")";
        backwards = !q.after;
        offset = 0;
    } else if (probe) {
        if (limit == 0) return Page{{}, count()};
        ++limit;
    } else {
        // A page nearer the end is read backwards from the end: the last page skips nothing,
        // like the first.
        p.total = count();
        const std::size_t end = std::min(p.total, offset + limit);
        if (offset >= p.total) return p;
        if (p.total - end < offset) {
            backwards = true;
            limit = end - offset;
            offset = p.total - end;
        }
    }
    std::string order_by;
    for (const auto& col : order)
        order_by += (order_by.empty() ? "" : ", ") + col + (backwards ? " DESC" : "");
    const std::string select = std::string("SELECT ") + kColumns + " FROM registry_entries" +
                               where + " ORDER BY " + order_by + " LIMIT " +
                               param(static_cast<std::int64_t>(limit)) + " OFFSET " +
                               param(static_cast<std::int64_t>(offset));
    for (const auto& r : c.query(select, params)) p.entries.push_back(to_entry(r));
    if (backwards) std::reverse(p.entries.begin(), p.entries.end());
    if (probe) {
        if (p.entries.size() < limit) {
            p.total = p.entries.size();
        } else {
            p.entries.pop_back();
            p.total = count();
        }
    }
    return p;
}

}  // namespace vanban::registry
