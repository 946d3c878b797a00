// `vanban score ...`: placeholder until the scoring stage lands.
#include <iostream>

#include "cli/commands.hpp"

namespace vanban::cli {

int run_score(Args) {
    std::cerr << "vanban score: chưa được cài đặt\n";
    return 70;
}

}  // namespace vanban::cli
