// The DOCX writer's own guarantees: escaping of every text, and the same bytes for the same
// letter. The documents themselves are checked by python-docx and LibreOffice
// (check_docx_read.py, check_docx_render.py).
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "docx/letter_docx.hpp"
#include "docx/xml_writer.hpp"
#include "docx/zip_package.hpp"
#include "model/json_source.hpp"
#include "model/letter.hpp"
#include "model/org.hpp"

using namespace vanban;

TEST_CASE("xml_escape escapes markup and drops what XML 1.0 forbids") {
    CHECK(docx::xml_escape("<b>đậm</b> & \"x\"") == "&lt;b&gt;đậm&lt;/b&gt; &amp; &quot;x&quot;");
    CHECK(docx::xml_escape("a\x01"
                           "b\tc") == "ab\tc");
}

TEST_CASE("zip_parts keeps the order of the parts and gives the same bytes twice") {
    std::vector<docx::Part> parts{{"[Content_Types].xml", "<a/>"}, {"word/document.xml", "<b/>"}};
    const std::string a = docx::zip_parts(parts), b = docx::zip_parts(parts);
    CHECK(a == b);
    CHECK(a.substr(0, 4) == "PK\x03\x04");
    // the first local header names the first part
    CHECK(a.substr(30, 19) == "[Content_Types].xml");
}

TEST_CASE("the same letter gives the same DOCX bytes, another number other bytes") {
    const std::string src = VANBAN_SOURCE_DIR;
    auto doc = model::JsonDocument::load(src + "/samples/letters/syt-ban-dien-tu-cchc-2024.json");
    model::Letter letter = model::parse_letter(doc);
    model::Organisation org = model::load_organisation(src + "/samples/dong-nai/org.json");
    const std::string a = docx::letter_docx(doc, letter, org, 7);
    const std::string b = docx::letter_docx(doc, letter, org, 7);
    const std::string c = docx::letter_docx(doc, letter, org, 8);
    CHECK(a == b);
    CHECK(a != c);
}

TEST_CASE("an unknown signer is an input error naming the letter") {
    const std::string src = VANBAN_SOURCE_DIR;
    auto doc = model::JsonDocument::load(src + "/samples/letters/syt-ban-dien-tu-cchc-2024.json");
    model::Letter letter = model::parse_letter(doc);
    letter.signer = "khong-co";
    model::Organisation org = model::load_organisation(src + "/samples/dong-nai/org.json");
    CHECK_THROWS_AS(docx::letter_docx(doc, letter, org, std::nullopt), model::InputError);
}
