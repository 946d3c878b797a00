#include "pdf/page_setup.hpp"

#include <cstdio>

namespace vanban::pdf {

std::string base_css() {
    char zoom[32];
    std::snprintf(zoom, sizeof zoom, "%.7f", kCssZoom);
    return std::string("html{zoom:") + zoom +
           "}\n"
           "body{margin:0;padding:0;font-family:\"Times New Roman\",serif;color:#000}\n";
}

}  // namespace vanban::pdf
