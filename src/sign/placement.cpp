#include "sign/placement.hpp"

#include <algorithm>

#include "sign/keys.hpp"
#include "sign/pdf_text.hpp"

namespace vanban::sign {

namespace {

// The person's signature image inside the block: at most its nominal size, aspect kept,
// centred (horizontally and vertically) between the title and the name.
Box signature_area(const Box& block, double img_w, double img_h) {
    double w = kSignatureWidthMm * kPointsPerMm, h = kSignatureHeightMm * kPointsPerMm;
    w = std::min(w, block.w());
    h = std::min(h, block.h());
    if (img_w > 0 && img_h > 0) {
        const double s = std::min(w / img_w, h / img_h);
        w = img_w * s;
        h = img_h * s;
    }
    const double cx = (block.x1 + block.x2) / 2, cy = (block.y1 + block.y2) / 2;
    return {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
}

// Advance widths of Times-Roman (Adobe AFM, 1/1000 em) for printable ASCII; others 500.
double times_width(const std::string& s, double size) {
    static const short w[95] = {
        250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
        500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
        921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
        556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
        333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
        500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541};
    double total = 0;
    for (unsigned char c : s) total += (c >= 32 && c < 127) ? w[c - 32] : 500;
    return total * size / 1000;
}

}  // namespace

Appearance plan_appearance(const PdfFacts& facts, const PlacementInput& in,
                           const std::string& name) {
    Appearance a;
    if (in.role == Role::dinh_kem) {
        // Top right of page 1, inside the right margin (15–20 mm) and above the text: the
        // main document's number and the signing time, Times 10 pt, black, upright.
        const Box page = facts.media.at(0);
        const double size = 10, lead = 12;
        const std::string l1 = in.so_ky_hieu, l2 = iso_vietnam(in.time);
        const double w = std::max(times_width(l1, size), times_width(l2, size));
        const double right = page.x2 - 20 * kPointsPerMm, top = page.y2 - 8 * kPointsPerMm;
        a.page = 0;
        a.rect = {right - w - 2, top - 2 * lead - 4, right + 2, top};
        double y = top - size;
        for (const std::string& l : {l1, l2}) {
            if (l.empty()) continue;
            a.lines.push_back({l, right - times_width(l, size), y, size});
            y -= lead;
        }
        return a;
    }
    if (!facts.sign_box) {
        if (in.image)
            throw SignError("Tệp PDF '" + name +
                            "' không có vị trí khối chữ ký do vanban ghi lại (tạo văn bản bằng "
                            "vanban letter --sign-box), nên không đặt được hình ảnh chữ ký");
        return a;  // invisible signature
    }
    const auto& [page, block] = *facts.sign_box;
    a.page = page;
    if (in.role == Role::nguoi_ky) {
        const Box area =
            signature_area(block, in.image ? in.image->width : 0, in.image ? in.image->height : 0);
        a.rect = area;
        if (in.image) a.images.push_back({in.image, area});
        return a;
    }
    // co_quan: the seal at its real size, its right edge a third of the way into the
    // signature image, centred on the block's middle line.
    const Box sig = signature_area(block, 0, 0);
    double sw = kSealMm * kPointsPerMm, sh = sw;
    if (in.image && in.image->width_mm && in.image->height_mm) {
        sw = *in.image->width_mm * kPointsPerMm;
        sh = *in.image->height_mm * kPointsPerMm;
    }
    const double right = sig.x1 + sig.w() / 3, cy = (block.y1 + block.y2) / 2;
    const Box seal{right - sw, cy - sh / 2, right, cy + sh / 2};
    // The agency's name and the time in small type under the seal.
    const double size = 6;
    std::vector<std::string> text = {in.agency, iso_vietnam(in.time)};
    double y = seal.y1 - size;
    double text_right = seal.x2;
    for (const auto& l : text) {
        if (l.empty() || !winansi(l)) continue;
        const double w = times_width(*winansi(l), size);
        a.lines.push_back({l, seal.x1 + (seal.w() - w) / 2, y, size});
        text_right = std::max(text_right, seal.x1 + (seal.w() + w) / 2);
        y -= size + 1;
    }
    a.rect = {seal.x1, std::min(seal.y1, y), text_right, seal.y2};
    if (in.image) a.images.push_back({in.image, seal});
    return a;
}

}  // namespace vanban::sign
