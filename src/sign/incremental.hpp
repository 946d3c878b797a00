// An incremental update (ISO 32000-1, 7.5.6): new and changed objects appended after the
// original bytes, with a cross-reference section of the same kind as the original's (a
// classic table or a cross-reference stream, as qpdf's finishing writes) pointing back with
// /Prev. The original bytes are never touched, so earlier signatures stay valid.
#pragma once

#include <map>
#include <string>
#include <utility>

namespace vanban::sign {

// What the update needs to know about the file it extends (read with libqpdf).
struct Revision {
    long long startxref = 0;  // offset of the last cross-reference section
    bool xref_stream = false;
    int size = 0;          // trailer /Size
    std::string root_ref;  // "1 0 R"
    std::string info_ref;  // "" or "5 0 R"
    std::string id;        // "" or "[<…> <…>]"
};

// Finds the last startxref of `pdf` and checks it points at a cross-reference section.
// Throws SignError naming `name`.
Revision last_revision(const std::string& pdf, const std::string& name);

class IncrementalUpdate {
  public:
    IncrementalUpdate(std::string original, Revision rev);

    // A fresh object number.
    int allocate() { return next_++; }
    // The body of object `num` (new or replacing an old one with generation `gen`):
    // "<< … >>" or "<< … >>\nstream\n…\nendstream".
    void put(int num, int gen, const std::string& body);
    // Original + update + cross-reference + trailer.
    std::string finish();

  private:
    std::string out_;
    Revision rev_;
    int next_;
    std::map<int, std::pair<long long, int>> offsets_;  // num -> (offset, gen)
};

}  // namespace vanban::sign
