// Where the bundled templates are: templates/<name> (nd30, ranking, …) of the source tree that
// built the binary, found from the binary's own location, so `build/vanban` works from any folder.
#pragma once

#include <filesystem>
#include <string_view>

namespace vanban::cli {

// templates/<name> next to the build tree holding the binary (build-x/vanban ->
// ../templates/<name>), else ./templates/<name>.
std::filesystem::path bundled_templates_dir(std::string_view name);

}  // namespace vanban::cli
