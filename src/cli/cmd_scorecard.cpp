// `vanban scorecard`: placeholder until its issue lands.
#include <iostream>

#include "cli/commands.hpp"

namespace vanban::cli {

int run_scorecard(Args) {
    std::cerr << "vanban scorecard: lệnh này chưa được xây dựng\n";
    return 2;
}

}  // namespace vanban::cli
