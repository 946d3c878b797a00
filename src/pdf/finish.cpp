#include "pdf/finish.hpp"

#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <cstdio>
#include <memory>
#include <stdexcept>

#include "pdf/atomic_file.hpp"
#include "pdf/combined.hpp"
#include "pdf/link_target.hpp"
#include "pdf/outline.hpp"

namespace vanban::pdf {

namespace fs = std::filesystem;

namespace {

std::string fmt_mm(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2fmm", v);
    return buf;
}

std::string setup_key(const PageSetup& p) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%c-%.2f-%.2f-%.2f-%.2f",
                  p.orientation == Orientation::portrait ? 'p' : 'l', p.margins.top_mm,
                  p.margins.right_mm, p.margins.bottom_mm, p.margins.left_mm);
    return buf;
}

// Stamps are converted with no page margins so that the number can sit inside the letter's
// top margin.
PageSetup full_page(const PageSetup& p) {
    PageSetup s = p;
    s.margins = {0, 0, 0, 0};
    return s;
}

}  // namespace

std::string pdf_date(const std::string& iso) {
    // Checked by hand: std::regex trips GCC 12's -Wmaybe-uninitialized in sanitizer builds.
    bool ok = iso.size() == 10 && iso[4] == '-' && iso[7] == '-';
    for (size_t i = 0; ok && i < iso.size(); ++i)
        if (i != 4 && i != 7 && (iso[i] < '0' || iso[i] > '9')) ok = false;
    const int month = ok ? std::stoi(iso.substr(5, 2)) : 0;
    const int day = ok ? std::stoi(iso.substr(8, 2)) : 0;
    if (!ok || month < 1 || month > 12 || day < 1 || day > 31)
        throw std::runtime_error("Ngày '" + iso + "' không đúng dạng YYYY-MM-DD");
    return "D:" + iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2) + "000000+07'00'";
}

namespace {

std::string stamp_html(const PageSetup& page, int pages, int of_total) {
    const Margins& m = page.margins;
    // One block per page, 2 mm less than the page (well inside the usable height, so no block
    // spills onto the next page); the forced break starts each number on a fresh page. The
    // number's line box (1.15 em) is centred vertically in the top margin.
    const double line_mm = PageNumberStamps::kNumberSizePt * 1.15 / kPointsPerMm;
    const double pad_mm = (m.top_mm - line_mm) / 2;
    std::string css =
        base_css() + ".p{height:" + fmt_mm(page.page_height_mm() - 2) +
        ";page-break-after:always;overflow:hidden}"
        ".p:last-child{page-break-after:auto}"
        ".n{padding-top:" +
        fmt_mm(pad_mm) + ";margin-left:" + fmt_mm(m.left_mm) +
        ";width:" + fmt_mm(page.content_width_mm()) + ";text-align:center;font-size:" +
        std::to_string(static_cast<int>(PageNumberStamps::kNumberSizePt)) + "pt;line-height:1.15}";
    std::string html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>" + css +
                       "</style></head><body>";
    for (int i = 1; i <= pages; ++i)
        html += "<div class=\"p\"><div class=\"n\">" +
                (of_total > 0 ? "Trang " + std::to_string(i) + "/" + std::to_string(of_total)
                              : std::to_string(i)) +
                "</div></div>";
    return html + "</body></html>";
}

// See FinishJob::sign_box: the link wkhtmltopdf made from the template's <a href="#vb-sign-box">
// (a file: URI or a destination, depending on how the HTML was given) marks the signature space.
void record_sign_box(QPDF& out, const fs::path& output) {
    auto pages = QPDFPageDocumentHelper(out).getAllPages();
    for (size_t i = 0; i < pages.size(); ++i) {
        QPDFObjectHandle page = pages[i].getObjectHandle();
        QPDFObjectHandle annots = page.getKey("/Annots");
        if (!annots.isArray()) continue;
        for (int k = 0; k < annots.getArrayNItems(); ++k) {
            QPDFObjectHandle a = annots.getArrayItem(k);
            if (link_target(a).find("vb-sign-box") == std::string::npos) continue;
            QPDFObjectHandle rect = a.getKey("/Rect").shallowCopy();
            annots.eraseItem(k);
            if (annots.getArrayNItems() == 0) page.removeKey("/Annots");
            QPDFObjectHandle box = QPDFObjectHandle::newDictionary();
            box.replaceKey("/Page", QPDFObjectHandle::newInteger(static_cast<long long>(i)));
            box.replaceKey("/Rect", rect);
            out.getRoot().replaceKey("/VanbanSignBox", box);
            return;
        }
    }
    throw std::runtime_error("Mẫu văn bản không đánh dấu khối chữ ký (sign_box) trong '" +
                             output.string() + "'");
}

// The marker links of a combined conversion (combined.hpp) have done their job.
void remove_part_markers(QPDFPageObjectHelper page) {
    QPDFObjectHandle p = page.getObjectHandle();
    QPDFObjectHandle annots = p.getKey("/Annots");
    if (!annots.isArray()) return;
    for (int k = annots.getArrayNItems() - 1; k >= 0; --k) {
        if (is_part_marker(link_target(annots.getArrayItem(k)))) annots.eraseItem(k);
    }
    if (annots.getArrayNItems() == 0) p.removeKey("/Annots");
}

}  // namespace

std::string page_number_html(const PageSetup& page, int pages) {
    return stamp_html(page, pages, 0);
}

std::string page_of_total_html(const PageSetup& page, int total) {
    return stamp_html(page, total, total);
}

PageNumberStamps::PageNumberStamps(WkhtmlPool& pool) : pool_(pool) {}

std::shared_ptr<const std::string> PageNumberStamps::stamps_for(const PageSetup& page, int pages) {
    std::lock_guard lock(mutex_);
    const std::string key = setup_key(page);
    auto it = made_.find(key);
    if (it != made_.end() && it->second.second >= pages) return it->second.first;
    // Make generously many at once: one conversion then serves every letter of a batch.
    int count = std::max(pages, it == made_.end() ? 30 : 2 * it->second.second);
    // Without a background: the stamp page is drawn over the letter's page.
    auto bytes = std::make_shared<const std::string>(
        pool_.render({page_number_html(page, count), full_page(page), {}, "số trang", false}));
    made_[key] = {bytes, count};
    return bytes;
}

std::shared_ptr<const std::string> PageNumberStamps::of_total_stamps_for(const PageSetup& page,
                                                                         int total) {
    std::lock_guard lock(mutex_);
    const std::string key = setup_key(page) + "/" + std::to_string(total);
    auto it = made_.find(key);
    if (it != made_.end()) return it->second.first;
    auto bytes = std::make_shared<const std::string>(
        pool_.render({page_of_total_html(page, total), full_page(page), {}, "số trang", false}));
    made_[key] = {bytes, total};
    return bytes;
}

void finish(const FinishJob& job, PageNumberStamps& stamps) {
    finish(job, {}, stamps);
}

void finish(const FinishJob& job, const std::vector<Bookmark>& outline, PageNumberStamps& stamps) {
    if (job.parts.empty())
        throw std::runtime_error("Không có phần nào để ghép vào '" + job.output.string() + "'");
    const std::string date = pdf_date(job.info.date);

    // Every source QPDF, and the bytes it parses, must outlive the writer: pages are copied
    // lazily. PDFs are parsed from memory (reading through a FILE* costs a seek per object).
    std::vector<std::unique_ptr<QPDF>> sources;
    std::vector<std::shared_ptr<const std::string>> buffers;
    auto open = [&](const fs::path& p, std::shared_ptr<const std::string> bytes) -> QPDF& {
        sources.push_back(std::make_unique<QPDF>());
        try {
            if (!bytes) bytes = std::make_shared<const std::string>(read_file(p));
            buffers.push_back(bytes);
            sources.back()->processMemoryFile(p.string().c_str(), bytes->data(), bytes->size());
        } catch (const std::exception& e) {
            throw std::runtime_error("Không đọc được tệp PDF '" + p.string() + "': " + e.what());
        }
        return *sources.back();
    };

    QPDF out;
    out.emptyPDF();
    QPDFPageDocumentHelper out_pages(out);
    try {
        for (const auto& part : job.parts) {
            QPDF& src = open(part.pdf, part.shared ? part.shared
                                       : part.bytes.empty()
                                           ? nullptr
                                           : std::make_shared<const std::string>(part.bytes));
            auto pages = QPDFPageDocumentHelper(src).getAllPages();
            if (part.shared) {
                if (part.first_page < 0 || part.page_count < 1 ||
                    part.first_page + part.page_count > static_cast<int>(pages.size()))
                    throw std::runtime_error("Không tìm thấy các trang của '" + part.pdf.string() +
                                             "' trong tệp PDF chung");
                pages = std::vector<QPDFPageObjectHelper>(
                    pages.begin() + part.first_page,
                    pages.begin() + part.first_page + part.page_count);
            }
            QPDF* stamp_pdf = nullptr;
            std::vector<QPDFPageObjectHelper> stamp_pages;
            const bool of_total = part.labels == PageLabels::of_total;
            const int count = static_cast<int>(pages.size());
            if (of_total) {
                stamp_pdf = &open("số trang", stamps.of_total_stamps_for(part.page, count));
                stamp_pages = QPDFPageDocumentHelper(*stamp_pdf).getAllPages();
            } else if (part.labels == PageLabels::none) {
                // no numbers
            } else if (pages.size() > 1) {
                stamp_pdf = &open("số trang", stamps.stamps_for(part.page, count));
                stamp_pages = QPDFPageDocumentHelper(*stamp_pdf).getAllPages();
            }
            for (size_t i = 0; i < pages.size(); ++i) {
                out_pages.addPage(pages[i], false);
                if (part.shared) remove_part_markers(out_pages.getAllPages().back());
                // The first page of a letter or Phụ lục has no number ("Trang 1/Y" has one).
                if ((i == 0 && !of_total) || !stamp_pdf) continue;
                QPDFPageObjectHelper target = out_pages.getAllPages().back();
                QPDFObjectHandle fo =
                    out.copyForeignObject(stamp_pages.at(i).getFormXObjectForPage());
                QPDFObjectHandle resources = target.getObjectHandle().getKey("/Resources");
                if (!resources.isDictionary()) {
                    resources = QPDFObjectHandle::newDictionary();
                    target.getObjectHandle().replaceKey("/Resources", resources);
                }
                for (const char* kind : {"/XObject", "/ExtGState"}) {
                    if (!resources.getKey(kind).isDictionary())
                        resources.replaceKey(kind, QPDFObjectHandle::newDictionary());
                }
                int suffix = 0;
                std::string name = resources.getUniqueResourceName("/VbNum", suffix);
                resources.getKey("/XObject").replaceKey(name, fo);
                // Qt paints every page's white base background, even with --no-background.
                // Drawn with the Multiply blend mode, the stamp's white leaves the page as it
                // is and only its black number shows.
                suffix = 0;
                std::string gs = resources.getUniqueResourceName("/VbMul", suffix);
                resources.getKey("/ExtGState")
                    .replaceKey(gs,
                                QPDFObjectHandle::parse("<< /Type /ExtGState /BM /Multiply >>"));
                std::string place = target.placeFormXObject(
                    fo, name, target.getMediaBox().getArrayAsRectangle(), true, true, true);
                // Isolate the page's own graphics state from the stamp.
                target.addPageContents(QPDFObjectHandle::newStream(&out, "q\n"), true);
                target.addPageContents(
                    QPDFObjectHandle::newStream(&out, "\nQ\nq " + gs + " gs\n" + place + "\nQ\n"),
                    false);
            }
        }

        add_outline(out, outline);
        if (job.sign_box) record_sign_box(out, job.output);

        QPDFObjectHandle info = QPDFObjectHandle::newDictionary();
        auto text = [&](const char* key, const std::string& v) {
            if (!v.empty()) info.replaceKey(key, QPDFObjectHandle::newUnicodeString(v));
        };
        text("/Title", job.info.title);
        text("/Author", job.info.author);
        text("/Subject", job.info.subject);
        text("/Keywords", job.info.keywords);
        text("/Creator", "vanban");
        text("/Producer", "vanban");
        info.replaceKey("/CreationDate", QPDFObjectHandle::newString(date));
        info.replaceKey("/ModDate", QPDFObjectHandle::newString(date));
        out.getTrailer().replaceKey("/Info", out.makeIndirectObject(info));

        QPDFWriter w(out);
        w.setOutputMemory();
        // Same input, same bytes: /ID from a hash of the content, no clock, object streams
        // generated in a fixed order.
        w.setDeterministicID(true);
        w.setObjectStreamMode(qpdf_o_generate);
        w.setCompressStreams(true);
        w.write();
        auto buf = w.getBufferSharedPointer();
        write_file_atomically(
            job.output,
            std::string_view(reinterpret_cast<const char*>(buf->getBuffer()), buf->getSize()),
            job.mode);
    } catch (const QPDFExc& e) {  // a std::runtime_error too, but with qpdf's English text
        throw std::runtime_error("Không hoàn thiện được tệp PDF '" + job.output.string() +
                                 "': " + e.what());
    } catch (const std::runtime_error&) {
        throw;  // ours, already in Vietnamese and naming the file
    } catch (const std::exception& e) {
        throw std::runtime_error("Không hoàn thiện được tệp PDF '" + job.output.string() +
                                 "': " + e.what());
    }
}

}  // namespace vanban::pdf
