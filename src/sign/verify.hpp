// Checking the signatures of a received PDF: each signature's covered bytes, its CMS, its
// certificate (and the chain to given roots), and whether anything was added after the last.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace vanban::sign {

struct SubjectField {
    std::string label;  // "CN", "O", "L", "MST", "CMND", "CCCD", "UID", "serialNumber", …
    std::string value;
};

struct SignatureReport {
    std::string field;  // the field's name (/T)
    std::string subfilter;
    std::vector<SubjectField> subject;
    std::string issuer;
    std::optional<std::time_t> time;  // /M, else the CMS signing-time
    bool byte_range_ok = false;       // the range covers the whole file but the /Contents string
    bool intact = false;              // the CMS matches the covered bytes
    bool signing_cert_v2 = false;
    bool chain_checked = false, chain_ok = false;
    std::string chain_error;
    // PAdES B-T: the RFC 3161 time-stamp over the signature value, when present.
    bool has_timestamp = false, timestamp_ok = false;
    std::optional<std::time_t> timestamp;
    std::string timestamp_tsa;
    long long covered_end = 0;          // where the covered bytes end (end of that revision)
    std::vector<std::string> problems;  // Vietnamese, empty when all is well
};

struct VerifyReport {
    std::vector<SignatureReport> signatures;
    bool changed_after_last = false;  // bytes after the last signature's revision
    long long file_size = 0;
    bool ok() const;
};

// `roots_pem`: a PEM file of trusted roots, or empty for no chain check. Throws SignError
// when the file cannot be read as a PDF at all.
VerifyReport verify_pdf(const std::string& pdf, const std::string& name,
                        const std::string& roots_pem);

}  // namespace vanban::sign
