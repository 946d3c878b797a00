// The registry's rules, run against both backends: each BACKEND_TEST becomes one test case for
// SQLite ([sqlite]) and one for PostgreSQL ([pg], needs the CTest fixture's server).
#include <catch2/catch.hpp>

#include <set>

#include "backends.hpp"
#include "registry/schema.hpp"

using namespace vanban::registry;
using namespace vanban::registry::test;
using Code = RegistryError::Code;

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
    CHECK(reg->schema_version() == kSchemaVersion);
    auto old = reg->find_by_key("old-1").value();
    CHECK(old.status == Status::Issued);
    CHECK(old.updated_at == "2024-01-03T08:00:00Z");
    CHECK(reg->reserve(letter("new")).entry.so_ky_hieu == "02/SYT-VP");
    // Through 2 to 3: the secret series may hold its own 01/SYT-VP.
    CHECK(reg->reserve(letter("m1", "2024-01-04", "Công văn", "MAT")).entry.so_ky_hieu ==
          "01/SYT-VP");
    // Opening again does not migrate twice.
    CHECK(b.open()->schema_version() == kSchemaVersion);
}

// Every column of a version 2 entry, distinct per row, so that the migration's copy is checked
// column by column.
static std::string v2_row(int i, const std::string& series, const std::string& so,
                          const std::string& status) {
    const std::string n = std::to_string(i);
    return "INSERT INTO registry_entries (agency, series, year, number, so_ky_hieu, doc_type, "
           "unit, doc_date, trich_yeu, signer, recipients, luu, copies, status, void_reason, "
           "letter_key, content_hash, output_file, created_at, created_by, updated_at, "
           "updated_by) VALUES ('SYT', '" +
           series + "', 2024, " + n + ", '" + so + "', 'Công văn', 'VP', '2024-02-0" + n +
           "', 'V/v trích yếu " + n + "', 'Người ký " + n + "', 'Nơi nhận " + n + "', 'VT, VP', " +
           n + ", '" + status + "', '" + (status == "void" ? "lý do " + n : "") + "', 'v2-" + n +
           "', 'hash-" + n + "', 'out/" + n + ".pdf', '2024-02-0" + n + "T08:00:00Z', 'tao" + n +
           "@host', '2024-02-0" + n + "T09:00:00Z', 'sua" + n + "@host');";
}

BACKEND_TEST(migrates_v2,
             "a version 2 registry is migrated to the current one and keeps every row") {
    b.exec_raw(schema::version2_ddl());
    b.exec_raw(v2_row(1, "HC", "01/SYT-VP", "issued") + v2_row(2, "HC", "02/SYT-VP", "void") +
               v2_row(3, "HC", "03/SYT-VP", "reserved") +
               "INSERT INTO registry_series (agency, series, year) VALUES ('SYT', 'HC', 2024);");
    // Reading only: the old version is reported, nothing is changed.
    auto msg = error_of([&] { b.open(OpenMode::ReadOnly); }, Code::ReadOnly);
    CHECK_THAT(msg, Catch::Contains("phiên bản 2") && Catch::Contains("cần nâng cấp"));
    auto reg = b.open();
    CHECK(reg->schema_version() == kSchemaVersion);
    // Version 4's folded search columns were filled for the rows already there.
    PageQuery search;
    search.year = 2024;
    search.text = "TRÍCH YẾU 2";
    auto found = reg->page(search);
    REQUIRE(found.entries.size() == 1);
    CHECK(found.entries[0].number == 2);
    search.text.clear();
    search.signer = "NGƯỜI KÝ 3";
    REQUIRE(reg->page(search).entries.size() == 1);
    CHECK(reg->page(search).entries[0].number == 3);
    const auto all = reg->list();
    REQUIRE(all.size() == 3);
    for (int i = 1; i <= 3; ++i) {
        const Entry& e = all[i - 1];
        const std::string n = std::to_string(i);
        CHECK(e.agency == "SYT");
        CHECK(e.series == "HC");
        CHECK(e.year == 2024);
        CHECK(e.number == i);
        CHECK(e.so_ky_hieu == "0" + n + "/SYT-VP");
        CHECK(e.doc_type == "Công văn");
        CHECK(e.unit == "VP");
        CHECK(e.date == Date{2024, 2, i});
        CHECK(e.trich_yeu == "V/v trích yếu " + n);
        CHECK(e.signer == "Người ký " + n);
        CHECK(e.recipients == "Nơi nhận " + n);
        CHECK(e.luu == "VT, VP");
        CHECK(e.copies == i);
        CHECK(e.void_reason == (i == 2 ? "lý do 2" : ""));
        CHECK(e.key == "v2-" + n);
        CHECK(e.content_hash == "hash-" + n);
        CHECK(e.output_file == "out/" + n + ".pdf");
        CHECK(e.created_at == "2024-02-0" + n + "T08:00:00Z");
        CHECK(e.created_by == "tao" + n + "@host");
        CHECK(e.updated_at == "2024-02-0" + n + "T09:00:00Z");
    }
    CHECK(all[0].status == Status::Issued);
    CHECK(all[1].status == Status::Void);
    CHECK(all[2].status == Status::Reserved);
    // The series keep numbering where they were; the secret one starts at its own 01.
    CHECK(reg->reserve(letter("new")).entry.so_ky_hieu == "04/SYT-VP");
    CHECK(reg->reserve(letter("m1", "2024-03-01", "Công văn", "MAT")).entry.so_ky_hieu ==
          "01/SYT-VP");
    // The new constraint is in the database itself: a duplicate within a series is refused
    // even when written by hand, the primary key and letter_key uniqueness survived.
    CHECK_THROWS(b.exec_raw(
        "INSERT INTO registry_entries (agency, series, year, number, so_ky_hieu, doc_type, "
        "doc_date, status, letter_key, created_at) VALUES ('SYT', 'HC', 2024, 99, '01/SYT-VP', "
        "'Công văn', '2024-05-01', 'issued', 'dup', '2024-05-01T08:00:00Z')"));
    CHECK_THROWS(b.exec_raw(
        "INSERT INTO registry_entries (agency, series, year, number, so_ky_hieu, doc_type, "
        "doc_date, status, letter_key, created_at) VALUES ('SYT', 'HC', 2024, 1, '98/SYT-VP', "
        "'Công văn', '2024-05-01', 'issued', 'dup', '2024-05-01T08:00:00Z')"));
    CHECK_THROWS(b.exec_raw(
        "INSERT INTO registry_entries (agency, series, year, number, so_ky_hieu, doc_type, "
        "doc_date, status, letter_key, created_at) VALUES ('SYT', 'HC', 2024, 97, '97/SYT-VP', "
        "'Công văn', '2024-05-01', 'issued', 'v2-1', '2024-05-01T08:00:00Z')"));
    // Opening again does not migrate twice.
    CHECK(b.open()->schema_version() == kSchemaVersion);
    CHECK(b.open(OpenMode::ReadOnly)->list().size() == 5);
}

BACKEND_TEST(refuses_newer, "a registry from a newer vanban is refused, untouched") {
    b.open();  // creates the current version
    b.exec_raw("UPDATE registry_meta SET value = '5' WHERE key = 'schema_version'");
    for (auto mode : {OpenMode::ReadWrite, OpenMode::ReadOnly}) {
        auto msg = error_of([&] { b.open(mode); }, Code::TooNew);
        CHECK_THAT(msg, Catch::Contains("phiên bản 5") && Catch::Contains("cập nhật vanban"));
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
    reg->reserve(letter("hc1", "2024-01-05", "KH", "HC"));  // 01/KH-SYT
    reg->reserve(letter("hc2", "2024-01-05", "KH", "HC"));  // 02/KH-SYT
    // A hand-numbered letter asks for 02 of the same series: refused, and its transaction (which
    // had locked the series and inserted nothing it may keep) is rolled back.
    auto clash = letter("late", "2024-01-06", "KH", "HC");
    clash.number = 2;
    auto msg = error_of([&] { reg->reserve(clash); }, Code::Conflict);
    CHECK_THAT(msg, Catch::Contains("02/KH-SYT") && Catch::Contains("hc2"));
    CHECK_FALSE(reg->find_by_key("late").has_value());
    // The next automatic number follows 02 directly: nothing was taken by the refused letter.
    CHECK(reg->reserve(letter("hc3", "2024-01-06", "BC", "HC")).entry.so_ky_hieu == "03/BC-SYT");
    CHECK(reg->list().size() == 3);
}

BACKEND_TEST(secret_series_own_numbers,
             "a secret series numbers from 01 beside the ordinary one (Điều 15)") {
    auto reg = b.open();
    // Ordinary 01/SYT-VP and secret 01/SYT-VP in the same year: two numbering systems.
    CHECK(reg->reserve(letter("cv1")).entry.so_ky_hieu == "01/SYT-VP");
    CHECK(reg->reserve(letter("cv2")).entry.so_ky_hieu == "02/SYT-VP");
    auto m1 = reg->reserve(letter("m1", "2024-03-01", "Công văn", "MAT"));
    CHECK(m1.outcome == ReserveOutcome::Created);
    CHECK(m1.entry.so_ky_hieu == "01/SYT-VP");
    CHECK(m1.entry.series == "MAT");
    // Each continues without a gap.
    CHECK(reg->reserve(letter("m2", "2024-03-02", "Công văn", "MAT")).entry.number == 2);
    CHECK(reg->reserve(letter("cv3", "2024-03-02")).entry.number == 3);
    CHECK(reg->reserve(letter("m3", "2024-03-03", "QĐ", "MAT")).entry.so_ky_hieu == "03/QĐ-SYT");
    ListFilter f;
    f.year = 2024;
    std::vector<std::string> numbers;
    for (const auto& e : reg->list(f)) numbers.push_back(e.series + " " + e.so_ky_hieu);
    CHECK(numbers == std::vector<std::string>{"HC 01/SYT-VP", "HC 02/SYT-VP", "HC 03/SYT-VP",
                                              "MAT 01/SYT-VP", "MAT 02/SYT-VP", "MAT 03/QĐ-SYT"});
    // Within its own series a number is still unique: a hand-numbered secret 02 is refused.
    auto clash = letter("m-late", "2024-03-04", "Công văn", "MAT");
    clash.number = 2;
    auto msg = error_of([&] { reg->reserve(clash); }, Code::Conflict);
    CHECK_THAT(msg,
               Catch::Contains("02/SYT-VP") && Catch::Contains("m2") && Catch::Contains("sổ MAT"));
}

BACKEND_TEST(one_system_per_secrecy,
             "ordinary series share one numbering system, secret series another") {
    auto reg = b.open();
    // The agency switched from one shared series to per-type series during the year: the
    // per-type series would hand out 01/QĐ-SYT a second time among ordinary documents: refused.
    CHECK(reg->reserve(letter("hc1", "2024-01-05", "QĐ", "HC")).entry.so_ky_hieu == "01/QĐ-SYT");
    auto msg =
        error_of([&] { reg->reserve(letter("qd1", "2024-06-05", "QĐ", "QD")); }, Code::Conflict);
    CHECK_THAT(msg, Catch::Contains("01/QĐ-SYT") && Catch::Contains("sổ HC") &&
                        Catch::Contains("hc1") && Catch::Contains("sổ văn bản thường"));
    CHECK_FALSE(reg->find_by_key("qd1").has_value());
    // The same among secret series (MAT, then MAT-QD).
    CHECK(reg->reserve(letter("m1", "2024-01-05", "QĐ", "MAT")).entry.so_ky_hieu == "01/QĐ-SYT");
    msg = error_of([&] { reg->reserve(letter("mqd1", "2024-06-05", "QĐ", "MAT-QD")); },
                   Code::Conflict);
    CHECK_THAT(msg, Catch::Contains("01/QĐ-SYT") && Catch::Contains("sổ MAT,") &&
                        Catch::Contains("sổ văn bản mật"));
    // Between the two systems the same Số + ký hiệu is allowed (checked above: HC and MAT).
    CHECK(reg->list().size() == 2);
}

BACKEND_TEST(lookup_by_series, "a number found in two series needs the series") {
    auto reg = b.open();
    reg->reserve(letter("cv1"));
    reg->reserve(letter("m1", "2024-03-01", "Công văn", "MAT"));
    reg->reserve(letter("cv2"));
    // Ambiguous: the message names both series and asks for --series.
    auto msg = error_of([&] { reg->find("SYT", 2024, "01/SYT-VP"); }, Code::InvalidArgument);
    CHECK_THAT(msg, Catch::Contains("01/SYT-VP") && Catch::Contains("HC") &&
                        Catch::Contains("MAT") && Catch::Contains("--series"));
    error_of([&] { reg->void_entry("SYT", 2024, "01/SYT-VP", "nhầm", "clerk"); },
             Code::InvalidArgument);
    CHECK(reg->find("SYT", 2024, "01/SYT-VP", "MAT")->key == "m1");
    CHECK(reg->find("", 2024, "1/SYT-VP", "HC")->key == "cv1");
    // Unique numbers need no series; a series that does not hold the number finds nothing.
    CHECK(reg->find("SYT", 2024, "02/SYT-VP")->key == "cv2");
    CHECK_FALSE(reg->find("SYT", 2024, "02/SYT-VP", "MAT").has_value());
    // Voiding with the series touches that entry only.
    auto v = reg->void_entry("SYT", 2024, "01/SYT-VP", "Soạn nhầm", "clerk", "MAT");
    CHECK(v.key == "m1");
    CHECK(reg->find_by_key("m1")->status == Status::Void);
    CHECK(reg->find_by_key("cv1")->status == Status::Reserved);
}
