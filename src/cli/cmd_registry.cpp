// `vanban registry ...`: placeholder until the dispatch registry lands.
#include <iostream>

#include "cli/commands.hpp"

namespace vanban::cli {

int run_registry(Args) {
    std::cerr << "vanban registry: chưa được cài đặt\n";
    return 70;
}

}  // namespace vanban::cli
