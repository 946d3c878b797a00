#include "sign/issue.hpp"

#include "sign/pades.hpp"

namespace vanban::sign {

std::string default_reason(Role role) {
    return role == Role::nguoi_ky ? "Người có thẩm quyền ký văn bản" : "Cơ quan ban hành văn bản";
}

std::string sign_issued(const std::string& pdf, const std::string& name, const IssueSigning& s,
                        std::time_t now) {
    const PdfFacts facts = read_facts(pdf, name);
    PlacementInput place;
    place.role = s.role;
    place.image = s.image;
    place.time = now;
    place.agency = s.agency;
    SignRequest req;
    req.time = now;
    req.reason = s.reason.empty() ? default_reason(s.role) : s.reason;
    req.location = s.location;
    req.tsa = s.tsa;
    req.appearance = plan_appearance(facts, place, name);
    return sign_pdf(pdf, name, *s.signer, req);
}

}  // namespace vanban::sign
