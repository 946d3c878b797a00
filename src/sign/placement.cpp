#include "sign/placement.hpp"

#include <algorithm>

#include "pdf/page_setup.hpp"
#include "sign/keys.hpp"
#include "sign/pdf_text.hpp"
#include "sign/truetype.hpp"

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

// Width of a line in the embedded Liberation Serif (metric-compatible with Times New Roman).
double text_width(const std::string& s, double size) {
    return shape(TrueTypeFont::liberation_serif(), s).width_em * size;
}

// The seal at real size (its pHYs), or the nominal seal size when the PNG does not say.
std::pair<double, double> seal_size(const Png* image) {
    double sw = kSealMm * kPointsPerMm, sh = sw;
    if (image && image->width_mm && image->height_mm) {
        sw = *image->width_mm * kPointsPerMm;
        sh = *image->height_mm * kPointsPerMm;
    }
    return {sw, sh};
}

// The seal with the agency's name and the signing time centred under it in small type.
Appearance seal_with_text(int page, const Box& seal, const PlacementInput& in) {
    Appearance a;
    a.page = page;
    const double size = 6;
    double y = seal.y1 - size;
    double left = seal.x1, right = seal.x2;
    for (const std::string& l : {in.agency, iso_vietnam(in.time)}) {
        if (l.empty()) continue;
        const double w = text_width(l, size), x = seal.x1 + (seal.w() - w) / 2;
        a.lines.push_back({l, x, y, size});
        left = std::min(left, x);
        right = std::max(right, x + w);
        y -= size + 1;
    }
    a.rect = {left, y + size - 1, right, seal.y2};
    if (in.image) a.images.push_back({in.image, seal});
    return a;
}

}  // namespace

Appearance plan_appearance(const PdfFacts& facts, const PlacementInput& in,
                           const std::string& name) {
    Appearance a;
    const pdf::Margins decree;  // the renderer's margins too (src/pdf/page_setup.hpp)
    if (in.role == Role::dinh_kem) {
        // Top right of page 1, inside the top margin, right-aligned with the text's right
        // edge: the main document's number and the signing time, Times New Roman 10 pt,
        // black, upright.
        const Box page = facts.media.at(0);
        const double size = 10, lead = 12;
        const std::vector<std::string> text = {in.so_ky_hieu, iso_vietnam(in.time)};
        const double right = page.x2 - decree.right_mm * kPointsPerMm;
        const double bottom = page.y2 - decree.top_mm * kPointsPerMm + 3;
        double w = 0;
        for (const std::string& l : text) w = std::max(w, text_width(l, size));
        a.page = 0;
        a.rect = {right - w - 2, bottom - 3, right + 2, bottom + 2 * lead};
        double y = bottom + lead;
        for (const std::string& l : text) {
            a.lines.push_back({l, right - text_width(l, size), y, size});
            y -= lead;
        }
        return a;
    }
    if (in.role == Role::so_hoa) {
        // A digitised paper document (Thông tư 01/2019/TT-BNV): the seal at real size in the
        // top right corner of page 1, its name and time under it.
        if (!in.image)
            throw SignError("Ký bản số hóa (--scanned) cần ảnh dấu của cơ quan số hóa (--image)");
        const Box page = facts.media.at(0);
        const auto [sw, sh] = seal_size(in.image);
        const double right = page.x2 - decree.right_mm * kPointsPerMm;
        const double top = page.y2 - decree.top_mm * kPointsPerMm / 2;
        return seal_with_text(0, {right - sw, top - sh, right, top}, in);
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
    const auto [sw, sh] = seal_size(in.image);
    const double right = sig.x1 + sig.w() / 3, cy = (block.y1 + block.y2) / 2;
    return seal_with_text(page, {right - sw, cy - sh / 2, right, cy + sh / 2}, in);
}

}  // namespace vanban::sign
