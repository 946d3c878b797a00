#include "pdf/combined.hpp"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>

#include <cstdio>
#include <map>
#include <optional>
#include <string_view>

#include "pdf/link_target.hpp"

namespace vanban::pdf {

namespace {

constexpr std::string_view kMarker = "vb-part-";

// The head without its <title> (titles differ from letter to letter and change nothing on the
// page), and the body's inside; nothing if the document is not shaped as expected.
struct Split {
    std::string_view head, body;
    std::string head_without_title;
};

std::optional<Split> split(const std::string& html) {
    const std::size_t head_end = html.find("</head>");
    if (head_end == std::string::npos) return {};
    const std::size_t body_open = html.find("<body>", head_end);
    const std::size_t body_close = html.rfind("</body>");
    if (body_open == std::string::npos || body_close == std::string::npos || body_close < body_open)
        return {};
    Split s;
    s.head = std::string_view(html).substr(0, body_open);
    s.body = std::string_view(html).substr(body_open + 6, body_close - body_open - 6);
    std::string_view h = s.head;
    const std::size_t t1 = h.find("<title>"), t2 = h.find("</title>");
    s.head_without_title = h;
    if (t1 != std::string_view::npos && t2 != std::string_view::npos && t2 > t1)
        s.head_without_title = std::string(h.substr(0, t1)) + std::string(h.substr(t2 + 8));
    return s;
}

bool same_setup(const PdfJob& a, const PdfJob& b) {
    const Margins &x = a.page.margins, &y = b.page.margins;
    return a.page.orientation == b.page.orientation && a.background == b.background &&
           x.top_mm == y.top_mm && x.right_mm == y.right_mm && x.bottom_mm == y.bottom_mm &&
           x.left_mm == y.left_mm;
}

// The part index a marker link names, if it is one.
std::optional<int> marker_index(const std::string& target) {
    const std::size_t at = target.rfind(kMarker);
    if (at == std::string::npos) return {};
    int n = 0;
    std::size_t i = at + kMarker.size();
    if (i == target.size()) return {};
    for (; i < target.size(); ++i) {
        if (target[i] < '0' || target[i] > '9' || n > 1000000) return {};
        n = n * 10 + (target[i] - '0');
    }
    return n;
}

// The first page of every part, from the markers; empty if any is missing or out of order.
std::vector<int> first_pages(const std::string& pdf, std::size_t parts, int& total) {
    QPDF q;
    q.processMemoryFile("combined", pdf.data(), pdf.size());
    auto pages = QPDFPageDocumentHelper(q).getAllPages();
    total = static_cast<int>(pages.size());
    std::vector<int> first(parts, -1);
    for (std::size_t p = 0; p < pages.size(); ++p) {
        QPDFObjectHandle annots = pages[p].getObjectHandle().getKey("/Annots");
        if (!annots.isArray()) continue;
        for (int k = 0; k < annots.getArrayNItems(); ++k) {
            const auto i = marker_index(link_target(annots.getArrayItem(k)));
            if (i && static_cast<std::size_t>(*i) < parts && first[*i] < 0)
                first[*i] = static_cast<int>(p);
        }
    }
    for (std::size_t i = 0; i < parts; ++i)
        if (first[i] < 0 || (i > 0 && first[i] <= first[i - 1])) return {};
    if (parts > 0 && first[0] != 0) return {};
    return first;
}

}  // namespace

bool is_part_marker(const std::string& link_target) {
    return marker_index(link_target).has_value();
}

std::string combined_html(const std::vector<const PdfJob*>& jobs) {
    if (jobs.empty()) return {};
    std::vector<Split> parts;
    for (const PdfJob* j : jobs) {
        auto s = split(j->html);
        if (!s || !same_setup(*jobs.front(), *j)) return {};
        if (!parts.empty() && s->head_without_title != parts.front().head_without_title) return {};
        parts.push_back(*s);
    }
    std::string out(parts.front().head);
    out += "<body>\n";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        // position:relative only anchors the marker; it moves nothing. The break puts every
        // document after the first at the top of a fresh page, as if it were converted alone.
        out += i == 0 ? "<div style=\"position:relative\">"
                      : "<div style=\"position:relative;page-break-before:always\">";
        out += "<a href=\"#";
        out += kMarker;
        out += std::to_string(i);
        out +=
            "\" style=\"position:absolute;left:0;top:0;width:1px;height:1px;display:block\">"
            "</a>";
        out += parts[i].body;
        out += "</div>\n";
    }
    out += "</body>\n</html>\n";
    return out;
}

std::vector<PageSlice> render_combined(WkhtmlPool& pool, const std::vector<PdfJob>& jobs) {
    std::vector<PageSlice> slices(jobs.size());
    auto alone = [&](std::size_t i) {
        try {
            auto bytes = std::make_shared<const std::string>(pool.render(jobs[i]));
            QPDF q;
            q.processMemoryFile("part", bytes->data(), bytes->size());
            slices[i] = {
                bytes, 0, static_cast<int>(QPDFPageDocumentHelper(q).getAllPages().size()), {}};
        } catch (const std::exception& e) {
            slices[i].error = e.what();
        }
    };
    std::size_t i = 0;
    while (i < jobs.size()) {
        // The longest run of documents from i that can share one conversion.
        const auto first_split = split(jobs[i].html);
        std::size_t end = i + 1;
        while (first_split && end < jobs.size() && same_setup(jobs[i], jobs[end])) {
            const auto s = split(jobs[end].html);
            if (!s || s->head_without_title != first_split->head_without_title) break;
            ++end;
        }
        if (end - i == 1) {
            alone(i++);
            continue;
        }
        std::vector<const PdfJob*> group;
        for (std::size_t k = i; k < end; ++k) group.push_back(&jobs[k]);
        std::string html = combined_html(group);
        PdfJob job = jobs[i];
        job.html = std::move(html);
        job.output.clear();
        std::string names;
        for (const PdfJob* g : group) names += (names.empty() ? "" : ", ") + g->name;
        job.name = names;
        std::shared_ptr<const std::string> bytes;
        std::vector<int> first;
        int total = 0;
        try {
            bytes = std::make_shared<const std::string>(pool.render(job));
            first = first_pages(*bytes, group.size(), total);
        } catch (const std::exception&) {
            first.clear();  // redone one by one below: the error then names its document
        }
        if (first.empty()) {
            for (std::size_t k = i; k < end; ++k) alone(k);
        } else {
            for (std::size_t k = 0; k < group.size(); ++k) {
                const int next = k + 1 < group.size() ? first[k + 1] : total;
                slices[i + k] = {bytes, first[k], next - first[k], {}};
            }
        }
        i = end;
    }
    return slices;
}

}  // namespace vanban::pdf
