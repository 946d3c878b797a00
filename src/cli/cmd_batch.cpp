// `vanban batch`: placeholder until its issue lands.
#include <iostream>

#include "cli/commands.hpp"

namespace vanban::cli {

int run_batch(Args) {
    std::cerr << "vanban batch: lệnh này chưa được xây dựng\n";
    return 2;
}

}  // namespace vanban::cli
