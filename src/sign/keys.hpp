// The signer's key and certificate: a PKCS#12 file or a PKCS#11 token (USB tokens of the
// Vietnamese CAs, SoftHSM2 in tests). Both end as an OpenSSL EVP_PKEY + X509, so the CMS code
// does not care where the key lives.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <ctime>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace vanban::sign {

// Every failure of this library: a Vietnamese message naming the file or token.
struct SignError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Signer {
  public:
    Signer(EVP_PKEY* key, X509* cert, std::vector<X509*> chain, std::shared_ptr<void> keepalive,
           std::string source);
    ~Signer();
    Signer(const Signer&) = delete;
    Signer& operator=(const Signer&) = delete;

    EVP_PKEY* key() const { return key_; }
    X509* cert() const { return cert_; }
    const std::vector<X509*>& chain() const { return chain_; }
    const std::string& source() const { return source_; }  // file or token, for messages

  private:
    EVP_PKEY* key_;
    X509* cert_;
    std::vector<X509*> chain_;
    std::shared_ptr<void> keepalive_;  // the PKCS#11 session must outlive the key
    std::string source_;
};

// A PKCS#12 file (.p12/.pfx). A wrong password is a SignError saying so.
std::unique_ptr<Signer> open_pkcs12(const std::string& path, const std::string& password);

// The PKCS#11 library used when none is named: SoftHSM2's (the test token).
inline constexpr const char* kDefaultPkcs11Module = "/usr/lib/softhsm/libsofthsm2.so";

// A key on a PKCS#11 token: uri "pkcs11:token=LABEL;object=LABEL" (object optional: the first
// private key that has a certificate), module the PKCS#11 library (.so).
std::unique_ptr<Signer> open_pkcs11(const std::string& uri, const std::string& pin,
                                    const std::string& module);

// How many keys this process has opened (PKCS#12 files read and PKCS#11 logins): the batch
// reports it to show that a year's letters were signed with one opening of the key.
int keys_opened();

// Refuses a certificate that is not valid at `now` or whose key usage excludes
// digitalSignature, and a key that does not belong to the certificate.
void check_signer(const Signer& s, std::time_t now);

// The certificate's subject as "CN=…, O=…" and its fields one by one (for verify and messages).
std::string subject_line(X509* cert);

// The organisation a certificate names (O, else CN): the agency's name beside its seal.
std::string cert_agency(X509* cert);

// Last OpenSSL error as text (for messages).
std::string openssl_error();

}  // namespace vanban::sign
