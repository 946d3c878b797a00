// Several documents in one wkhtmltopdf conversion, each found again afterwards by its pages.
//
// Profiled on the letter path (bench/README.md): a warm worker spends about two thirds of a
// two-page letter's conversion on what every conversion costs whatever its length (loading the
// page, setting up the printer, embedding the font subsets, writing the PDF). Ten letters in
// one conversion pay it once. The documents are laid out exactly as alone: each starts on a
// fresh page (a forced break), and wkhtmltopdf places a forced break's content at the top of the
// next page with the same integer layout offsets (measured: every word of 20 letters at the
// same position to within 0.0001 pt, same page breaks).
//
// Where each document starts: a marker link to "#vb-part-<i>" drawn at its first page's top
// (absolutely positioned: it takes no room in the flow). Its link annotation tells the page;
// finish() removes the markers.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pdf/wkhtml_pool.hpp"

namespace vanban::pdf {

// One document's pages within a shared PDF.
struct PageSlice {
    std::shared_ptr<const std::string> pdf;  // the whole converted PDF
    int first = 0;                           // 0-based page index of its first page
    int count = 0;                           // how many pages are its own
    std::string error;                       // not empty: this document could not be converted
};

// Converts `jobs` (complete documents, each with base_css()) in as few conversions as possible:
// consecutive jobs with the same page setup, background and <head> (the title aside) share one
// conversion. A shared conversion that fails is redone document by document, so that the error
// names the document at fault (in its slice's `error`). Returns one slice per job in order.
std::vector<PageSlice> render_combined(WkhtmlPool& pool, const std::vector<PdfJob>& jobs);

// The documents' HTML as one (exposed for tests): the first document's head, then each body in
// a block starting on a new page with its marker. Empty if they cannot share a conversion.
std::string combined_html(const std::vector<const PdfJob*>& jobs);

// True for the marker links of combined_html() (a URI or destination naming "vb-part-").
bool is_part_marker(const std::string& link_target);

}  // namespace vanban::pdf
