// Opening the signer's key for `vanban sign`, `vanban letter --sign-as` and the batch's ky_so:
// a PKCS#12 file (password from VANBAN_KEY_PASSWORD or a prompt) or a PKCS#11 URI (PIN from
// VANBAN_PIN or a prompt; module from --pkcs11-module, VANBAN_PKCS11_MODULE or SoftHSM2's).
// Secrets never come from the command line.
#pragma once

#include <memory>
#include <string>

#include "sign/keys.hpp"

namespace vanban::cli {

inline constexpr const char* kDefaultPkcs11Module = sign::kDefaultPkcs11Module;

// Throws sign::SignError (Vietnamese) when the secret is missing or wrong.
std::unique_ptr<sign::Signer> open_signer_key(const std::string& key, const std::string& module);

}  // namespace vanban::cli
