#include "conform/skipped_list.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace conform {

// Entries past the first kInMemory: each as two length-prefixed strings.
struct SkippedList::Spill {
  std::FILE* file = nullptr;
  std::uint64_t bytes = 0;
  std::string pending;  // written to the file a block at a time
  ~Spill() {
    if (file != nullptr) std::fclose(file);
  }
  void flush() {
    if (pending.empty()) return;
    if (std::fwrite(pending.data(), 1, pending.size(), file) != pending.size() || std::fflush(file) != 0) {
      throw std::runtime_error(std::string("cannot write the list of skipped calls: ") + std::strerror(errno));
    }
    pending.clear();
  }
};

namespace {

void put_string(std::string& out, const std::string& text) {
  const std::uint64_t length = text.size();
  out.append(reinterpret_cast<const char*>(&length), sizeof length);
  out += text;
}

}  // namespace

SkippedList::SkippedList(std::initializer_list<SkippedEntry> entries) {
  for (const SkippedEntry& entry : entries) push_back(entry);
}

void SkippedList::push_back(SkippedEntry entry) {
  ++size_;
  if (memory_.size() < kInMemory) {
    memory_.push_back(std::move(entry));
    return;
  }
  if (!spill_) {
    spill_ = std::make_shared<Spill>();
    spill_->file = std::tmpfile();
    if (spill_->file == nullptr) {
      throw std::runtime_error(std::string("cannot make a temporary file: ") + std::strerror(errno));
    }
  }
  const std::size_t before = spill_->pending.size();
  put_string(spill_->pending, entry.source);
  put_string(spill_->pending, entry.reason);
  spill_->bytes += spill_->pending.size() - before;
  if (spill_->pending.size() >= (std::size_t{1} << 16)) spill_->flush();
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
  Spill& spill = *list_->spill_;
  spill.flush();
  // Reads ahead a block at a time, through its own offset: passes never disturb one another.
  auto take = [&](std::size_t count) -> std::string_view {
    if (buffer_.size() - at_ < count) {
      buffer_.erase(0, at_);
      at_ = 0;
      const std::size_t want = std::max<std::size_t>(count - buffer_.size(), std::size_t{1} << 16);
      const std::size_t had = buffer_.size();
      buffer_.resize(had + want);
      const ssize_t n = ::pread(::fileno(spill.file), buffer_.data() + had, want, static_cast<off_t>(offset_));
      buffer_.resize(had + (n > 0 ? static_cast<std::size_t>(n) : 0));
      if (n > 0) offset_ += static_cast<std::uint64_t>(n);
      if (buffer_.size() < count) throw std::runtime_error("cannot read the list of skipped calls back");
    }
    const std::string_view bytes(buffer_.data() + at_, count);
    at_ += count;
    return bytes;
  };
  auto get_string = [&] {
    std::uint64_t length = 0;
    std::memcpy(&length, take(sizeof length).data(), sizeof length);
    return std::string(take(static_cast<std::size_t>(length)));
  };
  current_.source = get_string();
  current_.reason = get_string();
}

}  // namespace conform
