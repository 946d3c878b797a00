#include "model/letter.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "vn/format.hpp"
#include "vn/text.hpp"

namespace vanban::model {

namespace {

const char* const kKnownKeys[] = {"$schema",  "id",      "agency",     "drafting_unit", "type",
                                  "number",   "date",    "trich_yeu",  "urgency",       "secrecy",
                                  "kinh_gui", "can_cu",  "body",       "signer",        "noi_nhan",
                                  "luu",      "drafter", "appendices", "electronic"};

std::size_t blocks_chars(const std::vector<Block>& blocks) {
    std::size_t n = 0;
    for (const auto& b : blocks) {
        n += vn::codepoint_count(b.text) + blocks_chars(b.children);
        for (const auto& c : b.table.columns) n += vn::codepoint_count(c);
        for (const auto& r : b.table.rows)
            for (const auto& c : r) n += vn::codepoint_count(c);
    }
    return n;
}

// Letters are printed: a control character (tab, newline, NUL, C1 controls) has no place in
// them and usually means text pasted from another program.
void check_no_controls(const JsonDocument& doc, std::string_view ptr, const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        char32_t cp = vn::decode_utf8(s, i);
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
            char hex[16];
            std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
            doc.fail(ptr,
                     std::string("chuỗi chứa ký tự điều khiển ") + hex +
                         " (xuống dòng, tab…) — mỗi đoạn văn là một khối riêng trong \"body\"");
        }
    }
}

std::string text_at(const JsonDocument& doc, const Json& v, std::string_view ptr,
                    bool allow_empty = false) {
    std::string s = doc.string_value(v, ptr);
    if (const std::size_t n = vn::codepoint_count(s); n > kMaxFieldChars)
        doc.fail(ptr, "chuỗi dài " + vn::number(static_cast<long long>(n)) +
                          " ký tự, quá giới hạn " +
                          vn::number(static_cast<long long>(kMaxFieldChars)) +
                          " ký tự của một trường (khoảng 7 trang): chia thành nhiều đoạn (nhiều "
                          "khối trong \"body\") để văn bản in đủ mọi chữ");
    check_no_controls(doc, ptr, s);
    if (!allow_empty && s.find_first_not_of(' ') == std::string::npos)
        doc.fail(ptr, "chuỗi không được để trống");
    return s;
}

std::string text_member(const JsonDocument& doc, const Json& obj, std::string_view ptr,
                        const char* key) {
    return text_at(doc, doc.member(obj, ptr, key), pointer_append(ptr, key));
}

std::vector<std::string> text_list(const JsonDocument& doc, const Json& obj, std::string_view ptr,
                                   const char* key) {
    std::vector<std::string> out;
    const Json* v = doc.optional_member(obj, key);
    if (!v) return out;
    std::string p = pointer_append(ptr, key);
    doc.array_at(*v, p);
    for (std::size_t i = 0; i < v->size(); ++i)
        out.push_back(text_at(doc, (*v)[i], pointer_append(p, i)));
    return out;
}

// A number cell as Vietnamese writes it (1.234,5), with as many decimals as the JSON has.
std::string table_number(const Json& v) {
    if (v.is_number_integer()) return vn::number(static_cast<long long>(v.get<std::int64_t>()));
    std::string written = v.dump();
    auto dot = written.find('.');
    int decimals = 0;
    if (dot != std::string::npos)
        while (dot + 1 + decimals < written.size() &&
               std::isdigit(static_cast<unsigned char>(written[dot + 1 + decimals])))
            ++decimals;
    return vn::number(v.get<double>(), decimals);
}

LetterTable parse_table(const JsonDocument& doc, const Json& v, const std::string& ptr) {
    doc.object_at(v, ptr);
    LetterTable t;
    const Json& cols = doc.array_at(doc.member(v, ptr, "columns"), pointer_append(ptr, "columns"));
    if (cols.empty()) doc.fail(pointer_append(ptr, "columns"), "bảng cần ít nhất một cột");
    t.columns = text_list(doc, v, ptr, "columns");
    t.numeric.assign(t.columns.size(), true);
    std::string rp = pointer_append(ptr, "rows");
    const Json& rows = doc.array_at(doc.member(v, ptr, "rows"), rp);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        std::string rowp = pointer_append(rp, r);
        const Json& row = doc.array_at(rows[r], rowp);
        if (row.size() != t.columns.size())
            doc.fail(rowp, "dòng có " + std::to_string(row.size()) + " ô, bảng có " +
                               std::to_string(t.columns.size()) + " cột");
        std::vector<std::string> cells;
        for (std::size_t c = 0; c < row.size(); ++c) {
            std::string cp = pointer_append(rowp, c);
            if (row[c].is_number()) {
                cells.push_back(table_number(row[c]));
            } else {
                t.numeric[c] = false;
                cells.push_back(text_at(doc, row[c], cp, true));
            }
        }
        t.rows.push_back(std::move(cells));
    }
    return t;
}

std::vector<Block> parse_blocks(const JsonDocument& doc, const Json& v, const std::string& ptr,
                                bool nested);

Block parse_block(const JsonDocument& doc, const Json& v, const std::string& ptr, bool nested) {
    doc.object_at(v, ptr);
    static const std::pair<const char*, BlockKind> kinds[] = {
        {"p", BlockKind::p},       {"khoan", BlockKind::khoan}, {"diem", BlockKind::diem},
        {"dash", BlockKind::dash}, {"plus", BlockKind::plus},   {"table", BlockKind::table},
        {"muc", BlockKind::muc}};
    Block b;
    int found = 0;
    for (const auto& [key, kind] : kinds) {
        if (!v.contains(key)) continue;
        ++found;
        b.kind = kind;
        if (kind == BlockKind::table)
            b.table = parse_table(doc, v[key], pointer_append(ptr, key));
        else
            b.text = text_member(doc, v, ptr, key);
    }
    if (found != 1)
        doc.fail(ptr, found == 0 ? "khối nội dung cần đúng một trong các khóa \"p\", \"khoan\", "
                                   "\"diem\", \"dash\", \"plus\", \"table\", \"muc\""
                                 : "khối nội dung chỉ được có một trong các khóa \"p\", \"khoan\", "
                                   "\"diem\", \"dash\", \"plus\", \"table\", \"muc\"");
    for (const auto& [key, value] : v.items()) {
        if (key == "children") continue;
        bool known = std::any_of(std::begin(kinds), std::end(kinds),
                                 [&](const auto& k) { return key == k.first; });
        if (!known) doc.fail(pointer_append(ptr, key), "khóa \"" + key + "\" không được hỗ trợ");
    }
    if (const Json* ch = doc.optional_member(v, "children")) {
        std::string cp = pointer_append(ptr, "children");
        if (b.kind != BlockKind::khoan) doc.fail(cp, "chỉ khối \"khoan\" mới có \"children\"");
        if (nested) doc.fail(cp, "khoản lồng trong khoản không được hỗ trợ");
        b.children = parse_blocks(doc, *ch, cp, true);
    }
    return b;
}

std::vector<Block> parse_blocks(const JsonDocument& doc, const Json& v, const std::string& ptr,
                                bool nested) {
    doc.array_at(v, ptr);
    std::vector<Block> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        std::string p = pointer_append(ptr, i);
        Block b = parse_block(doc, v[i], p, nested);
        if (nested && b.kind == BlockKind::khoan)
            doc.fail(p, "khoản lồng trong khoản không được hỗ trợ");
        if (nested && b.kind == BlockKind::muc)
            doc.fail(p,
                     "mục (\"muc\") chỉ được đặt ở cấp ngoài cùng của nội dung, không trong khoản");
        out.push_back(std::move(b));
    }
    return out;
}

// An image named by the letter, relative to the letter's folder. Data never chooses an arbitrary
// file: an absolute path, "..", or a symbolic link leading out of the folder is refused, and the
// file must be a PNG (the decree's format for signature and seal images).
std::filesystem::path image_at(const JsonDocument& doc, const Json& obj, const char* key) {
    namespace fs = std::filesystem;
    const std::string ptr = pointer_append("/electronic", key);
    const std::string rel = text_member(doc, obj, "/electronic", key);
    const fs::path p(rel);
    bool escapes = p.is_absolute() || p.has_root_name() || p.has_root_directory();
    for (const auto& part : p) escapes = escapes || part == "..";
    if (escapes)
        doc.fail(ptr, "đường dẫn ảnh \"" + rel +
                          "\" phải là đường dẫn tương đối nằm trong thư mục của tệp văn bản "
                          "(không bắt đầu bằng / và không chứa ..)");
    fs::path base = fs::path(doc.name()).parent_path();
    if (base.empty()) base = ".";
    std::error_code ec;
    const fs::path folder = fs::canonical(base, ec);
    const fs::path file = ec ? fs::path() : fs::canonical(base / p, ec);
    if (ec || !fs::is_regular_file(file))
        doc.fail(ptr, "không tìm thấy tệp ảnh \"" + (base / p).string() + "\"");
    const fs::path inside = file.lexically_relative(folder);
    if (inside.empty() || *inside.begin() == "..")
        doc.fail(ptr, "tệp ảnh \"" + rel + "\" trỏ ra ngoài thư mục của tệp văn bản (" +
                          folder.string() + ")");
    std::ifstream in(file, std::ios::binary);
    char magic[8] = {};
    in.read(magic, sizeof magic);
    if (std::string_view(magic, 8) != std::string_view("\x89PNG\r\n\x1a\n", 8))
        doc.fail(ptr, "tệp \"" + rel +
                          "\" không phải ảnh PNG (chữ ký và dấu là ảnh .png nền trong suốt)");
    return file;
}

}  // namespace

std::string urgency_label(std::string_view id) {
    if (id == "khan") return "KHẨN";
    if (id == "thuong-khan") return "THƯỢNG KHẨN";
    if (id == "hoa-toc") return "HỎA TỐC";
    return "";
}

std::string secrecy_label(std::string_view id) {
    if (id == "mat") return "MẬT";
    if (id == "toi-mat") return "TỐI MẬT";
    if (id == "tuyet-mat") return "TUYỆT MẬT";
    return "";
}

Letter parse_letter(const JsonDocument& doc) {
    const Json& root = doc.object_at(doc.root(), "");
    for (const auto& [key, value] : root.items()) {
        if (std::find_if(std::begin(kKnownKeys), std::end(kKnownKeys),
                         [&](const char* k) { return key == k; }) == std::end(kKnownKeys))
            doc.fail(pointer_append("", key),
                     "trường \"" + key + "\" không thuộc định dạng công văn (xem docs/letters.md)");
    }
    Letter l;
    l.source = doc.name();
    l.id = text_member(doc, root, "", "id");
    l.agency = text_member(doc, root, "", "agency");
    if (root.contains("drafting_unit"))
        l.drafting_unit = text_member(doc, root, "", "drafting_unit");

    std::string type = text_member(doc, root, "", "type");
    l.type = find_letter_type(type);
    if (!l.type) {
        std::string known;
        for (const auto& t : letter_types())
            known += (known.empty() ? "" : ", ") + std::string(t.id);
        doc.fail("/type", "loại văn bản \"" + type + "\" không có trong danh sách: " + known);
    }

    if (const Json* n = doc.optional_member(root, "number")) {
        if (!n->is_number_integer() || n->get<std::int64_t>() < 1 ||
            n->get<std::int64_t>() > 999999)
            doc.fail("/number",
                     "số văn bản phải là số nguyên dương (bỏ trường này nếu là dự thảo), "
                     "nhận được " +
                         describe(*n));
        l.number = static_cast<int>(n->get<std::int64_t>());
    }

    l.date = text_member(doc, root, "", "date");
    if (l.date_blank()) {
        // A draft printed before the leader signs: "ngày     tháng     năm 2023". The number and
        // the date are given together at issue, so a numbered letter has its full date.
        if (l.number)
            doc.fail("/date",
                     "văn bản đã có số (\"number\") phải ghi đủ ngày ban hành dạng "
                     "YYYY-MM-DD; chỉ bản dự thảo (chưa có số) mới được để trống ngày, "
                     "tháng (\"date\": \"" +
                         l.date + "\")");
    } else {
        try {
            vn::parse_iso_date(l.date);
        } catch (const vn::FormatError& e) {
            doc.fail("/date", std::string("ngày ban hành phải có dạng YYYY-MM-DD (hoặc chỉ năm "
                                          "YYYY cho bản dự thảo để trống ngày, tháng): ") +
                                  e.what());
        }
    }
    l.trich_yeu = text_member(doc, root, "", "trich_yeu");

    if (root.contains("urgency")) {
        l.urgency = text_member(doc, root, "", "urgency");
        if (urgency_label(l.urgency).empty())
            doc.fail("/urgency",
                     "độ khẩn \"" + l.urgency +
                         "\" không hợp lệ; chỉ nhận \"khan\", \"thuong-khan\", \"hoa-toc\"");
    }
    if (root.contains("secrecy")) {
        l.secrecy = text_member(doc, root, "", "secrecy");
        if (secrecy_label(l.secrecy).empty())
            doc.fail("/secrecy", "độ mật \"" + l.secrecy +
                                     "\" không hợp lệ; chỉ nhận \"mat\" (Mật), \"toi-mat\" "
                                     "(Tối mật), \"tuyet-mat\" (Tuyệt mật); bỏ trường này nếu "
                                     "văn bản không mật");
    }
    l.kinh_gui = text_list(doc, root, "", "kinh_gui");
    // A công văn is addressed (box 9a); a thông báo, kế hoạch, quyết định … may have no Kính gửi.
    if (l.kinh_gui.empty() && l.type->id == "cong-van")
        doc.fail(root.contains("kinh_gui") ? "/kinh_gui" : "",
                 "công văn phải có nơi nhận ở \"kinh_gui\" (dòng \"Kính gửi: …\"), ví dụ "
                 "[\"Các sở, ban, ngành tỉnh\"]; chỉ văn bản có tên loại (thông báo, kế hoạch …) "
                 "mới có thể không có Kính gửi");
    l.can_cu = text_list(doc, root, "", "can_cu");

    l.body = parse_blocks(doc, doc.member(root, "", "body"), "/body", false);
    if (l.body.empty()) doc.fail("/body", "nội dung văn bản (\"body\") không được để trống");

    const Json& signer = doc.member(root, "", "signer");
    if (signer.is_object()) {
        l.signer = text_member(doc, signer, "/signer", "id");
        l.signer_pointer = "/signer/id";
        if (const Json* a = doc.optional_member(signer, "authority")) {
            std::string auth = text_at(doc, *a, "/signer/authority", true);
            static const std::set<std::string> ok = {"", "TM.", "KT.", "TL.", "TUQ.", "Q."};
            if (!ok.count(auth))
                doc.fail("/signer/authority", "thẩm quyền ký \"" + auth +
                                                  "\" không hợp lệ; chỉ nhận TM., KT., TL., TUQ., "
                                                  "Q. hoặc chuỗi rỗng (người đứng đầu ký)");
            l.authority = auth;
        }
        if (signer.contains("authority_title"))
            l.authority_title = text_member(doc, signer, "/signer", "authority_title");
        for (const auto& [key, value] : signer.items())
            if (key != "id" && key != "authority" && key != "authority_title")
                doc.fail(
                    pointer_append("/signer", key),
                    "khóa \"" + key + "\" không được hỗ trợ (chỉ id, authority, authority_title)");
    } else {
        l.signer = text_at(doc, signer, "/signer");
    }

    l.noi_nhan = text_list(doc, root, "", "noi_nhan");
    l.luu = root.contains("luu") ? text_member(doc, root, "", "luu") : "VT";

    if (const Json* d = doc.optional_member(root, "drafter")) {
        doc.object_at(*d, "/drafter");
        Drafter dr;
        dr.initials = text_member(doc, *d, "/drafter", "initials");
        if (d->contains("copies")) {
            auto c = doc.integer_member(*d, "/drafter", "copies");
            if (c < 1 || c > 9999) doc.fail("/drafter/copies", "số bản phải từ 1 đến 9999");
            dr.copies = static_cast<int>(c);
        }
        l.drafter = dr;
    }

    if (const Json* a = doc.optional_member(root, "appendices")) {
        doc.array_at(*a, "/appendices");
        for (std::size_t i = 0; i < a->size(); ++i) {
            std::string p = pointer_append("/appendices", i);
            const Json& o = doc.object_at((*a)[i], p);
            Appendix ap;
            ap.title = text_member(doc, o, p, "title");
            if (o.contains("subtitle")) ap.subtitle = text_member(doc, o, p, "subtitle");
            ap.body = parse_blocks(doc, doc.member(o, p, "body"), pointer_append(p, "body"), false);
            if (ap.body.empty())
                doc.fail(pointer_append(p, "body"), "nội dung phụ lục không được để trống");
            l.appendices.push_back(std::move(ap));
        }
    }

    std::size_t total = blocks_chars(l.body);
    for (const auto& a : l.appendices) total += blocks_chars(a.body);
    if (total > kMaxLetterChars)
        doc.fail("/body", "nội dung văn bản và phụ lục dài " +
                              vn::number(static_cast<long long>(total)) + " ký tự, quá giới hạn " +
                              vn::number(static_cast<long long>(kMaxLetterChars)) +
                              " ký tự (khoảng 70 trang) mà một văn bản được chuyển sang PDF trọn "
                              "vẹn; tách thành nhiều văn bản hoặc đưa số liệu vào tệp đính kèm");

    if (const Json* e = doc.optional_member(root, "electronic")) {
        doc.object_at(*e, "/electronic");
        for (const auto& [key, value] : e->items())
            if (key != "signature" && key != "seal")
                doc.fail(pointer_append("/electronic", key),
                         "khóa \"" + key + "\" không được hỗ trợ (chỉ signature, seal)");
        l.electronic = Electronic{image_at(doc, *e, "signature"), image_at(doc, *e, "seal")};
    }
    return l;
}

Letter load_letter(const std::string& path) {
    return parse_letter(JsonDocument::load(path));
}

}  // namespace vanban::model
