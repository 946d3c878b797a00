// The dispatch registry (sổ đăng ký văn bản đi): every number an agency issues, behind one
// interface with two backends, an SQLite file (default) and a shared PostgreSQL database.
//
// Protocol that keeps numbers from being lost or skipped (Điều 15: in order, never reused):
//   1. reserve(letter)  one transaction takes max+1 of the letter's series (or records its
//                       explicit number) with status `reserved`, the letter's stable key and the
//                       hash of its content. Running it again with the same key returns the same
//                       number and takes no new one.
//   2. the caller renders the document and writes it atomically (temp file + rename).
//   3. commit(key, file) marks the entry `issued` with its output file.
// A process killed between 1 and 3 leaves a `reserved` entry; running the same input again
// finds it by key, renders again and commits, with the same number. A reservation whose document
// can never be produced is voided with a reason (void_entry): it stays in the book, is never
// reused and is never silently dropped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vanban::registry {

enum class Status { Reserved, Issued, Void };
std::string_view status_name(Status s);  // "reserved", "issued", "void" (stored as such)
std::string_view status_label(Status s);  // Vietnamese: "đã giữ số", "đã ban hành", "đã hủy"

struct Date {
    int year = 0, month = 0, day = 0;
    std::string iso() const;       // "2024-02-05"
    std::string short_vn() const;  // "05/02/2024", "15/3/2024" (the Ngày tháng column)
    static std::optional<Date> parse_iso(std::string_view s);  // validates the calendar date
    friend bool operator==(const Date&, const Date&) = default;
};

// What the caller knows about a letter when it asks for (or records) its number.
struct LetterInfo {
    std::string key;           // stable: the letter's `id`, or derived from agency and content
    std::string content_hash;  // of everything that goes into the document
    std::string agency;        // abbreviation of the issuing agency: "SYT", "UBND"
    std::string unit;          // drafting unit: "VP" (used in a công văn's ký hiệu)
    std::string doc_type;      // type name or abbreviation, see doc_types.hpp: "Công văn", "QĐ"
    std::string series;        // from series_for(); the caller applies the agency's policy
    Date date;                 // the letter's date; its year selects the series year
    std::string trich_yeu;     // summary (for công văn the V/v line)
    std::string signer;
    std::string recipients;  // Nơi nhận, one per line
    std::string luu;         // the `Lưu` line: "VT, VP"
    int copies = 0;
    std::optional<int> number;  // an explicit number the letter already has
    std::string created_by;     // who asked (user@host); empty: filled from the environment
};

struct Entry {
    std::string agency, series;
    int year = 0;
    int number = 0;
    std::string so_ky_hieu;  // "05/SYT-VP"
    std::string doc_type;    // the type's name: "Công văn"
    std::string unit;
    Date date;
    std::string trich_yeu, signer, recipients, luu;
    int copies = 0;
    Status status = Status::Reserved;
    std::string void_reason;
    std::string key, content_hash, output_file;
    std::string created_at, created_by, updated_at;
};

enum class ReserveOutcome {
    Created,         // a new number was taken (or an explicit one recorded)
    Existing,        // the key was known with the same content: same number, nothing taken
    ContentChanged,  // the key was known with another content hash: same number; a reserved entry
                     // is updated to the new content, an issued one is left unchanged
};

struct Reservation {
    Entry entry;
    ReserveOutcome outcome = ReserveOutcome::Created;
};

// For ContentChanged: the Vietnamese notice the letters stage shows ("the letter changed since
// it was numbered"), naming the key, the number and whether the register followed the change.
std::string content_changed_notice(const Reservation& r);

struct ListFilter {
    std::optional<std::string> agency;
    std::optional<int> year;
    std::optional<Status> status;
};

// One page of the register, filtered, counted and paged by the database itself (the web's
// register page: a year of 10,000 entries is never read whole for a page of 50).
struct PageQuery {
    std::optional<std::string> agency, series;
    std::optional<std::string> doc_type;  // the type's name, as stored: "Công văn"
    std::optional<int> year;
    std::optional<Status> status;
    // Case-insensitive substrings (Vietnamese lower case: "HẾT" finds "hết"); empty: any.
    std::string signer;  // in Người ký
    std::string text;    // in Trích yếu, Số + ký hiệu or Nơi nhận
    std::size_t limit = 50, offset = 0;
    // Keyset paging: the page right after (or right before) this entry, sought through the
    // register order's index instead of skipping `offset` rows (offset is then ignored). Without
    // one, a page nearer the end of the result is read backwards from the end, so the last page
    // costs what the first does.
    struct Key {
        std::string agency, series;
        int year = 0;
        std::int64_t number = 0;
    };
    std::optional<Key> after, before;
};

struct Page {
    std::vector<Entry> entries;  // in register order, at most `limit`
    std::size_t total = 0;       // entries matching the filters, all pages
};

class RegistryError : public std::runtime_error {
  public:
    enum class Code {
        InvalidArgument,  // bad input from the caller (message says which field)
        NotFound,         // no such number / key
        Conflict,         // explicit number taken by another letter, key reused elsewhere
        Voided,           // the letter's number was voided; it cannot be issued
        Corrupt,          // not a registry / not a database / damaged
        ReadOnly,         // the registry cannot be written
        TooNew,           // written by a newer vanban
        Unreachable,      // PostgreSQL server not reachable / login refused
        Backend,          // any other database error
    };
    RegistryError(Code c, const std::string& message) : std::runtime_error(message), code(c) {}
    Code code;
};

class Registry {
  public:
    virtual ~Registry() = default;

    // Where the registry lives, for messages: a file path or a URL without its password.
    virtual std::string location() const = 0;

    // Step 1 of the protocol (see the top of this file). Throws RegistryError.
    virtual Reservation reserve(const LetterInfo& letter) = 0;
    // Step 3: reserved -> issued with the output file. Committing an issued entry again with the
    // same file is a no-op; a voided entry cannot be committed.
    virtual Entry commit(std::string_view key, std::string_view output_file) = 0;
    // Undoes a reserve() whose document could not be produced, in the same run that took the
    // number (outcome Created): the entry is deleted when it is still `reserved` under this
    // key and still the last number of its series, so that no number is skipped and the next
    // letter gets it. Otherwise (another letter was numbered after it meanwhile, or it is issued
    // or void) nothing changes and false is returned: the reservation stays for a rerun to
    // complete, as after a kill. Throws RegistryError.
    virtual bool release(std::string_view key) = 0;
    // Marks an entry void with a reason. It stays in the register; its number is never reused.
    // `series` may be empty as in find().
    virtual Entry void_entry(std::string_view agency, int year, std::string_view so_ky_hieu,
                             std::string_view reason, std::string_view by = {},
                             std::string_view series = {}) = 0;

    virtual std::optional<Entry> find_by_key(std::string_view key) = 0;
    // Agency may be empty: then the number is looked up in every agency of the file; if several
    // agencies have it, RegistryError(InvalidArgument) asks for the agency. Series may be empty:
    // then every series of the agency; an agency's ordinary and secret series may both hold the
    // same Số + ký hiệu (Điều 15), and then RegistryError(InvalidArgument) names the series and
    // asks for one (--series).
    virtual std::optional<Entry> find(std::string_view agency, int year,
                                      std::string_view so_ky_hieu,
                                      std::string_view series = {}) = 0;
    // In register order: agency, year, series, number.
    virtual std::vector<Entry> list(const ListFilter& filter = {}) = 0;
    // One page of the entries that match `q`, in register order, and how many match in all.
    virtual Page page(const PageQuery& q) = 0;

    // Runs `fn` as one write transaction: the registry calls `fn` makes (reserve, commit …)
    // join it, each in a savepoint of its own (a call that throws undoes only its own changes,
    // its exception reaches `fn`), and all become durable at one commit: one disk flush for
    // many numbers (group commit), and the same cross-process locking as a single call (SQLite
    // BEGIN IMMEDIATE, PostgreSQL's series row lock). On a transient conflict the whole of
    // `fn` runs again, so `fn` must publish its results only after batch() returns. A failed
    // commit throws RegistryError and nothing of `fn` is kept. Not reentrant across threads:
    // the caller serialises its use of one Registry as for every other call.
    virtual void batch(const std::function<void()>& fn) = 0;

    virtual int schema_version() = 0;
};

inline constexpr int kSchemaVersion = 4;

enum class OpenMode { ReadWrite, ReadOnly };

// Opens `spec`: "postgresql://…" / "postgres://…" for PostgreSQL, anything else is a path of
// an SQLite file (created on first write). An empty spec means default_registry_spec().
// Migrates an older schema (ReadWrite only), refuses a newer one. Throws RegistryError.
std::unique_ptr<Registry> open_registry(std::string_view spec, OpenMode mode = OpenMode::ReadWrite);

// $VANBAN_REGISTRY if set and non-empty, else "vanban.db" in the working folder.
std::string default_registry_spec();

// user@host of this process, for created_by.
std::string current_actor();

}  // namespace vanban::registry
