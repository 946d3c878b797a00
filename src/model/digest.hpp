// SHA-256 of bytes, as lowercase hex: the content hash the registry stores for each letter and the
// batch manifest stores for each input and output. (FIPS 180-4; checked against sha256sum in
// tests/model.)
#pragma once

#include <string>
#include <string_view>

namespace vanban::model {

std::string sha256_hex(std::string_view bytes);

// Incremental form, for hashing several pieces without joining them.
class Sha256 {
  public:
    Sha256();
    void update(std::string_view bytes);
    std::string hex();  // finishes; the object must not be updated afterwards

  private:
    void block(const unsigned char* p);
    unsigned int h_[8];
    unsigned char buf_[64];
    std::size_t buf_len_ = 0;
    unsigned long long total_ = 0;
};

}  // namespace vanban::model
