// `vanban ranking`: placeholder until its issue lands.
#include <iostream>

#include "cli/commands.hpp"

namespace vanban::cli {

int run_ranking(Args) {
    std::cerr << "vanban ranking: lệnh này chưa được xây dựng\n";
    return 2;
}

}  // namespace vanban::cli
