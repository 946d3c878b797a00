// Where a signature's appearance goes, from the renderer's record of the signature block
// (catalog key /VanbanSignBox, written by the letter finishing) and the decree's rules
// (Nghị định 30/2020, Phụ lục I, II).
#pragma once

#include <ctime>
#include <string>

#include "sign/appearance.hpp"
#include "sign/pades.hpp"

namespace vanban::sign {

enum class Role {
    nguoi_ky,  // the person with authority: signature image centred in the block
    co_quan,   // the issuing agency: seal at real size over the left third of the signature
    dinh_kem,  // the agency on an attachment in a separate file: text, top right of page 1
    so_hoa,    // the agency that digitised a paper document: seal, top right of page 1
};

struct PlacementInput {
    Role role = Role::nguoi_ky;
    const Png* image = nullptr;  // signature (nguoi_ky) or seal (co_quan)
    std::time_t time = 0;
    std::string agency;      // co_quan: the agency's name
    std::string so_ky_hieu;  // dinh_kem: the main document's Số và ký hiệu
};

// The nominal size of the person's signature image (templates/nd30/nd30.css, img.e-signature)
// and of a seal whose PNG does not state its physical size (img.e-seal).
constexpr double kSignatureWidthMm = 40, kSignatureHeightMm = 22, kSealMm = 36;
constexpr double kPointsPerMm = 72.0 / 25.4;

// Throws SignError when an image is given but the PDF has no recorded signature block.
Appearance plan_appearance(const PdfFacts& facts, const PlacementInput& in,
                           const std::string& name);

}  // namespace vanban::sign
