#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "conform/finding.hpp"

namespace conform {

// One finding of a FindingList, read in place: the fields of a Finding, as
// views into the list (valid while the list is neither changed nor destroyed).
struct FindingView {
  Severity severity = Severity::error;
  std::string_view instance_location;
  std::string_view keyword;
  std::string_view schema_location;
  std::string_view message;
  std::string_view hint;
  std::optional<std::string_view> value;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::string_view rule;
  std::span<const std::string> related;

  // An owning copy.
  Finding to_finding() const;
};

// The findings of one result, compact: a body can have hundreds of thousands.
// Each finding is a small fixed record; its pointer and value are kept in one
// buffer, and keywords, schema locations, messages, hints and rules, which
// repeat from finding to finding, are kept once each. Only flow findings pay
// for their related calls. Read as FindingViews; a Finding pushed in is copied.
class FindingList {
 public:
  class const_iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = FindingView;
    using difference_type = std::ptrdiff_t;
    using reference = FindingView;
    using pointer = void;

    const_iterator() = default;
    FindingView operator*() const { return (*list_)[index_]; }
    struct Arrow {
      FindingView view;
      const FindingView* operator->() const noexcept { return &view; }
    };
    Arrow operator->() const { return {**this}; }
    const_iterator& operator++() {
      ++index_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++index_;
      return before;
    }
    bool operator==(const const_iterator& other) const { return index_ == other.index_; }

   private:
    friend class FindingList;
    const_iterator(const FindingList* list, std::size_t index) : list_(list), index_(index) {}
    const FindingList* list_ = nullptr;
    std::size_t index_ = 0;
  };
  using iterator = const_iterator;
  using value_type = FindingView;
  using size_type = std::size_t;

  FindingList() = default;
  FindingList(std::initializer_list<Finding> findings);
  FindingList(const std::vector<Finding>& findings);  // NOLINT(google-explicit-constructor): a list of these

  std::size_t size() const noexcept { return records_.size(); }
  bool empty() const noexcept { return records_.empty(); }
  FindingView operator[](std::size_t index) const;
  FindingView front() const { return (*this)[0]; }
  FindingView back() const { return (*this)[records_.size() - 1]; }
  FindingView at(std::size_t index) const;  // throws std::out_of_range past the end
  const_iterator begin() const noexcept { return {this, 0}; }
  const_iterator end() const noexcept { return {this, records_.size()}; }

  // Owning copies of them all: for a short list, or a test.
  std::vector<Finding> to_vector() const;

  void push_back(const Finding& finding);
  // A long pointer (a member name of megabytes) is taken over, not copied.
  void push_back(Finding&& finding);
  void push_back(const FindingView& finding);
  // Room for this many findings (their fixed records), and for `text_bytes`
  // of their pointers and values.
  void reserve(std::size_t count, std::size_t text_bytes = 0);

  // For a producer of many lists of the same few strings (the one-pass
  // scanner): a list whose strings are interned once, copied for each body,
  // takes findings by those ids with no search and no string of their own.
  // An id holds in the list and in every copy of it.
  struct SharedIds {
    std::uint32_t keyword = 0;
    std::uint32_t schema_location = 0;
    std::uint32_t message = 0;
    std::uint32_t hint = 0;
  };
  std::uint32_t intern(std::string_view text);
  // An error finding; `pointer` and `value` are copied into the list's buffer.
  void push_back(const SharedIds& ids, std::string_view pointer, std::optional<std::string_view> value,
                 std::uint64_t line, std::uint64_t column);
  void clear();

  // Changes in place.
  void replace(std::size_t index, const Finding& finding);
  void erase(std::size_t index);
  // Keeps only the first `count` findings.
  void truncate(std::size_t count);
  void set_position(std::size_t index, std::uint64_t line, std::uint64_t column);
  // Adds `lines` to the line of every finding that has one (a body that starts
  // further down its file).
  void shift_lines(std::uint64_t lines);
  // Puts the findings in the order given: the finding at `order[i]` becomes
  // the i-th (`order` is a permutation of 0..size()-1).
  void reorder(std::vector<std::size_t> order);
  // Replaces every schema location by what `rewrite` makes of it, calling it
  // once for each different one.
  void rewrite_schema_locations(const std::function<std::string(std::string_view)>& rewrite);

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFU;
  // pointer_size of a record whose pointer and value are in long_[text].
  static constexpr std::uint32_t kLong = 0xFFFFFFFEU;
  static constexpr std::size_t kLongPointer = 64 * 1024;
  struct Record {
    std::uint64_t line = 0;
    std::uint64_t column = 0;
    std::uint64_t text = 0;  // offset in text_ of the pointer, then the value
    std::uint32_t pointer_size = 0;
    std::uint32_t value_size = kNone;  // kNone: no value
    std::uint32_t keyword = 0;         // ids of shared strings
    std::uint32_t schema_location = 0;
    std::uint32_t message = 0;
    std::uint32_t hint = 0;
    std::uint32_t flow = kNone;  // index in flows_, or kNone
    Severity severity = Severity::error;
  };
  struct FlowPart {
    std::uint32_t rule = 0;
    std::vector<std::string> related;
  };
  struct LongText {
    std::string pointer;
    std::optional<std::string> value;
  };
  struct Shared {
    std::uint64_t offset;
    std::uint64_t size;
  };

  Record record_of(Severity severity, std::string_view pointer, const std::optional<std::string_view>& value,
                   std::string_view keyword, std::string_view schema_location, std::string_view message,
                   std::string_view hint, std::uint64_t line, std::uint64_t column, std::string_view rule,
                   std::span<const std::string> related);
  Record record_of(const FindingView& finding);
  std::uint32_t share(std::string_view text);
  std::string_view shared(std::uint32_t id) const noexcept;
  void grow_index();
  void compact_text();
  void drop_text(const Record& record);

  std::vector<Record> records_;
  std::string text_;           // pointers and values, one after the other
  std::size_t dead_text_ = 0;  // bytes of text_ no record refers to any more
  std::vector<LongText> long_;
  std::string shared_text_;  // the shared strings, each once
  std::vector<Shared> shared_;
  std::vector<std::uint32_t> index_;  // open addressing: shared id + 1, 0 when free
  std::vector<FlowPart> flows_;
};

}  // namespace conform
