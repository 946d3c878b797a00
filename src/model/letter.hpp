// A letter (văn bản hành chính) as the secretariat writes it in samples/letters/*.json, loaded and
// validated with messages that name the file, the JSON pointer and the line. The format is
// described in docs/letters.md and schemas/letter.schema.json.
#pragma once

#include <algorithm>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/json_source.hpp"
#include "vn/doc_types.hpp"

namespace vanban::model {

// A document type of Nghị định 30/2020, Phụ lục III, named by its ASCII id in letters
// (vn/doc_types.hpp holds the one table of types).
using LetterType = vn::DocType;

// Every type a letter may have; find_letter_type returns nullptr for an unknown id.
inline std::span<const LetterType> letter_types() {
    return vn::doc_types();
}
inline const LetterType* find_letter_type(std::string_view id) {
    return vn::find_doc_type_by_id(id);
}

// muc: a section heading ("I. MỤC ĐÍCH, YÊU CẦU" in a kế hoạch or báo cáo); the khoản after it
// are numbered from 1 again. Top level only.
enum class BlockKind { p, khoan, diem, dash, plus, table, muc };

struct LetterTable {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;  // numbers are kept as written in the JSON
    std::vector<bool> numeric;                   // per column: every cell a JSON number
};

// One block of the body. `text` keeps the inline markup (**bold**, *italic*).
struct Block {
    BlockKind kind = BlockKind::p;
    std::string text;
    std::vector<Block> children;  // khoan only
    LetterTable table;            // table only
};

struct Appendix {
    std::string title;  // printed upper bold under "Phụ lục I"
    std::string subtitle;
    std::vector<Block> body;
};

struct Drafter {
    std::string initials;
    int copies = 0;  // 0: not printed
};

// The images of an electronic copy (Nghị định 30/2020, Phụ lục I, II): the signer's signature
// (PNG, transparent) centred between the title and the name, and the issuing body's seal (red
// PNG) overlapping about the left third of it. Canonical paths, checked to lie inside the
// letter's own folder.
struct Electronic {
    std::filesystem::path signature;
    std::filesystem::path seal;
};

struct Letter {
    std::string source;  // file name, for messages
    std::string id;
    std::string agency;
    std::string drafting_unit;  // may be empty (ký hiệu is then the agency alone)
    const LetterType* type = nullptr;
    std::optional<int> number;  // absent: a draft, "Số:      /SYT-VP"
    // ISO "YYYY-MM-DD", validated; a draft may give the year alone ("2023": day and month
    // printed blank, filled when the registry numbers it).
    std::string date;
    std::string trich_yeu;
    std::string urgency;  // "", "khan", "thuong-khan", "hoa-toc"
    // Dấu chỉ độ mật (box 10a): "", "mat", "toi-mat", "tuyet-mat". A secret letter is numbered
    // in the agency's secret series (Điều 15).
    std::string secrecy;
    std::vector<std::string> kinh_gui;
    std::vector<std::string> can_cu;
    std::vector<Block> body;
    std::string signer;
    std::optional<std::string> authority;  // override of the signer's authority ("" = none)
    std::optional<std::string> authority_title;
    std::vector<std::string> noi_nhan;
    std::string luu;  // "VT, VP (Nhâm)"
    std::optional<Drafter> drafter;
    std::vector<Appendix> appendices;
    std::optional<Electronic> electronic;

    // The draft's day and month are blank: `date` is "YYYY".
    bool date_blank() const {
        return date.size() == 4 &&
               std::all_of(date.begin(), date.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
               date[0] != '0';
    }

    // JSON pointers of fields, for messages raised after loading (unknown signer, ...).
    std::string signer_pointer = "/signer";
};

// What a letter can hold and still be printed whole, at the decree's sizes, within the PDF
// step's time limit: any one text field (a paragraph, a table cell …) at most kMaxFieldChars
// code points (about 7 pages), the body and appendices together at most kMaxLetterChars
// (about 70 pages). Longer input is refused with the field's pointer, never cut.
constexpr std::size_t kMaxFieldChars = 20000;
constexpr std::size_t kMaxLetterChars = 200000;

// Vietnamese upper-case label of an urgency id ("khan" -> "KHẨN"); empty for "".
std::string urgency_label(std::string_view id);
// Label of a secrecy level ("toi-mat" -> "TỐI MẬT"), the three of the Law on protecting state
// secrets (2018); empty for "" and for an unknown id.
std::string secrecy_label(std::string_view id);

// Parses and validates a letter. Throws InputError naming file, pointer and line.
Letter parse_letter(const JsonDocument& doc);
Letter load_letter(const std::string& path);

}  // namespace vanban::model
