// Several documents in one conversion (pdf/combined.hpp): each comes back with the pages and
// word positions it has when converted alone (read back with poppler), and a document that
// fails does not take the others with it.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "docs.hpp"
#include "pdf/combined.hpp"
#include "pdf/finish.hpp"
#include "poppler.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace vanban::pdf;
using namespace vanban::pdf::test;

namespace {

std::string doc(const std::string& label, int paragraphs) {
    std::string body;
    for (int k = 0; k < paragraphs; ++k)
        body += "<p style=\"margin:0 0 6pt 0;font-size:14pt;text-align:justify\">" + label +
                " đoạn " + std::to_string(k) +
                " Cải cách hành chính, số hóa hồ sơ, thủ tục hành chính trực tuyến.</p>";
    return html_doc(body);
}

fs::path finish_slice(const PageSlice& s, const fs::path& out, PageNumberStamps& stamps) {
    FinishJob job;
    PdfPart part(out, PageSetup{});
    part.shared = s.pdf;
    part.first_page = s.first;
    part.page_count = s.count;
    job.parts.push_back(std::move(part));
    job.info = {"thử", "Sở Y tế", "01/SYT-VP", "", "2024-02-05"};
    job.output = out;
    finish(job, stamps);
    return out;
}

}  // namespace

TEST_CASE("documents converted together keep their pages and word positions") {
    TempDir dir;
    WkhtmlPool pool;
    PageNumberStamps stamps(pool);
    const std::vector<PdfJob> jobs = {{doc("motA", 3), {}, {}, "a"},
                                      {doc("haiB", 60), {}, {}, "b"},
                                      {doc("baC", 25), {}, {}, "c"}};
    const auto together = render_combined(pool, jobs);
    REQUIRE(together.size() == 3);
    CHECK(together[0].pdf == together[2].pdf);  // one conversion
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        INFO("document " << i);
        REQUIRE(together[i].error.empty());
        const auto alone = render_combined(pool, {jobs[i]});
        REQUIRE(alone[0].error.empty());
        CHECK(together[i].count == alone[0].count);
        const auto a =
            words(finish_slice(alone[0], dir.path / ("a" + std::to_string(i) + ".pdf"), stamps));
        const auto t =
            words(finish_slice(together[i], dir.path / ("t" + std::to_string(i) + ".pdf"), stamps));
        REQUIRE(a.size() == t.size());
        for (std::size_t k = 0; k < a.size(); ++k) {
            CHECK(a[k].text == t[k].text);
            CHECK(a[k].page == t[k].page);
            CHECK(std::abs(a[k].x_min - t[k].x_min) < 0.01);
            CHECK(std::abs(a[k].y_min - t[k].y_min) < 0.01);
        }
    }
    CHECK(together[1].count > 1);
}

TEST_CASE("a document that fails in a shared conversion fails alone") {
    WkhtmlPool pool;
    const std::vector<PdfJob> jobs = {
        {doc("mot", 2), {}, {}, "a"},
        {html_doc("<img src=\"file:///etc/hostname\">"), {}, {}, "xấu"},
        {doc("ba", 2), {}, {}, "c"}};
    const auto s = render_combined(pool, jobs);
    REQUIRE(s.size() == 3);
    CHECK(s[0].error.empty());
    CHECK_FALSE(s[1].error.empty());
    CHECK(s[2].error.empty());
    CHECK(s[0].count == 1);
}
