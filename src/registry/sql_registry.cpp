#include "registry/sql_registry.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <random>
#include <set>
#include <thread>
#include <type_traits>

#include "registry/doc_types.hpp"
#include "registry/entry_row.hpp"
#include "registry/page_query.hpp"
#include "registry/schema.hpp"
#include "vn/text.hpp"

namespace vanban::registry {

namespace {

using sql::Value;
using Code = RegistryError::Code;

std::string now_utc() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string nfc_field(std::string_view value, const char* field) {
    try {
        return vn::nfc(value);
    } catch (const vn::InvalidUtf8& e) {
        throw RegistryError(Code::InvalidArgument, std::string("Trường '") + field +
                                                       "' không phải UTF-8 hợp lệ (byte thứ " +
                                                       std::to_string(e.offset) + ").");
    }
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n'))
        s.remove_suffix(1);
    return std::string(s);
}

// "5/SYT-VP" -> "05/SYT-VP": clerks often drop the leading zero.
std::string normalize_so_ky_hieu(std::string_view text) {
    std::string s = trim(nfc_field(text, "số, ký hiệu"));
    const auto slash = s.find('/');
    if (slash == std::string::npos || slash == 0) return s;
    for (std::size_t i = 0; i < slash; ++i)
        if (s[i] < '0' || s[i] > '9') return s;
    try {
        return format_number(std::stoi(s.substr(0, slash))) + s.substr(slash);
    } catch (const std::exception&) {
        return s;
    }
}

struct Normalized {
    LetterInfo info;
    DocType type;
};

Normalized normalize(const LetterInfo& in) {
    Normalized n{in, {}};
    LetterInfo& l = n.info;
    auto require = [](const std::string& v, const char* field, const char* expected) {
        if (v.empty())
            throw RegistryError(Code::InvalidArgument, std::string("Thiếu trường '") + field +
                                                           "' của văn bản: cần " + expected + ".");
    };
    l.key = trim(nfc_field(l.key, "key"));
    require(l.key, "key", "khóa ổn định của văn bản (id)");
    l.agency = trim(nfc_field(l.agency, "agency"));
    require(l.agency, "agency", "chữ viết tắt của cơ quan ban hành, ví dụ SYT");
    l.unit = trim(nfc_field(l.unit, "unit"));
    l.series = trim(nfc_field(l.series, "series"));
    require(l.series, "series", "tên sổ (xem series_for)");
    const auto type = find_doc_type(nfc_field(l.doc_type, "doc_type"));
    if (!type)
        throw RegistryError(
            Code::InvalidArgument,
            "Loại văn bản '" + l.doc_type +
                "' không có trong Phụ lục III Nghị định 30/2020 (cần tên loại như " +
                "'Công văn', 'Quyết định' hoặc chữ viết tắt như 'QĐ', 'TB').");
    n.type = *type;
    l.doc_type = std::string(type->name);
    if (!Date::parse_iso(l.date.iso()))
        throw RegistryError(Code::InvalidArgument, "Ngày của văn bản '" + l.key +
                                                       "' không hợp lệ: " + l.date.iso() +
                                                       " (cần một ngày có thật, YYYY-MM-DD).");
    if (l.number && *l.number <= 0)
        throw RegistryError(Code::InvalidArgument, "Số của văn bản '" + l.key +
                                                       "' phải là số nguyên dương, không phải " +
                                                       std::to_string(*l.number) + ".");
    if (l.copies < 0)
        throw RegistryError(Code::InvalidArgument,
                            "Số lượng bản của văn bản '" + l.key + "' không được âm.");
    l.content_hash = nfc_field(l.content_hash, "content_hash");
    l.trich_yeu = nfc_field(l.trich_yeu, "trich_yeu");
    l.signer = nfc_field(l.signer, "signer");
    l.recipients = nfc_field(l.recipients, "recipients");
    l.luu = nfc_field(l.luu, "luu");
    l.created_by = l.created_by.empty() ? current_actor() : nfc_field(l.created_by, "created_by");
    return n;
}

std::string describe(const Entry& e) {
    return "số " + e.so_ky_hieu + " năm " + std::to_string(e.year) + " (cơ quan " + e.agency +
           ", sổ " + e.series + ", " + std::string(status_label(e.status)) + ")";
}

class SqlRegistry final : public Registry {
  public:
    explicit SqlRegistry(std::unique_ptr<sql::Connection> c) : c_(std::move(c)) {
        schema::prepare(*c_);
        c_->schema_checked();
    }

    std::string location() const override { return c_->location(); }

    int schema_version() override {
        auto rows = c_->query("SELECT value FROM registry_meta WHERE key = 'schema_version'");
        return std::stoi(rows.at(0).at(0).value());
    }

    Reservation reserve(const LetterInfo& input) override {
        const Normalized n = normalize(input);
        const LetterInfo& l = n.info;
        return write_tx([&] {
            lock_series(l.agency, l.series, l.date.year);
            if (auto existing = key_entry(l.key)) return reuse(*existing, n);
            int number;
            if (l.number) {
                number = *l.number;
            } else {
                auto rows = c_->query(
                    "SELECT COALESCE(MAX(number), 0) + 1 FROM registry_entries "
                    "WHERE agency = $1 AND series = $2 AND year = $3",
                    {l.agency, l.series, std::int64_t{l.date.year}});
                number = std::stoi(rows.at(0).at(0).value());
            }
            const std::string so = format_so_ky_hieu(number, n.type, l.agency, l.unit);
            if (auto other = clash_in_system(l, number, so)) {
                throw RegistryError(Code::Conflict,
                                    "Không cấp được số " + so + " năm " +
                                        std::to_string(l.date.year) + " cho văn bản '" + l.key +
                                        "': " + describe(*other) + " đã thuộc văn bản '" +
                                        other->key + "'. " + uniqueness_rule(l.series) +
                                        "; sổ không bị thay đổi.");
            }
            const std::string now = now_utc();
            try {
                c_->exec(std::string("INSERT INTO registry_entries (") + kColumns +
                             ", updated_by, search_text, signer_folded) VALUES ($1, $2, $3, $4, "
                             "$5, $6, $7, $8, $9, $10, $11, $12, $13, 'reserved', '', $14, $15, "
                             "'', $16, $17, $16, $17, $18, $19)",
                         {l.agency, l.series, std::int64_t{l.date.year}, std::int64_t{number}, so,
                          l.doc_type, l.unit, l.date.iso(), l.trich_yeu, l.signer, l.recipients,
                          l.luu, std::int64_t{l.copies}, l.key, l.content_hash, now, l.created_by,
                          folded_search_text(l.trich_yeu, so, l.recipients), folded(l.signer)});
            } catch (const sql::UniqueViolation& e) {
                throw RegistryError(Code::Conflict, "Không cấp được số " + so + " cho văn bản '" +
                                                        l.key + "': trùng với một văn bản đã có " +
                                                        "trong sổ (" + e.what() + ").");
            }
            return Reservation{key_entry(l.key).value(), ReserveOutcome::Created};
        });
    }

    Entry commit(std::string_view key_in, std::string_view output_file) override {
        const std::string key = trim(nfc_field(key_in, "key"));
        const std::string file = nfc_field(output_file, "output_file");
        return write_tx([&] {
            auto e = key_entry(key);
            if (!e)
                throw RegistryError(Code::NotFound, "Không có văn bản khóa '" + key +
                                                        "' trong sổ '" + location() +
                                                        "': cần giữ số (reserve) trước khi ghi " +
                                                        "nhận văn bản đã ban hành.");
            if (e->status == Status::Void) throw voided(*e);
            if (e->status == Status::Issued && e->output_file == file) return *e;
            c_->exec(
                "UPDATE registry_entries SET status = 'issued', output_file = $1, updated_at = "
                "$2, updated_by = $3 WHERE letter_key = $4",
                {file, now_utc(), current_actor(), key});
            return key_entry(key).value();
        });
    }

    bool release(std::string_view key_in) override {
        const std::string key = trim(nfc_field(key_in, "key"));
        return write_tx([&] {
            auto e = key_entry(key);
            if (!e || e->status != Status::Reserved) return false;
            lock_series(e->agency, e->series, e->year);
            auto rows = c_->query(
                "SELECT MAX(number) FROM registry_entries "
                "WHERE agency = $1 AND series = $2 AND year = $3",
                {e->agency, e->series, std::int64_t{e->year}});
            if (rows.empty() || !rows[0][0] || std::stoi(*rows[0][0]) != e->number) return false;
            return c_->exec(
                       "DELETE FROM registry_entries WHERE letter_key = $1 AND status = "
                       "'reserved'",
                       {key}) == 1;
        });
    }

    Entry void_entry(std::string_view agency_in, int year, std::string_view so_in,
                     std::string_view reason_in, std::string_view by,
                     std::string_view series) override {
        const std::string reason = trim(nfc_field(reason_in, "reason"));
        if (reason.empty())
            throw RegistryError(Code::InvalidArgument,
                                "Cần ghi lý do hủy số (--reason \"…\"): số đã hủy vẫn nằm trong " +
                                    std::string("sổ cùng lý do của nó."));
        const std::string actor = by.empty() ? current_actor() : std::string(by);
        return write_tx([&] {
            auto e = find_in_tx(agency_in, year, so_in, series);
            if (e.status == Status::Void)
                throw RegistryError(Code::Conflict,
                                    "Số " + e.so_ky_hieu + " năm " + std::to_string(year) +
                                        " đã bị hủy trước đó (lý do: " + e.void_reason +
                                        "); sổ không bị thay đổi.");
            c_->exec(
                "UPDATE registry_entries SET status = 'void', void_reason = $1, updated_at = $2, "
                "updated_by = $3 WHERE letter_key = $4",
                {reason, now_utc(), actor, e.key});
            return key_entry(e.key).value();
        });
    }

    std::optional<Entry> find_by_key(std::string_view key) override {
        return read_tx([&] { return key_entry(trim(nfc_field(key, "key"))); });
    }

    std::optional<Entry> find(std::string_view agency, int year, std::string_view so,
                              std::string_view series) override {
        return read_tx([&]() -> std::optional<Entry> {
            try {
                return find_in_tx(agency, year, so, series);
            } catch (const RegistryError& e) {
                if (e.code == Code::NotFound) return std::nullopt;
                throw;
            }
        });
    }

    std::vector<Entry> list(const ListFilter& f) override {
        std::string q = std::string("SELECT ") + kColumns + " FROM registry_entries WHERE 1 = 1";
        std::vector<Value> params;
        if (f.agency) {
            params.emplace_back(nfc_field(*f.agency, "agency"));
            q += " AND agency = $" + std::to_string(params.size());
        }
        if (f.year) {
            params.emplace_back(std::int64_t{*f.year});
            q += " AND year = $" + std::to_string(params.size());
        }
        if (f.status) {
            params.emplace_back(std::string(status_name(*f.status)));
            q += " AND status = $" + std::to_string(params.size());
        }
        q += " ORDER BY agency, year, series, number";
        return read_tx([&] {
            std::vector<Entry> out;
            for (const auto& r : c_->query(q, params)) out.push_back(to_entry(r));
            return out;
        });
    }

    // Register order is (agency, year, series, number); page_read.cpp reads a page.
    Page page(const PageQuery& q) override {
        return read_tx([&] { return read_page(*c_, q); });
    }

    void batch(const std::function<void()>& fn) override {
        if (batch_) return fn();  // already inside one: the calls simply join it
        write_tx([&] {
            batch_ = true;
            batch_transient_ = false;
            struct Reset {
                bool& b;
                ~Reset() { b = false; }
            } reset{batch_};
            fn();
            // A call inside hit a transient conflict and `fn` caught it: the transaction is
            // no longer sound (PostgreSQL aborted it); run the whole batch again.
            if (batch_transient_) throw sql::Transient("a call of the batch met a conflict");
            return 0;
        });
    }

  private:
    // Runs `fn` in a write transaction, retrying the whole of it when the database reports a
    // transient conflict. Any other exception rolls back: nothing is half written.
    template <class Fn>
    std::invoke_result_t<Fn&> write_tx(Fn&& fn) {
        if (c_->read_only())
            throw RegistryError(Code::ReadOnly,
                                "Sổ đăng ký '" + location() + "' được mở chỉ để đọc.");
        return in_tx(true, fn);
    }
    template <class Fn>
    std::invoke_result_t<Fn&> read_tx(Fn&& fn) {
        return in_tx(false, fn);
    }
    template <class Fn>
    std::invoke_result_t<Fn&> in_tx(bool write, Fn& fn) {
        if (batch_) return in_savepoint(fn);
        std::minstd_rand jitter(std::random_device{}());
        for (int attempt = 0;; ++attempt) {
            try {
                write ? c_->begin_write() : c_->begin_read();
                auto result = fn();
                c_->commit();
                return result;
            } catch (const sql::Transient& e) {
                c_->rollback();
                if (attempt >= 200)
                    throw RegistryError(Code::Backend, "Sổ đăng ký '" + location() +
                                                           "' bận quá lâu, thử lại sau (" +
                                                           e.what() + ").");
                std::this_thread::sleep_for(std::chrono::microseconds(500 + jitter() % 5000));
            } catch (...) {
                c_->rollback();
                throw;
            }
        }
    }

    // A call inside batch(): its own savepoint, so that its failure undoes only its changes and
    // leaves the batch's transaction usable (PostgreSQL aborts a transaction on any error
    // unless rolled back to a savepoint).
    template <class Fn>
    std::invoke_result_t<Fn&> in_savepoint(Fn& fn) {
        c_->exec_script("SAVEPOINT vanban_call");
        try {
            auto result = fn();
            c_->exec_script("RELEASE SAVEPOINT vanban_call");
            return result;
        } catch (const sql::Transient&) {
            batch_transient_ = true;
            throw;
        } catch (...) {
            try {
                c_->exec_script("ROLLBACK TO SAVEPOINT vanban_call");
                c_->exec_script("RELEASE SAVEPOINT vanban_call");
            } catch (const sql::Transient&) {
                batch_transient_ = true;
            }
            throw;
        }
    }

    // Serialises number taking per series. SQLite's BEGIN IMMEDIATE already holds the only
    // write lock; PostgreSQL locks the series row, so a concurrent transaction waits here and
    // then sees every number committed before it.
    void lock_series(const std::string& agency, const std::string& series, int year) {
        c_->exec(
            "INSERT INTO registry_series (agency, series, year) VALUES ($1, $2, $3) "
            "ON CONFLICT DO NOTHING",
            {agency, series, std::int64_t{year}});
        if (c_->dialect() == sql::Dialect::Postgres)
            c_->query(
                "SELECT 1 FROM registry_series WHERE agency = $1 AND series = $2 AND year = $3 "
                "FOR UPDATE",
                {agency, series, std::int64_t{year}});
    }

    // The entry that already holds the number of the letter's series, or its Số + ký hiệu within
    // the letter's numbering system. Điều 15 gives secret documents a numbering system of their
    // own: ordinary series (HC, or CV, QD … per type) form one system, secret series (MAT,
    // MAT-QD …) another. Between the two the same Số + ký hiệu is legal; within one it is not,
    // even across series (an agency that switches to per-type series during the year).
    std::optional<Entry> clash_in_system(const LetterInfo& l, int number, const std::string& so) {
        auto rows =
            c_->query(std::string("SELECT ") + kColumns +
                          " FROM registry_entries WHERE agency = $1 AND year = $2 "
                          "AND ((series = $3 AND number = $4) OR so_ky_hieu = $5) "
                          "ORDER BY series, number",
                      {l.agency, std::int64_t{l.date.year}, l.series, std::int64_t{number}, so});
        const bool secret = is_secret_series(l.series);
        for (const auto& r : rows) {
            Entry e = to_entry(r);
            if (e.series == l.series || is_secret_series(e.series) == secret) return e;
        }
        return std::nullopt;
    }

    static std::string uniqueness_rule(const std::string& series) {
        return is_secret_series(series)
                   ? "Số + ký hiệu phải duy nhất trong năm giữa các sổ văn bản mật (văn bản mật "
                     "có hệ thống số riêng, Điều 15 Nghị định 30/2020)"
                   : "Số + ký hiệu phải duy nhất trong năm giữa các sổ văn bản thường (văn bản "
                     "mật có hệ thống số riêng, Điều 15 Nghị định 30/2020)";
    }

    std::optional<Entry> key_entry(const std::string& key) {
        auto rows = c_->query(
            std::string("SELECT ") + kColumns + " FROM registry_entries WHERE letter_key = $1",
            {key});
        if (rows.empty()) return std::nullopt;
        return to_entry(rows[0]);
    }

    Entry find_in_tx(std::string_view agency_in, int year, std::string_view so_in,
                     std::string_view series_in) {
        const std::string agency = trim(nfc_field(agency_in, "agency"));
        const std::string series = trim(nfc_field(series_in, "series"));
        const std::string so = normalize_so_ky_hieu(so_in);
        std::string q = std::string("SELECT ") + kColumns +
                        " FROM registry_entries WHERE year = $1 AND so_ky_hieu = $2";
        std::vector<Value> params{std::int64_t{year}, so};
        if (!agency.empty()) {
            params.emplace_back(agency);
            q += " AND agency = $" + std::to_string(params.size());
        }
        if (!series.empty()) {
            params.emplace_back(series);
            q += " AND series = $" + std::to_string(params.size());
        }
        q += " ORDER BY agency, series";
        std::vector<Entry> found;
        for (const auto& r : c_->query(q, params)) found.push_back(to_entry(r));
        if (found.empty())
            throw RegistryError(Code::NotFound,
                                "Không có số " + so + " năm " + std::to_string(year) +
                                    (agency.empty() ? "" : " của cơ quan " + agency) +
                                    (series.empty() ? "" : " (sổ " + series + ")") +
                                    " trong sổ đăng ký '" + location() +
                                    "' (kiểm tra số, ký hiệu và năm; xem: vanban registry list).");
        if (found.size() > 1) throw ambiguous(so, year, found);
        return found[0];
    }

    // Several entries share the Số + ký hiệu: of several agencies, or of one agency's ordinary
    // and secret series (each has its own numbering, Điều 15). The message names what was found.
    static RegistryError ambiguous(const std::string& so, int year,
                                   const std::vector<Entry>& found) {
        std::set<std::string> agencies, series;
        for (const auto& e : found) {
            agencies.insert(e.agency);
            series.insert(e.series);
        }
        auto joined = [](const std::set<std::string>& names) {
            std::string out;
            for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
            return out;
        };
        const std::string what = "Số " + so + " năm " + std::to_string(year);
        if (agencies.size() > 1)
            return RegistryError(Code::InvalidArgument, what + " có ở nhiều cơ quan trong sổ (" +
                                                            joined(agencies) +
                                                            "); cần chỉ rõ --agency.");
        return RegistryError(
            Code::InvalidArgument,
            what + " của cơ quan " + *agencies.begin() + " có ở nhiều sổ (" + joined(series) +
                "): văn bản mật có hệ thống số riêng nên sổ mật và sổ thường " +
                "có thể cùng số; cần chỉ rõ --series, ví dụ --series " + *series.rbegin() + ".");
    }

    RegistryError voided(const Entry& e) const {
        return RegistryError(Code::Voided,
                             "Văn bản '" + e.key + "' đã được cấp " + describe(e) +
                                 " nhưng số này đã bị hủy (lý do: " + e.void_reason +
                                 "). Số đã hủy không được dùng lại; muốn cấp số mới, hãy đổi " +
                                 "id của văn bản.");
    }

    // The letter's key is already in the register: return its number, never take a new one.
    Reservation reuse(const Entry& e, const Normalized& n) {
        const LetterInfo& l = n.info;
        if (e.status == Status::Void) throw voided(e);
        if (l.number && *l.number != e.number)
            throw RegistryError(Code::Conflict,
                                "Văn bản '" + l.key + "' đã có " + describe(e) + ", khác với số " +
                                    format_number(*l.number) +
                                    " ghi trong văn bản. Một văn bản chỉ có một số; sổ không " +
                                    "bị thay đổi.");
        const std::string so = format_so_ky_hieu(e.number, n.type, l.agency, l.unit);
        if (e.agency != l.agency || e.series != l.series || e.year != l.date.year ||
            e.so_ky_hieu != so)
            throw RegistryError(Code::Conflict,
                                "Văn bản '" + l.key + "' đã có " + describe(e) +
                                    "; nay văn bản ghi cơ quan " + l.agency + ", sổ " + l.series +
                                    ", năm " + std::to_string(l.date.year) + " (ký hiệu " + so +
                                    "). Không đổi số của văn bản đã vào sổ; nếu cần, hủy số cũ " +
                                    "và đổi id của văn bản.");
        if (e.content_hash == l.content_hash) return {e, ReserveOutcome::Existing};
        if (e.status == Status::Reserved) {
            // Not issued yet: the number is kept and the register describes the new content.
            c_->exec(
                "UPDATE registry_entries SET content_hash = $1, doc_date = $2, trich_yeu = $3, "
                "signer = $4, recipients = $5, luu = $6, copies = $7, updated_at = $8, "
                "updated_by = $9, search_text = $11, signer_folded = $12 WHERE letter_key = $10",
                {l.content_hash, l.date.iso(), l.trich_yeu, l.signer, l.recipients, l.luu,
                 std::int64_t{l.copies}, now_utc(), l.created_by, l.key,
                 folded_search_text(l.trich_yeu, e.so_ky_hieu, l.recipients), folded(l.signer)});
            return {key_entry(l.key).value(), ReserveOutcome::ContentChanged};
        }
        return {e, ReserveOutcome::ContentChanged};
    }

    std::unique_ptr<sql::Connection> c_;
    bool batch_ = false;            // inside batch(): calls run as savepoints
    bool batch_transient_ = false;  // a call of the batch met a transient conflict
};

}  // namespace

std::unique_ptr<Registry> make_sql_registry(std::unique_ptr<sql::Connection> c) {
    return std::make_unique<SqlRegistry>(std::move(c));
}

}  // namespace vanban::registry
