// `vanban serve`: starts the web application and runs it until SIGTERM or SIGINT. On an empty
// data folder it first creates the administrator `quantri` with a one-time password printed
// once; before listening it finishes any issuing a crash interrupted.
#pragma once

#include <ostream>

#include "web/app.hpp"

namespace vanban::web {

// Prints "vanban serve: đang phục vụ tại http(s)://HOST:PORT/" on `out` once listening (port 0
// picks a free port: the line gives it). Returns the exit code.
int serve(const ServeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace vanban::web
