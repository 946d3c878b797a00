// The registry's rules, run against both backends: each BACKEND_TEST becomes one test case for
// SQLite ([sqlite]) and one for PostgreSQL ([pg], needs the CTest fixture's server).
#include <catch2/catch.hpp>

#include <set>

#include "backends.hpp"
#include "registry/schema.hpp"

using namespace vanban::registry;
using namespace vanban::registry::test;
using Code = RegistryError::Code;

#define BACKEND_TEST(fn, title)               \
    static void fn(Backend& b);               \
    TEST_CASE("sqlite: " title, "[sqlite]") { \
        SqliteBackend b;                      \
        fn(b);                                \
    }                                         \
    TEST_CASE("postgresql: " title, "[pg]") { \
        PgBackend b;                          \
        fn(b);                                \
    }                                         \
    static void fn(Backend& b)

// Runs `f`, which must throw RegistryError with `code`; returns its message.
template <class F>
static std::string error_of(F&& f, Code code) {
    try {
        f();
    } catch (const RegistryError& e) {
        CHECK(static_cast<int>(e.code) == static_cast<int>(code));
        return e.what();
    }
    FAIL("expected a RegistryError");
    return "";
}

BACKEND_TEST(takes_numbers_in_order, "numbers run 01, 02, 03 with the decree's ký hiệu") {
    auto reg = b.open();
    CHECK(reg->schema_version() == kSchemaVersion);
    auto r1 = reg->reserve(letter("a"));
    auto r2 = reg->reserve(letter("b"));
    auto r3 = reg->reserve(letter("c", "2024-03-02", "Quyết định"));
    CHECK(r1.outcome == ReserveOutcome::Created);
    CHECK(r1.entry.number == 1);
    CHECK(r1.entry.so_ky_hieu == "01/SYT-VP");
    CHECK(r2.entry.so_ky_hieu == "02/SYT-VP");
    // Shared series: a Quyết định continues the same numbering with its own ký hiệu.
    CHECK(r3.entry.so_ky_hieu == "03/QĐ-SYT");
    CHECK(r3.entry.doc_type == "Quyết định");
    CHECK(r1.entry.status == Status::Reserved);
    // Everything the register records comes back.
    const Entry e = reg->find_by_key("a").value();
    CHECK(e.agency == "SYT");
    CHECK(e.series == "HC");
    CHECK(e.year == 2024);
    CHECK(e.date == Date{2024, 3, 1});
    CHECK(e.trich_yeu == "V/v báo cáo kết quả cải cách hành chính");
    CHECK(e.signer == "Nguyễn Văn An");
    CHECK(e.recipients == "UBND tỉnh\nSở Nội vụ");
    CHECK(e.luu == "VT, VP");
    CHECK(e.copies == 3);
    CHECK(e.content_hash == "hash-a");
    CHECK(e.created_by == "test@host");
    CHECK(e.created_at.size() == 20);
}

BACKEND_TEST(idempotent, "the same letter again keeps its number and takes none") {
    auto reg = b.open();
    reg->reserve(letter("a"));
    auto again = reg->reserve(letter("a"));
    CHECK(again.outcome == ReserveOutcome::Existing);
    CHECK(again.entry.number == 1);
    CHECK(reg->reserve(letter("b")).entry.number == 2);
    // Also after it was issued, and from another connection.
    reg->commit("a", "/out/a.pdf");
    auto other = b.open();
    auto third = other->reserve(letter("a"));
    CHECK(third.outcome == ReserveOutcome::Existing);
    CHECK(third.entry.status == Status::Issued);
    CHECK(third.entry.output_file == "/out/a.pdf");
    CHECK(other->list().size() == 2);
}

BACKEND_TEST(content_changed, "a changed letter keeps its number and says so") {
    auto reg = b.open();
    reg->reserve(letter("a"));
    auto changed = letter("a");
    changed.content_hash = "hash-2";
    changed.trich_yeu = "V/v nội dung mới";
    // Only reserved: the register follows the new content, the number stays.
    auto r = reg->reserve(changed);
    CHECK(r.outcome == ReserveOutcome::ContentChanged);
    CHECK(r.entry.number == 1);
    CHECK(r.entry.trich_yeu == "V/v nội dung mới");
    CHECK(r.entry.content_hash == "hash-2");
    CHECK_THAT(content_changed_notice(r),
               Catch::Contains("01/SYT-VP") && Catch::Contains("giữ nguyên số"));
    // Issued: the register keeps what was issued and reports the change.
    reg->commit("a", "a.pdf");
    auto third = changed;
    third.content_hash = "hash-3";
    third.trich_yeu = "V/v lần thứ ba";
    auto r3 = reg->reserve(third);
    CHECK(r3.outcome == ReserveOutcome::ContentChanged);
    CHECK(r3.entry.content_hash == "hash-2");
    CHECK_THAT(content_changed_notice(r3), Catch::Contains("đã ban hành"));
    CHECK(reg->find_by_key("a")->trich_yeu == "V/v nội dung mới");
    CHECK(reg->list().size() == 1);
}

BACKEND_TEST(commit_marks_issued, "commit marks a reservation issued with its output file") {
    auto reg = b.open();
    reg->reserve(letter("a"));
    auto e = reg->commit("a", "out/a.pdf");
    CHECK(e.status == Status::Issued);
    CHECK(e.output_file == "out/a.pdf");
    CHECK(reg->commit("a", "out/a.pdf").status == Status::Issued);
    auto msg = error_of([&] { reg->commit("nobody", "x.pdf"); }, Code::NotFound);
    CHECK_THAT(msg, Catch::Contains("nobody"));
}

BACKEND_TEST(year_rollover, "31/12 takes the last number of its year, 01/01 takes 01") {
    auto reg = b.open();
    reg->reserve(letter("a", "2024-06-01"));
    reg->reserve(letter("b", "2024-11-30"));
    auto last = reg->reserve(letter("dec31", "2024-12-31"));
    auto first = reg->reserve(letter("jan1", "2025-01-01"));
    auto second = reg->reserve(letter("jan2", "2025-01-02"));
    CHECK(last.entry.so_ky_hieu == "03/SYT-VP");
    CHECK(last.entry.year == 2024);
    CHECK(first.entry.so_ky_hieu == "01/SYT-VP");
    CHECK(first.entry.year == 2025);
    CHECK(second.entry.number == 2);
    // Same Số + ký hiệu in two years is allowed, and each is found in its own year.
    CHECK(reg->find("SYT", 2024, "01/SYT-VP")->key == "a");
    CHECK(reg->find("SYT", 2025, "01/SYT-VP")->key == "jan1");
}

BACKEND_TEST(series_apart, "per-type and secret series count on their own") {
    auto reg = b.open();
    CHECK(reg->reserve(letter("qd1", "2024-01-05", "QĐ", "QD")).entry.so_ky_hieu == "01/QĐ-SYT");
    CHECK(reg->reserve(letter("tb1", "2024-01-05", "TB", "TB")).entry.so_ky_hieu == "01/TB-SYT");
    CHECK(reg->reserve(letter("qd2", "2024-01-06", "QĐ", "QD")).entry.so_ky_hieu == "02/QĐ-SYT");
    CHECK(reg->reserve(letter("m1", "2024-01-06", "KH", "MAT")).entry.so_ky_hieu == "01/KH-SYT");
    // Another agency in the same file has its own numbers.
    auto other = letter("ubnd1", "2024-01-06", "QĐ", "HC");
    other.agency = "UBND";
    CHECK(reg->reserve(other).entry.so_ky_hieu == "01/QĐ-UBND");
    ListFilter f;
    f.agency = "UBND";
    CHECK(reg->list(f).size() == 1);
}

BACKEND_TEST(explicit_numbers, "explicit numbers are recorded and checked for conflicts") {
    auto reg = b.open();
    reg->reserve(letter("a"));
    auto ex = letter("hand-numbered");
    ex.number = 5;
    auto r = reg->reserve(ex);
    CHECK(r.entry.so_ky_hieu == "05/SYT-VP");
    CHECK(r.outcome == ReserveOutcome::Created);
    // The next automatic number follows the highest one.
    CHECK(reg->reserve(letter("b")).entry.number == 6);
    // Taken by another letter: refused, nothing written.
    auto clash = letter("intruder");
    clash.number = 5;
    auto msg = error_of([&] { reg->reserve(clash); }, Code::Conflict);
    CHECK_THAT(msg, Catch::Contains("05/SYT-VP") && Catch::Contains("hand-numbered"));
    CHECK(reg->list().size() == 3);
    CHECK_FALSE(reg->find_by_key("intruder").has_value());
    // The same letter with another number than it already has: refused.
    auto moved = letter("hand-numbered");
    moved.number = 7;
    msg = error_of([&] { reg->reserve(moved); }, Code::Conflict);
    CHECK_THAT(msg, Catch::Contains("05/SYT-VP") && Catch::Contains("07"));
    // The same letter with its own number again: fine.
    CHECK(reg->reserve(ex).outcome == ReserveOutcome::Existing);
    // A free number below the highest may be recorded explicitly.
    auto low = letter("late");
    low.number = 3;
    CHECK(reg->reserve(low).entry.so_ky_hieu == "03/SYT-VP");
}

BACKEND_TEST(void_numbers, "a voided number stays with its reason and is never reused") {
    auto reg = b.open();
    reg->reserve(letter("a"));
    reg->reserve(letter("b"));
    reg->commit("a", "a.pdf");
    // Clerks drop the leading zero; the registry does not care.
    auto v = reg->void_entry("SYT", 2024, "2/SYT-VP", "Văn bản soạn sai, không ban hành", "clerk");
    CHECK(v.status == Status::Void);
    CHECK(v.void_reason == "Văn bản soạn sai, không ban hành");
    CHECK(reg->reserve(letter("c")).entry.number == 3);
    auto all = reg->list();
    REQUIRE(all.size() == 3);
    CHECK(all[1].status == Status::Void);
    ListFilter voided;
    voided.status = Status::Void;
    CHECK(reg->list(voided).size() == 1);
    // The voided letter cannot get its number back, nor a new one under the same key.
    auto msg = error_of([&] { reg->reserve(letter("b")); }, Code::Voided);
    CHECK_THAT(msg, Catch::Contains("02/SYT-VP") && Catch::Contains("soạn sai"));
    error_of([&] { reg->commit("b", "b.pdf"); }, Code::Voided);
    // Twice, unknown, without reason: refused.
    error_of([&] { reg->void_entry("SYT", 2024, "02/SYT-VP", "lại", ""); }, Code::Conflict);
    msg = error_of([&] { reg->void_entry("SYT", 2024, "99/SYT-VP", "không có", ""); },
                   Code::NotFound);
    CHECK_THAT(msg, Catch::Contains("99/SYT-VP") && Catch::Contains("2024"));
    error_of([&] { reg->void_entry("SYT", 2023, "01/SYT-VP", "sai năm", ""); }, Code::NotFound);
    error_of([&] { reg->void_entry("SYT", 2024, "01/SYT-VP", "  ", ""); }, Code::InvalidArgument);
    CHECK(reg->find("SYT", 2024, "01/SYT-VP")->status == Status::Issued);
    // Without agency the number is looked up in every agency.
    CHECK(reg->find("", 2024, "03/SYT-VP")->key == "c");
}

BACKEND_TEST(bad_input, "bad letters are refused with a message naming the field") {
    auto reg = b.open();
    auto l = letter("a");
    l.doc_type = "Thư tình";
    CHECK_THAT(error_of([&] { reg->reserve(l); }, Code::InvalidArgument),
               Catch::Contains("Thư tình") && Catch::Contains("Phụ lục III"));
    l = letter("");
    CHECK_THAT(error_of([&] { reg->reserve(l); }, Code::InvalidArgument), Catch::Contains("key"));
    l = letter("a");
    l.date = Date{2023, 2, 29};
    CHECK_THAT(error_of([&] { reg->reserve(l); }, Code::InvalidArgument),
               Catch::Contains("2023-02-29"));
    l = letter("a");
    l.agency = "";
    CHECK_THAT(error_of([&] { reg->reserve(l); }, Code::InvalidArgument),
               Catch::Contains("agency"));
    l = letter("a");
    l.trich_yeu = "\xff\xfe";
    CHECK_THAT(error_of([&] { reg->reserve(l); }, Code::InvalidArgument),
               Catch::Contains("trich_yeu"));
    CHECK(reg->list().empty());
}

BACKEND_TEST(text_is_nfc, "text is stored in NFC") {
    auto reg = b.open();
    auto l = letter("a");
    l.trich_yeu = "V/v ca\xCC\x89i ca\xCC\x81\x63h";  // "cải cách" decomposed
    reg->reserve(l);
    CHECK(reg->find_by_key("a")->trich_yeu == "V/v cải cách");
}

BACKEND_TEST(migrates_v1, "an older registry is migrated on open and keeps its numbers") {
    b.exec_raw(schema::version1_ddl());
    b.exec_raw(
        "INSERT INTO registry_entries (agency, series, year, number, so_ky_hieu, doc_type, "
        "doc_date, status, letter_key, created_at) VALUES ('SYT', 'HC', 2024, 1, '01/SYT-VP', "
        "'Công văn', '2024-01-03', 'issued', 'old-1', '2024-01-03T08:00:00Z')");
    auto reg = b.open();
    CHECK(reg->schema_version() == 2);
    auto old = reg->find_by_key("old-1").value();
    CHECK(old.status == Status::Issued);
    CHECK(old.updated_at == "2024-01-03T08:00:00Z");
    CHECK(reg->reserve(letter("new")).entry.so_ky_hieu == "02/SYT-VP");
    // Opening again does not migrate twice.
    CHECK(b.open()->schema_version() == 2);
}

BACKEND_TEST(refuses_newer, "a registry from a newer vanban is refused, untouched") {
    b.open();  // creates version 2
    b.exec_raw("UPDATE registry_meta SET value = '3' WHERE key = 'schema_version'");
    for (auto mode : {OpenMode::ReadWrite, OpenMode::ReadOnly}) {
        auto msg = error_of([&] { b.open(mode); }, Code::TooNew);
        CHECK_THAT(msg, Catch::Contains("phiên bản 3") && Catch::Contains("cập nhật vanban"));
    }
}

BACKEND_TEST(read_only_mode, "a registry opened for reading refuses to write") {
    b.open()->reserve(letter("a"));
    auto reg = b.open(OpenMode::ReadOnly);
    CHECK(reg->list().size() == 1);
    error_of([&] { reg->reserve(letter("b")); }, Code::ReadOnly);
    CHECK(b.open()->list().size() == 1);
}

BACKEND_TEST(schema_race, "several connections opening a new registry at once all succeed") {
    std::vector<std::unique_ptr<Registry>> regs;
    for (int i = 0; i < 4; ++i) regs.push_back(b.open());
    std::set<int> numbers;
    for (int i = 0; i < 8; ++i)
        numbers.insert(regs[i % 4]->reserve(letter("k" + std::to_string(i))).entry.number);
    CHECK(numbers == std::set<int>{1, 2, 3, 4, 5, 6, 7, 8});
}

TEST_CASE("postgresql: a login without write rights cannot number, and writes nothing", "[pg]") {
    PgBackend b;
    b.open()->reserve(letter("a"));
    // A role that may read the register but not write it, as an office would give auditors.
    b.exec_raw(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'registry_reader') "
        "THEN CREATE ROLE registry_reader LOGIN; END IF; END $$;"
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO registry_reader;");
    std::string spec = b.spec();
    spec.replace(spec.find("vanban@"), 7, "registry_reader@");
    auto reader = open_registry(spec);
    CHECK(reader->list().size() == 1);
    auto msg = error_of([&] { reader->reserve(letter("b")); }, Code::ReadOnly);
    CHECK_THAT(msg, Catch::Contains("Không được ghi") && Catch::Contains("registry_reader@"));
    error_of([&] { reader->void_entry("SYT", 2024, "01/SYT-VP", "thử", ""); }, Code::ReadOnly);
    CHECK(b.open()->list().size() == 1);
    CHECK(b.open()->find_by_key("a")->status == Status::Reserved);
}

BACKEND_TEST(rollback_no_gap, "a refused reservation leaves no gap in its series") {
    auto reg = b.open();
    reg->reserve(letter("hc1", "2024-01-05", "KH", "HC"));  // 01/KH-SYT in the shared series
    // The secret series also starts at 01, and 01/KH-SYT is taken this year: refused, and the
    // transaction that had taken 01 of the secret series is rolled back.
    auto msg =
        error_of([&] { reg->reserve(letter("m1", "2024-01-05", "KH", "MAT")); }, Code::Conflict);
    CHECK_THAT(msg, Catch::Contains("01/KH-SYT") && Catch::Contains("hc1"));
    CHECK_FALSE(reg->find_by_key("m1").has_value());
    // 01 of the secret series is still free.
    CHECK(reg->reserve(letter("m2", "2024-01-06", "BC", "MAT")).entry.so_ky_hieu == "01/BC-SYT");
}
