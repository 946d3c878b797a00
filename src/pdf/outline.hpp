// PDF outlines (bookmarks) built with libqpdf: a tree from the entries' paths, each node
// opening its page. Used by finish() for parts that carry bookmarks (the leaders' scorecards:
// one entry per unit under its level, communes under their district).
#pragma once

#include <qpdf/QPDF.hh>

#include <vector>

#include "pdf/finish.hpp"

namespace vanban::pdf {

// Adds /Outlines to `pdf` (nothing when `entries` is empty). Entries are taken in order; a
// parent is created the first time its path prefix appears and opens that entry's page. Pages
// are 0-based indexes into the document's pages; an index out of range throws
// std::runtime_error. Titles are written as PDF text strings (UTF-16 when not ASCII).
void add_outline(QPDF& pdf, const std::vector<Bookmark>& entries);

}  // namespace vanban::pdf
