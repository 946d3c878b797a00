#include "pdf/link_target.hpp"

namespace vanban::pdf {

std::string link_target(QPDFObjectHandle annot) {
    if (!annot.isDictionary() || !annot.getKey("/Subtype").isNameAndEquals("/Link")) return {};
    QPDFObjectHandle action = annot.getKey("/A");
    if (action.isDictionary() && action.getKey("/URI").isString())
        return action.getKey("/URI").getStringValue();
    QPDFObjectHandle dest = annot.getKey("/Dest");
    if (dest.isString()) return dest.getStringValue();
    if (dest.isName()) return dest.getName();
    return {};
}

}  // namespace vanban::pdf
