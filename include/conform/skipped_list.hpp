#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "conform/flow.hpp"

namespace conform {

// The recorded calls a capture did not check, in order. A capture may skip
// millions: past kInMemory entries they move to an anonymous temporary file,
// so that memory stays flat. Copies share the entries; iterate it as often
// as needed (each pass reads it from the start).
class SkippedList {
 public:
  static constexpr std::size_t kInMemory = 1024;

  SkippedList() = default;
  SkippedList(std::initializer_list<SkippedEntry> entries);

  void push_back(SkippedEntry entry);
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  // By value; past the entries in memory it reads the file up to `index` (for tests).
  SkippedEntry operator[](std::size_t index) const;

  class const_iterator {
   public:
    using value_type = SkippedEntry;
    using difference_type = std::ptrdiff_t;
    const SkippedEntry& operator*() const { return current_; }
    const SkippedEntry* operator->() const { return &current_; }
    const_iterator& operator++();
    bool operator==(const const_iterator& other) const { return index_ == other.index_; }
    bool operator!=(const const_iterator& other) const { return index_ != other.index_; }

   private:
    friend class SkippedList;
    const_iterator(const SkippedList* list, std::size_t index);
    void load();
    const SkippedList* list_ = nullptr;
    std::size_t index_ = 0;
    std::uint64_t offset_ = 0;  // in the file, of the next entry
    std::string buffer_;        // bytes read ahead from the file
    std::size_t at_ = 0;
    SkippedEntry current_;
  };
  const_iterator begin() const { return const_iterator(this, 0); }
  const_iterator end() const { return const_iterator(nullptr, size_); }

 private:
  struct Spill;
  std::vector<SkippedEntry> memory_;  // the first entries, or all of them
  std::shared_ptr<Spill> spill_;      // the rest, in order
  std::size_t size_ = 0;
};

}  // namespace conform
