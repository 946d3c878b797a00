#include "batch/signing.hpp"

#include <openssl/x509.h>

#include <cstdlib>
#include <ctime>
#include <stdexcept>

#include "batch/kinds.hpp"
#include "model/digest.hpp"

namespace vanban::batch {

BatchSigning::BatchSigning(const Job& job) : job_(job), opened_before_(sign::keys_opened()) {
    const SignSetup& s = job.ky_so;
    const std::string where = job.file.string() + ": /ky_so";
    const char* secret = std::getenv(s.secret_env.c_str());
    const bool p11 = s.key.rfind("pkcs11:", 0) == 0;
    if (!secret)
        throw std::runtime_error(where + "/secret_env: biến môi trường " + s.secret_env +
                                 " chưa được đặt (" +
                                 (p11 ? "mã PIN của token" : "mật khẩu của tệp khóa") +
                                 " không ghi trong tệp công việc); không số nào bị lấy");
    try {
        if (!s.seal.empty()) seal_ = sign::load_png(s.seal);
        if (p11) {
            std::string module = s.pkcs11_module;
            if (module.empty())
                if (const char* m = std::getenv("VANBAN_PKCS11_MODULE")) module = m;
            if (module.empty()) module = sign::kDefaultPkcs11Module;
            signer_ = sign::open_pkcs11(s.key, secret, module);
        } else {
            signer_ = sign::open_pkcs12(s.key, secret);
        }
        sign::check_signer(*signer_, std::time(nullptr));
    } catch (const sign::SignError& e) {
        throw std::runtime_error(where + ": " + e.what() + "; không số nào bị lấy");
    }
    // The certificate's DER, the seal's pixels and the stated reason and place.
    model::Sha256 h;
    unsigned char* der = nullptr;
    const int n = i2d_X509(signer_->cert(), &der);
    if (n > 0) h.update(std::string(reinterpret_cast<char*>(der), static_cast<std::size_t>(n)));
    OPENSSL_free(der);
    for (const std::string& part :
         {seal_ ? seal_->rgb + seal_->alpha : std::string(), s.reason, s.location, s.tsa})
        h.update(part), h.update(std::string(1, '\0'));
    identity_ = h.hex();
}

bool BatchSigning::signs(const std::string& kind) const {
    return (kind == kLetter && job_.ky_so.letters) || (kind == kNotice && job_.ky_so.notice);
}

std::string BatchSigning::subject() const {
    return sign::subject_line(signer_->cert());
}

letter::Finisher BatchSigning::finisher(const std::string& agency, const std::string& name) {
    return [this, agency, name](const std::string& pdf) {
        sign::IssueSigning is;
        is.signer = signer_.get();
        is.role = sign::Role::co_quan;
        is.image = seal_ ? &*seal_ : nullptr;
        is.agency = agency;
        is.reason = job_.ky_so.reason;
        is.location = job_.ky_so.location;
        is.tsa = job_.ky_so.tsa;
        std::lock_guard lock(mu_);
        return sign::sign_issued(pdf, name, is, std::time(nullptr));
    };
}

}  // namespace vanban::batch
