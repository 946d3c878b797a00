// PAdES baseline B-B signing (ETSI EN 319 142-1): a CMS detached SHA-256 signature with the
// signing-certificate-v2 attribute, SubFilter ETSI.CAdES.detached, appended to the PDF as an
// incremental update so that earlier signatures stay valid.
#pragma once

#include <ctime>
#include <string>

#include "sign/appearance.hpp"
#include "sign/keys.hpp"

namespace vanban::sign {

struct SignRequest {
    std::string reason, location;
    std::string contact;    // optional /ContactInfo
    std::time_t time = 0;   // claimed signing time (/M and the CMS signing-time)
    Appearance appearance;  // invisible when its rect is empty
    std::string tsa;        // an RFC 3161 time-stamp server: PAdES B-T; "" : B-B
};

// Facts about the PDF to be signed that placing the appearance needs.
struct PdfFacts {
    int pages = 0;
    std::vector<Box> media;  // each page's MediaBox
    int signatures = 0;      // signature fields already present
    // The renderer's record of where the signature block lies (see docs/signing.md): page and box.
    std::optional<std::pair<int, Box>> sign_box;
};

// Opens `pdf` (named `name` in messages) with libqpdf, refusing an encrypted or broken file.
PdfFacts read_facts(const std::string& pdf, const std::string& name);

// Returns the signed file: `pdf` unchanged followed by the update. Throws SignError.
std::string sign_pdf(const std::string& pdf, const std::string& name, const Signer& signer,
                     const SignRequest& req);

}  // namespace vanban::sign
