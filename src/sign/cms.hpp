// CMS (CAdES) signatures for PAdES: detached, SHA-256, with the ESS signing-certificate-v2
// attribute (ETSI EN 319 122-1 / 319 142-1 baseline B-B).
#pragma once

#include <openssl/cms.h>

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "sign/keys.hpp"

namespace vanban::sign {

// DER bytes of a detached CMS SignedData over `data`. The signing-time attribute carries
// `signing_time`, the same instant as the PDF's /M (OpenSSL 3.0 always adds one).
std::string cades_detached(const Signer& signer, std::string_view data, std::time_t signing_time);

// What a CMS signature says about itself, checked against `data`.
struct CmsCheck {
    bool parsed = false;
    bool intact = false;  // the digest and signature match the data
    bool signing_cert_v2 = false;
    bool chain_ok = false;    // only meaningful when roots were given
    std::string chain_error;  // why the chain failed, Vietnamese
    std::string error;        // why the CMS could not be read or checked
    std::optional<std::time_t> signing_time;
    X509* signer = nullptr;  // owned by the struct
    std::string digest;      // e.g. "SHA256"

    CmsCheck() = default;
    CmsCheck(const CmsCheck&) = delete;
    CmsCheck& operator=(const CmsCheck&) = delete;
    CmsCheck(CmsCheck&& o) noexcept;
    ~CmsCheck();
};

// `roots` (may be null): a trust store; the chain is checked at the signing time.
CmsCheck check_cades(std::string_view der, std::string_view data, X509_STORE* roots);

}  // namespace vanban::sign
