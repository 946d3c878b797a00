#include "poppler.hpp"

#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace vanban::pdf::test {

namespace fs = std::filesystem;

namespace {

std::string quote(const fs::path& p) {
    return "'" + p.string() + "'";
}

std::string xml_unescape(std::string s) {
    const std::pair<const char*, const char*> map[] = {
        {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
    for (auto [from, to] : map) {
        for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos)) {
            s.replace(pos, std::strlen(from), to);
            pos += std::strlen(to);
        }
    }
    return s;
}

}  // namespace

std::string run(const std::string& command) {
    FILE* p = ::popen((command + " 2>/dev/null").c_str(), "r");
    if (p == nullptr) throw std::runtime_error("popen failed: " + command);
    std::string out;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
    int rc = ::pclose(p);
    if (rc != 0)
        throw std::runtime_error("command failed (" + std::to_string(rc) + "): " + command);
    return out;
}

std::vector<Word> words(const fs::path& pdf) {
    std::string xml = run("pdftotext -bbox-layout " + quote(pdf) + " -");
    std::vector<Word> result;
    int page = 0;
    static const std::regex word_re(
        R"re(<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>)re");
    std::istringstream in(xml);
    std::string line;
    while (std::getline(in, line)) {
        if (line.find("<page ") != std::string::npos) ++page;
        std::smatch m;
        if (std::regex_search(line, m, word_re)) {
            result.push_back({page, std::stod(m[1]), std::stod(m[2]), std::stod(m[3]),
                              std::stod(m[4]), xml_unescape(m[5])});
        }
    }
    return result;
}

std::vector<FontInfo> fonts(const fs::path& pdf) {
    std::string out = run("pdffonts " + quote(pdf));
    std::vector<FontInfo> result;
    std::istringstream in(out);
    std::string line;
    std::getline(in, line);  // header
    std::getline(in, line);  // dashes
    while (std::getline(in, line)) {
        std::istringstream ls(line);
        FontInfo f;
        ls >> f.name;
        if (auto plus = f.name.find('+'); plus == 6) f.name = f.name.substr(7);
        // Columns after the name: type (one or two words), encoding, emb, sub, uni, object id.
        std::vector<std::string> rest;
        std::string tok;
        while (ls >> tok) rest.push_back(tok);
        if (rest.size() < 6) continue;
        f.embedded = rest[rest.size() - 5] == "yes";
        for (size_t i = 0; i + 6 < rest.size(); ++i) f.type += (i ? " " : "") + rest[i];
        result.push_back(f);
    }
    return result;
}

std::vector<std::string> foreign_fonts(const fs::path& pdf) {
    static const std::regex liberation_serif(R"(LiberationSerif(-(Bold|Italic|BoldItalic))?)");
    std::vector<std::string> result;
    for (const auto& f : fonts(pdf)) {
        if (!f.embedded || !std::regex_match(f.name, liberation_serif))
            result.push_back(f.name + " (" + f.type +
                             (f.embedded ? ", embedded)" : ", not embedded)"));
    }
    return result;
}

std::string info(const fs::path& pdf, const std::string& field) {
    std::string out = run("pdfinfo -isodates " + quote(pdf));
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field + ":", 0) == 0) {
            std::string v = line.substr(field.size() + 1);
            size_t b = v.find_first_not_of(' ');
            return b == std::string::npos ? std::string() : v.substr(b);
        }
    }
    return {};
}

std::pair<double, double> page_size(const fs::path& pdf, int page) {
    std::string p = std::to_string(page);
    std::string out = run("pdfinfo -f " + p + " -l " + p + " " + quote(pdf));
    static const std::regex re(R"(Page +\d+ size: +([\d.]+) x ([\d.]+) pts)");
    std::smatch m;
    if (!std::regex_search(out, m, re)) throw std::runtime_error("no page size in: " + out);
    return {std::stod(m[1]), std::stod(m[2])};
}

std::string text(const fs::path& pdf) {
    return run("pdftotext -layout " + quote(pdf) + " -");
}

BoxMm dark_box(const fs::path& pdf, int page, int dpi, BoxMm region) {
    std::string p = std::to_string(page);
    std::string pgm = run("pdftoppm -gray -r " + std::to_string(dpi) + " -f " + p + " -l " + p +
                          " " + quote(pdf));
    // Binary PGM: "P5\n<w> <h>\n255\n" then one byte per pixel.
    std::istringstream hdr(pgm);
    std::string magic;
    int w, h, maxval;
    hdr >> magic >> w >> h >> maxval;
    size_t offset = static_cast<size_t>(hdr.tellg()) + 1;
    const double px_per_mm = dpi / 25.4;
    auto clamp = [](int v, int hi) { return v < 0 ? 0 : (v > hi ? hi : v); };
    int x0 = clamp(static_cast<int>(region.x0 * px_per_mm), w),
        x1 = clamp(static_cast<int>(region.x1 * px_per_mm), w);
    int y0 = clamp(static_cast<int>(region.y0 * px_per_mm), h),
        y1 = clamp(static_cast<int>(region.y1 * px_per_mm), h);
    int minx = w, miny = h, maxx = -1, maxy = -1;
    for (int y = y0; y < y1; ++y) {
        const unsigned char* row = reinterpret_cast<const unsigned char*>(pgm.data() + offset) +
                                   static_cast<size_t>(y) * w;
        for (int x = x0; x < x1; ++x) {
            if (row[x] < 128) {
                minx = std::min(minx, x);
                maxx = std::max(maxx, x);
                miny = std::min(miny, y);
                maxy = std::max(maxy, y);
            }
        }
    }
    if (maxx < 0) return {};
    return {minx / px_per_mm, miny / px_per_mm, (maxx + 1) / px_per_mm, (maxy + 1) / px_per_mm};
}

}  // namespace vanban::pdf::test
