// The PDF and ranking tests' name for the shared temporary folder (tests/common/temp_dir.hpp);
// tests/ranking includes it through the tests/pdf include folder.
#pragma once

#include "../common/temp_dir.hpp"

namespace vanban::pdf::test {

using vanban::test::TempDir;

}  // namespace vanban::pdf::test
