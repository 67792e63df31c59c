#include "conform/skipped_list.hpp"

#include <cstring>
#include <stdexcept>

#include "io/spill_file.hpp"

namespace conform {

// Entries past the first kInMemory: each as two length-prefixed strings.
struct SkippedList::Spill {
  io::SpillFile file{"the list of skipped calls"};
};

SkippedList::SkippedList(std::initializer_list<SkippedEntry> entries) {
  for (const SkippedEntry& entry : entries) push_back(entry);
}

void SkippedList::push_back(SkippedEntry entry) {
  ++size_;
  if (memory_.size() < kInMemory) {
    memory_.push_back(std::move(entry));
    return;
  }
  if (!spill_) spill_ = std::make_shared<Spill>();
  std::string bytes;
  io::put_string(bytes, entry.source);
  io::put_string(bytes, entry.reason);
  spill_->file.append(bytes);
}

SkippedEntry SkippedList::operator[](std::size_t index) const {
  if (index < memory_.size()) return memory_[index];
  auto it = begin();
  for (std::size_t i = 0; i < index; ++i) ++it;
  return *it;
}

SkippedList::const_iterator::const_iterator(const SkippedList* list, std::size_t index) : list_(list), index_(index) {
  if (list_ != nullptr) load();
}

SkippedList::const_iterator& SkippedList::const_iterator::operator++() {
  ++index_;
  load();
  return *this;
}

void SkippedList::const_iterator::load() {
  if (list_ == nullptr || index_ >= list_->size_) return;
  if (index_ < list_->memory_.size()) {
    current_ = list_->memory_[index_];
    return;
  }
  const io::SpillFile& spill = list_->spill_->file;
  current_.source = io::take_string(spill, offset_, buffer_, at_);
  current_.reason = io::take_string(spill, offset_, buffer_, at_);
}

}  // namespace conform
