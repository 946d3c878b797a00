// Where a link annotation of a converted PDF points. vanban's templates mark places for the
// finishing step with links (the signature box, where each combined document starts), and
// wkhtmltopdf writes them as a URI action or as a named destination.
#pragma once

#include <qpdf/QPDFObjectHandle.hh>

#include <string>

namespace vanban::pdf {

// The URI or destination name of a /Link annotation; empty for anything else.
std::string link_target(QPDFObjectHandle annot);

}  // namespace vanban::pdf
