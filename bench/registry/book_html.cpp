// Writes the HTML that `vanban registry export --format pdf` converts (the cover and the
// register, laid out by letter::register_book_html), so that bench_book.sh can give the very
// same HTML to plain wkhtmltopdf as the peer.
//   bench_book_html REGISTRY AGENCY YEAR ORG.json TEMPLATES_DIR OUT_DIR
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "letter/register_book_pdf.hpp"
#include "model/org.hpp"
#include "registry/book.hpp"

using namespace vanban;

int main(int argc, char** argv) {
    if (argc != 7) {
        std::cerr << "usage: bench_book_html REGISTRY AGENCY YEAR ORG.json TEMPLATES_DIR OUT_DIR\n";
        return 2;
    }
    try {
        const model::Organisation org = model::load_organisation(argv[4]);
        auto reg = registry::open_registry(argv[1], registry::OpenMode::ReadOnly);
        const auto book = registry::make_register_book(*reg, argv[2], std::atoi(argv[3]), &org);
        const auto html = letter::register_book_html(book, argv[5]);
        const std::filesystem::path out = argv[6];
        std::ofstream(out / "cover.html") << html.cover_html;
        std::ofstream(out / "register.html") << html.register_html;
        std::cout << book.entries.size() << " entries, " << html.register_pages
                  << " register pages\n";
    } catch (const std::exception& e) {
        std::cerr << "bench_book_html: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
