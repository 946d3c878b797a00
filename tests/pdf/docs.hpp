// Small hand-written HTML documents for the PDF tests.
#pragma once

#include <string>

#include "pdf/page_setup.hpp"

namespace vanban::pdf::test {

inline std::string html_doc(const std::string& body, const std::string& css = {}) {
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>" + base_css() + css +
           "</style></head><body>" + body + "</body></html>";
}

}  // namespace vanban::pdf::test
