// `vanban render TEMPLATE --data DATA.json [--templates DIR]...`: placeholder until the engine lands.
#include <iostream>

#include "cli/commands.hpp"

namespace vanban::cli {

int run_render(Args) {
    std::cerr << "vanban render: chưa được cài đặt\n";
    return 70;
}

}  // namespace vanban::cli
