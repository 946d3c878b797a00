// PAdES baseline B-T (ETSI EN 319 142-1): an RFC 3161 time-stamp token over the CMS signature
// value, from a time-stamp authority (TSA) over HTTP(S), added to the SignerInfo as the unsigned
// attribute id-aa-signatureTimeStampToken (RFC 3161 appendix A, 1.2.840.113549.1.9.16.2.14).
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace vanban::sign {

// `cms_der` (a CAdES signature from cades_detached) with the TSA's token added. Throws SignError
// (Vietnamese, naming the URL) when the TSA cannot be reached, answers with an error status or
// garbage, or its token does not cover this signature (message imprint, nonce).
std::string add_signature_timestamp(const std::string& cms_der, const std::string& tsa_url);

// What a signature's time-stamp says, when it has one.
struct TimestampInfo {
    std::time_t time = 0;
    std::string tsa;                // the TSA certificate's subject (or its GeneralName)
    bool covers_signature = false;  // the token's imprint is SHA-256 of this signature value
    bool signature_ok = false;      // the token's own signature verifies (its embedded cert)
};
std::optional<TimestampInfo> read_signature_timestamp(std::string_view cms_der);

}  // namespace vanban::sign
