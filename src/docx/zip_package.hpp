// An OPC package (the ZIP of a .docx) built in memory with libzip, with deterministic bytes:
// entries in the order they are added, each with the same fixed DOS timestamp and Deflate at a
// fixed level, so the same parts always give the same file.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace vanban::docx {

struct Part {
    std::string name;  // "word/document.xml"
    std::string bytes;
};

// The ZIP file's bytes. Throws std::runtime_error (Vietnamese) when libzip fails.
std::string zip_parts(const std::vector<Part>& parts);

}  // namespace vanban::docx
