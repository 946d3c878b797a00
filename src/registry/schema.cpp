#include "registry/schema.hpp"

#include <string>

#include "registry/page_query.hpp"
#include "registry/registry.hpp"

namespace vanban::registry::schema {

namespace {

// The entries table of version 3, under a given name (the SQLite migration builds it beside the
// old one). Each constraint is one of the decree's rules:
//   primary key (agency, series, year, number): a number is issued once in its series and year;
//   unique (agency, series, year, so_ky_hieu): Số + ký hiệu is unique within a series and year
//     (Điều 15). Not across series: secret documents have their own numbering system, so an
//     agency's ordinary 01/SYT-VP and secret 01/SYT-VP are both legal. Per-type series do not
//     collide on it (their ký hiệu differ by type; công văn and thư công share series CV);
//     reserve() also refuses a Số + ký hiệu that another series of the same system (ordinary or
//     secret) holds, which covers an agency that changes its series policy during the year;
//   unique (letter_key): one letter, one number (idempotent runs).
std::string entries_ddl(const std::string& table) {
    return "CREATE TABLE " + table + R"sql( (
    agency TEXT NOT NULL,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL CHECK (number > 0),
    so_ky_hieu TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    doc_date TEXT NOT NULL,
    trich_yeu TEXT NOT NULL DEFAULT '',
    signer TEXT NOT NULL DEFAULT '',
    recipients TEXT NOT NULL DEFAULT '',
    luu TEXT NOT NULL DEFAULT '',
    copies INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('reserved', 'issued', 'void')),
    void_reason TEXT NOT NULL DEFAULT '',
    letter_key TEXT NOT NULL,
    content_hash TEXT NOT NULL DEFAULT '',
    output_file TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agency, series, year, number),
    UNIQUE (agency, series, year, so_ky_hieu),
    UNIQUE (letter_key)
);
)sql";
}

// registry_series has one row per series and year: PostgreSQL locks it (FOR UPDATE) while it
// takes the next number, which keeps numbers gap-free even when transactions roll back.
constexpr const char* kMetaAndSeriesDdl = R"sql(
CREATE TABLE registry_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE registry_series (
    agency TEXT NOT NULL,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    PRIMARY KEY (agency, series, year)
);
)sql";

// Số + ký hiệu is unique within a numbering system (all ordinary series, or all secret ones) of
// an agency's year, by constraint: reserve() checks it too, but on PostgreSQL two writers on two
// ordinary series (an agency switching to per-type series during the year) lock different
// registry_series rows and would not see each other's new row. SQLite serialises writers, so
// there the check alone held; the index makes the rule the same on both. The expression is the
// one of is_secret_series() (doc_types.cpp); substr works alike in both dialects, where LIKE
// does not (case).
constexpr const char* kSystemIndex = "registry_entries_system_so_ky_hieu";
constexpr const char* kSystemIndexDdl = R"sql(
CREATE UNIQUE INDEX registry_entries_system_so_ky_hieu ON registry_entries
    (agency, year, so_ky_hieu, (series = 'MAT' OR substr(series, 1, 4) = 'MAT-'));
)sql";

// Adds the index to a registry made before it existed (same schema version: older vanban
// versions read and write such a registry unchanged).
void ensure_system_index(sql::Connection& c) {
    const bool exists =
        c.dialect() == sql::Dialect::Sqlite
            ? !c.query("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = $1",
                       {std::string(kSystemIndex)})
                   .empty()
            : !c.query("SELECT 1 FROM pg_indexes WHERE indexname = $1", {std::string(kSystemIndex)})
                   .empty();
    if (exists) return;
    try {
        c.exec_script(kSystemIndexDdl);
    } catch (const sql::UniqueViolation& e) {
        throw RegistryError(RegistryError::Code::Corrupt,
                            "Sổ đăng ký '" + c.location() +
                                "' có một Số, ký hiệu được cấp hai lần trong cùng hệ thống số "
                                "(thường hoặc mật) của một cơ quan và năm (" +
                                e.what() +
                                "). Hãy hủy một trong hai số (vanban registry void) rồi chạy "
                                "lại.");
    }
}

std::string ddl_v3() {
    return kMetaAndSeriesDdl + entries_ddl("registry_entries") +
           "INSERT INTO registry_meta (key, value) VALUES ('schema_version', '3');\n";
}

// Version 2: Số + ký hiệu was unique within the agency's year across all its series, which
// refused the first secret number of an agency that had issued the same number in its ordinary
// series. Kept so tests can build a version 2 registry and check its migration.
constexpr const char* kDdlV2 = R"sql(
CREATE TABLE registry_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE registry_series (
    agency TEXT NOT NULL,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    PRIMARY KEY (agency, series, year)
);
CREATE TABLE registry_entries (
    agency TEXT NOT NULL,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL CHECK (number > 0),
    so_ky_hieu TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    doc_date TEXT NOT NULL,
    trich_yeu TEXT NOT NULL DEFAULT '',
    signer TEXT NOT NULL DEFAULT '',
    recipients TEXT NOT NULL DEFAULT '',
    luu TEXT NOT NULL DEFAULT '',
    copies INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('reserved', 'issued', 'void')),
    void_reason TEXT NOT NULL DEFAULT '',
    letter_key TEXT NOT NULL,
    content_hash TEXT NOT NULL DEFAULT '',
    output_file TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agency, series, year, number),
    UNIQUE (agency, year, so_ky_hieu),
    UNIQUE (letter_key)
);
INSERT INTO registry_meta (key, value) VALUES ('schema_version', '2');
)sql";

// Version 1: numbers were recorded only once a document was issued; no content hash, no output
// file, no series table.
constexpr const char* kDdlV1 = R"sql(
CREATE TABLE registry_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE registry_entries (
    agency TEXT NOT NULL,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL CHECK (number > 0),
    so_ky_hieu TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    doc_date TEXT NOT NULL,
    trich_yeu TEXT NOT NULL DEFAULT '',
    signer TEXT NOT NULL DEFAULT '',
    recipients TEXT NOT NULL DEFAULT '',
    luu TEXT NOT NULL DEFAULT '',
    copies INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('reserved', 'issued', 'void')),
    void_reason TEXT NOT NULL DEFAULT '',
    letter_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agency, series, year, number),
    UNIQUE (agency, year, so_ky_hieu),
    UNIQUE (letter_key)
);
INSERT INTO registry_meta (key, value) VALUES ('schema_version', '1');
)sql";

constexpr const char* kMigrate1To2 = R"sql(
ALTER TABLE registry_entries ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_entries ADD COLUMN output_file TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_entries ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_entries ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
UPDATE registry_entries SET updated_at = created_at;
CREATE TABLE registry_series (
    agency TEXT NOT NULL,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    PRIMARY KEY (agency, series, year)
);
INSERT INTO registry_series (agency, series, year)
    SELECT DISTINCT agency, series, year FROM registry_entries;
UPDATE registry_meta SET value = '2' WHERE key = 'schema_version';
)sql";

constexpr const char* kEntryColumns =
    "agency, series, year, number, so_ky_hieu, doc_type, unit, doc_date, trich_yeu, signer, "
    "recipients, luu, copies, status, void_reason, letter_key, content_hash, output_file, "
    "created_at, created_by, updated_at, updated_by";

// SQLite cannot drop a table constraint: the table is rebuilt with the version 3 constraints
// and every row copied, inside prepare()'s transaction (a failure leaves version 2 intact).
std::string migrate_2_to_3_sqlite() {
    return entries_ddl("registry_entries_v3") + "INSERT INTO registry_entries_v3 (" +
           kEntryColumns + ") SELECT " + kEntryColumns +
           " FROM registry_entries;\n"
           "DROP TABLE registry_entries;\n"
           "ALTER TABLE registry_entries_v3 RENAME TO registry_entries;\n";
}

// PostgreSQL named the old constraint itself (registry_entries_agency_year_so_ky_hieu_key by
// default, but an administrator may have recreated it): it is found in the catalog by its
// columns rather than by name.
constexpr const char* kMigrate2To3Postgres = R"sql(
DO $$
DECLARE old_name text;
BEGIN
    SELECT con.conname INTO old_name FROM pg_constraint con
    WHERE con.conrelid = 'registry_entries'::regclass AND con.contype = 'u'
      AND (SELECT array_agg(a.attname::text ORDER BY a.attname::text) FROM pg_attribute a
           WHERE a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey))
          = ARRAY['agency', 'so_ky_hieu', 'year'];
    IF old_name IS NOT NULL THEN
        EXECUTE format('ALTER TABLE registry_entries DROP CONSTRAINT %I', old_name);
    END IF;
END $$;
ALTER TABLE registry_entries ADD CONSTRAINT registry_entries_agency_series_year_so_ky_hieu_key
    UNIQUE (agency, series, year, so_ky_hieu);
)sql";

void migrate_2_to_3(sql::Connection& c) {
    if (c.dialect() == sql::Dialect::Sqlite)
        c.exec_script(migrate_2_to_3_sqlite());
    else
        c.exec_script(kMigrate2To3Postgres);
    c.exec_script("UPDATE registry_meta SET value = '3' WHERE key = 'schema_version';");
}

// Version 4: the register page's search columns (see page_query.hpp), filled here for the
// entries already there, and an index in the page's order within a year, so that a page is a
// seek on the index (keyset paging) rather than a sort of the whole year.
void migrate_3_to_4(sql::Connection& c) {
    c.exec_script(R"sql(
ALTER TABLE registry_entries ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE registry_entries ADD COLUMN signer_folded TEXT NOT NULL DEFAULT '';
CREATE INDEX registry_entries_page ON registry_entries (year, agency, series, number);
)sql");
    for (const auto& r : c.query("SELECT letter_key, trich_yeu, so_ky_hieu, recipients, signer "
                                 "FROM registry_entries")) {
        auto field = [&](std::size_t i) { return r.at(i).value_or(""); };
        c.exec(
            "UPDATE registry_entries SET search_text = $1, signer_folded = $2 "
            "WHERE letter_key = $3",
            {folded_search_text(field(1), field(2), field(3)), folded(field(4)), field(0)});
    }
    c.exec_script("UPDATE registry_meta SET value = '4' WHERE key = 'schema_version';");
}

int read_version(sql::Connection& c) {
    if (!c.table_exists("registry_meta")) return 0;
    auto rows = c.query("SELECT value FROM registry_meta WHERE key = 'schema_version'");
    if (rows.empty() || !rows[0][0])
        throw RegistryError(RegistryError::Code::Corrupt,
                            "Sổ đăng ký '" + c.location() +
                                "' hỏng: bảng registry_meta không ghi phiên bản cấu trúc " +
                                "(schema_version).");
    try {
        return std::stoi(*rows[0][0]);
    } catch (const std::exception&) {
        throw RegistryError(RegistryError::Code::Corrupt, "Sổ đăng ký '" + c.location() +
                                                              "' hỏng: phiên bản cấu trúc '" +
                                                              *rows[0][0] + "' không phải là số.");
    }
}

void check_not_newer(sql::Connection& c, int version) {
    if (version > kSchemaVersion)
        throw RegistryError(
            RegistryError::Code::TooNew,
            "Sổ đăng ký '" + c.location() + "' có cấu trúc phiên bản " + std::to_string(version) +
                ", mới hơn phiên bản " + std::to_string(kSchemaVersion) +
                " mà vanban này đọc được. Hãy cập nhật vanban; sổ không bị " + "thay đổi.");
}

// An SQLite file that has tables but no registry_meta belongs to another program.
bool holds_foreign_tables(sql::Connection& c) {
    if (c.dialect() != sql::Dialect::Sqlite) return c.table_exists("registry_entries");
    auto rows = c.query("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
    return !rows.empty() && rows[0][0] && *rows[0][0] != "0";
}

}  // namespace

const char* version1_ddl() {
    return kDdlV1;
}

const char* version2_ddl() {
    return kDdlV2;
}

void prepare(sql::Connection& c) {
    if (c.read_only()) {
        const int version = read_version(c);
        check_not_newer(c, version);
        if (version == 0)
            throw RegistryError(RegistryError::Code::NotFound,
                                "'" + c.location() + "' chưa có sổ đăng ký văn bản đi nào.");
        if (version < kSchemaVersion)
            throw RegistryError(RegistryError::Code::ReadOnly,
                                "Sổ đăng ký '" + c.location() + "' có cấu trúc phiên bản " +
                                    std::to_string(version) +
                                    ", cần nâng cấp: hãy mở nó một lần với quyền ghi (ví dụ " +
                                    "vanban registry void …, hoặc cấp một số).");
        return;
    }
    // Several processes may open a new registry at once: the check and the DDL run in one
    // write transaction (SQLite's write lock; an advisory lock on PostgreSQL, whose DDL would
    // otherwise race on the catalog).
    for (int attempt = 0;; ++attempt) {
        try {
            c.begin_write();
            if (c.dialect() == sql::Dialect::Postgres)
                c.query("SELECT pg_advisory_xact_lock(7316452001)");
            int version = read_version(c);
            check_not_newer(c, version);
            if (version == 0) {
                if (holds_foreign_tables(c))
                    throw RegistryError(RegistryError::Code::Corrupt,
                                        "'" + c.location() +
                                            "' chứa dữ liệu khác, không phải sổ đăng ký văn bản " +
                                            "đi của vanban (không có bảng registry_meta). Không " +
                                            "ghi gì vào đó; hãy chọn tệp khác bằng --registry.");
                c.exec_script(ddl_v3());
                migrate_3_to_4(c);
            } else {
                // Each step brings the registry one version up, all in this transaction.
                if (version == 1) c.exec_script(kMigrate1To2);
                if (version <= 2) migrate_2_to_3(c);
                if (version <= 3) migrate_3_to_4(c);
            }
            ensure_system_index(c);
            c.commit();
            return;
        } catch (const sql::Transient&) {
            c.rollback();
            if (attempt > 100) throw;
        } catch (...) {
            c.rollback();
            throw;
        }
    }
}

}  // namespace vanban::registry::schema
