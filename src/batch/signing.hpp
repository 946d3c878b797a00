// The batch's ky_so (docs/batch.md, docs/signing.md): the issuing agency's key is opened ONCE,
// before any number is taken, and every result letter (and thông báo) is signed as it is made,
// between producing and committing (letter::Finisher). A key that cannot be opened, a
// certificate that is expired or may not sign, a missing seal image: the job stops there.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "batch/job.hpp"
#include "letter/letter_maker.hpp"
#include "sign/appearance.hpp"
#include "sign/issue.hpp"
#include "sign/keys.hpp"

namespace vanban::batch {

class BatchSigning {
  public:
    // Reads the secret from the environment variable the job names, opens and checks the key,
    // loads the seal. Throws std::runtime_error naming the job file and the /ky_so pointer.
    explicit BatchSigning(const Job& job);

    // Whether documents of this kind (kinds.hpp) are signed.
    bool signs(const std::string& kind) const;
    // What a signed document depends on besides its content (certificate, seal, reason): part
    // of its input hash, so that a new key re-signs and an unchanged one keeps the files.
    const std::string& identity() const { return identity_; }
    // The certificate's subject, for the summary.
    std::string subject() const;
    // Keys opened by this process since the job started (1 for a run that signs).
    int keys_opened() const { return sign::keys_opened() - opened_before_; }

    // The finishing step for one document of `agency` (its name beside the seal); `name` is the
    // document in messages.
    letter::Finisher finisher(const std::string& agency, const std::string& name);

  private:
    const Job& job_;
    int opened_before_ = 0;
    std::unique_ptr<sign::Signer> signer_;
    std::optional<sign::Png> seal_;
    std::string identity_;
    // One signature at a time: a PKCS#11 session must not be used by two threads at once, and
    // signing costs a few milliseconds next to a conversion's hundreds.
    std::mutex mu_;
};

}  // namespace vanban::batch
