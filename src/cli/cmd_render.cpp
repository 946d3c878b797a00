// `vanban render TEMPLATE --data DATA.json [--templates DIR]...`: renders one template with JSON
// data to standard output. The whole output is rendered into memory first, so an error leaves
// standard output empty; errors go to standard error as "FILE:LINE:COL: lỗi: ..." in Vietnamese.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "model/json_source.hpp"
#include "template/engine.hpp"
#include "vn/text.hpp"

namespace vanban::cli {

namespace {

constexpr int kExitError = 1;  // template or data error
constexpr int kExitUsage = 2;

void print_help(std::ostream& out) {
    out << "Cách dùng: vanban render MẪU --data DỮ_LIỆU.json [--templates THƯ_MỤC]...\n\n"
           "Kết xuất MẪU (cú pháp Jinja2) với dữ liệu JSON và ghi kết quả ra đầu ra chuẩn.\n"
           "Mẫu có đuôi .html/.htm được tự động thoát ký tự HTML.\n\n"
           "Tham số:\n"
           "  --data TỆP          Tệp dữ liệu JSON (bắt buộc); gốc phải là một đối tượng\n"
           "  --templates THƯ_MỤC Thư mục tìm mẫu cho include/extends (dùng được nhiều lần);\n"
           "                      thư mục của MẪU luôn được tìm trước\n"
           "  --help, -h          In hướng dẫn này\n\n"
           "Mã thoát: 0 thành công, 1 lỗi mẫu hoặc dữ liệu, 2 dùng sai lệnh.\n";
}

int usage_error(const std::string& msg) {
    std::cerr << "vanban render: " << msg << "\nXem: vanban render --help\n";
    return kExitUsage;
}

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return !in.bad();
}

// nlohmann's message -> Vietnamese, keeping the offending token.
std::string json_message(const std::string& what) {
    std::string detail = what;
    if (auto p = detail.find(": "); p != std::string::npos) detail = detail.substr(p + 2);
    if (auto p = detail.find(" - "); p != std::string::npos) detail = detail.substr(p + 3);
    std::string msg;
    if (detail.find("unexpected end of input") != std::string::npos) {
        msg = "tệp kết thúc khi JSON chưa đầy đủ";
    } else if (detail.find("ill-formed UTF-8") != std::string::npos) {
        msg = "chuỗi chứa byte UTF-8 không hợp lệ";
    } else if (detail.find("invalid string") != std::string::npos) {
        msg = "chuỗi không hợp lệ (ký tự điều khiển hoặc mã thoát sai)";
    } else if (detail.find("invalid literal") != std::string::npos) {
        msg = "giá trị không hợp lệ (chỉ chấp nhận chuỗi, số, true, false, null, mảng, đối tượng)";
    } else if (detail.find("invalid number") != std::string::npos) {
        msg = "số không hợp lệ";
    } else if (auto p = detail.find("unexpected "); p != std::string::npos) {
        std::string tok = detail.substr(p + 11);
        if (auto e = tok.find("; expected"); e != std::string::npos) tok = tok.substr(0, e);
        msg = "gặp " + tok + " không mong đợi";
    } else {
        msg = "cú pháp sai";
    }
    if (auto p = detail.find("; expected "); p != std::string::npos && msg.starts_with("gặp")) {
        std::string exp = detail.substr(p + 11);
        if (exp == "string literal")
            exp = "một chuỗi (tên khóa)";
        else if (exp == "value")
            exp = "một giá trị";
        msg += "; mong đợi " + exp;
    }
    return msg;
}

// Line and column of the start of the offending token, as Python's json module reports them.
// nlohmann's byte offset points just past the character that failed, which for a bad literal
// can be the newline after it.
void json_position(const std::string& text, std::size_t byte, bool bad_token, int& line,
                   int& column) {
    std::size_t p = byte == 0 ? 0 : std::min(byte - 1, text.size());
    // A bad literal or number is detected at the character after it.
    if (bad_token && p > 0 && p < text.size() && text[p - 1] != '"' && text[p - 1] != ',' &&
        text[p - 1] != ':')
        --p;
    auto is_ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    auto is_delim = [&](char c) {
        return is_ws(c) || c == ',' || c == ':' || c == '[' || c == '{' || c == ']' || c == '}';
    };
    if (p >= text.size() || (is_ws(text[p]) && p > 0)) {
        while (p > 0 && (p >= text.size() || is_ws(text[p]))) --p;
    }
    if (p < text.size() && !is_delim(text[p]))
        while (p > 0 && !is_delim(text[p - 1]) && text[p - 1] != '"') --p;
    const model::TextPosition pos = model::position_of(text, p);
    line = static_cast<int>(pos.line);
    column = static_cast<int>(pos.column);
}

}  // namespace

int run_render(Args args) {
    std::string tpl_path, data_path;
    std::vector<std::string> dirs;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view a = args[i];
        if (a == "--help" || a == "-h") {
            print_help(std::cout);
            return 0;
        }
        if (a == "--data" || a == "--templates") {
            if (i + 1 >= args.size())
                return usage_error("thiếu giá trị sau '" + std::string(a) + "'");
            (a == "--data" ? data_path : dirs.emplace_back()) = std::string(args[++i]);
            continue;
        }
        if (a.starts_with("--data=")) {
            data_path = std::string(a.substr(7));
            continue;
        }
        if (a.starts_with("--templates=")) {
            dirs.emplace_back(a.substr(12));
            continue;
        }
        if (a.starts_with("-") && a != "-")
            return usage_error("tùy chọn không xác định '" + std::string(a) + "'");
        if (!tpl_path.empty())
            return usage_error("chỉ được chỉ định một mẫu (đã có '" + tpl_path + "')");
        tpl_path = std::string(a);
    }
    if (tpl_path.empty()) return usage_error("thiếu tên tệp mẫu");
    if (data_path.empty()) return usage_error("thiếu tùy chọn --data DỮ_LIỆU.json");

    std::string data_text;
    if (!read_file(data_path, data_text)) {
        std::cerr << data_path << ": lỗi: không đọc được tệp dữ liệu\n";
        return kExitError;
    }
    nlohmann::ordered_json data;
    try {
        data = nlohmann::ordered_json::parse(data_text);
    } catch (const nlohmann::json::parse_error& e) {
        int line, column;
        const std::string what = e.what();
        json_position(data_text, e.byte,
                      what.find("invalid literal") != std::string::npos ||
                          what.find("invalid number") != std::string::npos,
                      line, column);
        std::cerr << data_path << ':' << line << ':' << column
                  << ": lỗi: JSON không hợp lệ: " << json_message(e.what()) << '\n';
        return kExitError;
    }
    if (!data.is_object()) {
        std::cerr << data_path << ":1:1: lỗi: gốc của dữ liệu JSON phải là một đối tượng { ... }\n";
        return kExitError;
    }

    std::filesystem::path tp(tpl_path);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(tp, ec)) {
        std::cerr << tpl_path << ": lỗi: không tìm thấy tệp mẫu\n";
        return kExitError;
    }
    tpl::Value context;
    try {
        context = tpl::value_from_json(data);
    } catch (const tpl::TemplateError& e) {
        // Data errors (a string that is not UTF-8) name the data file and the JSON pointer.
        std::cerr << data_path << ": lỗi: dữ liệu không hợp lệ: " << e.message << '\n';
        return kExitError;
    }
    try {
        tpl::Environment env;
        env.add_search_path(tp.has_parent_path() ? tp.parent_path() : std::filesystem::path("."));
        for (const auto& d : dirs) env.add_search_path(d);
        auto t = env.load(tp.filename().string());
        std::string out = t->render(context);
        std::cout.write(out.data(), std::streamsize(out.size()));
        std::cout.flush();
        return std::cout ? 0 : kExitError;
    } catch (const tpl::TemplateError& e) {
        if (e.line > 0)
            std::cerr << e.what() << '\n';
        else
            std::cerr << e.file << ": lỗi: " << e.message << '\n';
        return kExitError;
    } catch (const vn::InvalidUtf8& e) {
        // The engine reports bad UTF-8 as TemplateError; this is a last line of defence so the
        // user still gets a message instead of std::terminate.
        std::cerr << tpl_path << ": lỗi: văn bản không phải UTF-8 hợp lệ (byte thứ " << e.offset
                  << ")\n";
        return kExitError;
    } catch (const std::bad_alloc&) {
        std::cerr << tpl_path << ": lỗi: không đủ bộ nhớ để kết xuất mẫu\n";
        return kExitError;
    } catch (const std::exception& e) {
        std::cerr << tpl_path << ": lỗi: không kết xuất được mẫu: " << e.what() << '\n';
        return kExitError;
    }
}

}  // namespace vanban::cli
