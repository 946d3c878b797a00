// Signing a document as it is issued (`vanban letter --sign-as`, the batch's ky_so): the one
// sequence read facts → place the appearance → sign, over the bytes the letter pipeline just
// finished, so that the output is written signed or not at all.
#pragma once

#include <ctime>
#include <string>

#include "sign/keys.hpp"
#include "sign/placement.hpp"

namespace vanban::sign {

struct IssueSigning {
    const Signer* signer = nullptr;  // opened (and checked) once by the caller
    Role role = Role::co_quan;
    const Png* image = nullptr;  // signature or seal; null: no image
    std::string agency;          // co_quan: the agency's name beside the seal
    std::string reason, location;
    std::string tsa;  // RFC 3161 server: PAdES B-T
};

// The reason a role's signature states when none is given.
std::string default_reason(Role role);

// `pdf` signed (an incremental update), `name` in messages. Throws SignError.
std::string sign_issued(const std::string& pdf, const std::string& name, const IssueSigning& s,
                        std::time_t now);

}  // namespace vanban::sign
