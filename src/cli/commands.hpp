// The subcommands of the `vanban` binary. Each lives in its own cmd_*.cpp file and receives the
// arguments after its name. They return the process exit code.
#pragma once

#include <span>
#include <string_view>

namespace vanban::cli {

using Args = std::span<const std::string_view>;

int run_render(Args args);
int run_score(Args args);
int run_registry(Args args);
int run_letter(Args args);
int run_scorecard(Args args);
int run_ranking(Args args);
int run_batch(Args args);
// [web]
int run_serve(Args args);
int run_user(Args args);
// [/web]
// [sign]
int run_sign(Args args);
int run_verify(Args args);
// [/sign]
// [intake]
int run_data(Args args);
// [/intake]

struct Command {
    std::string_view name;
    std::string_view summary;  // one line, Vietnamese, for `vanban --help`
    int (*run)(Args);
};

// All subcommands, in the order `--help` lists them.
std::span<const Command> commands();

}  // namespace vanban::cli
