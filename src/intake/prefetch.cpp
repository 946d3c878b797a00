#include "intake/prefetch.hpp"

#include "intake/import_internal.hpp"

namespace vanban::intake {

PrefetchedBooks::PrefetchedBooks(const std::vector<std::string>& files)
    : files_(files), slots_(files.size()) {
    for (std::size_t i = 0; i < files_.size(); ++i) {
        const std::string ext = lower_extension(files_[i]);
        slots_[i].wanted = ext == "xlsx" || ext == "xlsm";
    }
    // The thread writes only slots_ (sized above, never resized); take() reads a slot after
    // waiting on done_.
    done_ = std::async(std::launch::async, [this] {
        for (std::size_t i = 0; i < files_.size(); ++i) {
            if (!slots_[i].wanted) continue;
            try {
                slots_[i].book.emplace(XlsxBook::open(files_[i]));
            } catch (...) {
                slots_[i].error = std::current_exception();
            }
        }
    });
}

PrefetchedBooks::~PrefetchedBooks() {
    if (done_.valid()) done_.wait();
}

XlsxBook PrefetchedBooks::take(std::size_t index) {
    done_.wait();
    Slot& s = slots_.at(index);
    if (s.error) std::rethrow_exception(s.error);
    if (!s.book) return XlsxBook::open(files_.at(index));  // not prefetched (or taken before)
    XlsxBook book = std::move(*s.book);
    s.book.reset();
    return book;
}

}  // namespace vanban::intake
