#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "conform/status.hpp"

namespace conform {

// One call of a flow, in the order the capture recorded it.
struct FlowCall {
  std::string entry;       // "/log/entries/3" in a HAR, "x.ndjson:7" in an NDJSON capture
  std::string path;        // "/v3/mfa", "/v3/mfa-status", "/v3/mfa-bind"
  int status = 0;          // HTTP status of the response; 0 when none was recorded
  std::uint64_t line = 0;  // where the call is in the capture file; 0 when unknown
  std::uint64_t column = 0;
  // false for an attempt (answered other than 2xx, or not at all) or a repeat
  // of the flow's previous request (a retry, a poll): not a step of the flow.
  bool step = true;
};

// The calls of one flow, in order. The flows of a capture may hold millions
// of calls, interleaved: the lists a checker makes share one store, which
// holds its last 64 KiB and moves the rest to an anonymous temporary file, so
// that memory stays flat; each call links to the next of its flow. Copies
// share the calls (append only to the list that made them); iterate it as
// often as needed, from any thread once it is made.
class FlowCalls {
 public:
  class Store;
  // One store for the lists of one capture's flows.
  static std::shared_ptr<Store> make_store();

  FlowCalls() = default;  // a store of its own, made at the first call
  explicit FlowCalls(std::shared_ptr<Store> store);
  FlowCalls(std::initializer_list<FlowCall> calls);

  void push_back(const FlowCall& call);
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  // By value, read from the store; `index` walks the flow from its first call (for tests).
  FlowCall operator[](std::size_t index) const;
  FlowCall back() const;

  class const_iterator {
   public:
    using value_type = FlowCall;
    using difference_type = std::ptrdiff_t;
    const FlowCall& operator*() const { return current_; }
    const FlowCall* operator->() const { return &current_; }
    const_iterator& operator++();
    bool operator==(const const_iterator& other) const { return index_ == other.index_; }
    bool operator!=(const const_iterator& other) const { return index_ != other.index_; }

   private:
    friend class FlowCalls;
    const_iterator(const FlowCalls* list, std::size_t index);
    void load();
    const FlowCalls* list_ = nullptr;
    std::size_t index_ = 0;
    std::uint64_t at_ = 0;      // the store offset of the call to load next
    std::uint64_t offset_ = 0;  // the store offset just past buffer_
    std::string buffer_;        // bytes read ahead from the store
    std::size_t in_buffer_ = 0;
    FlowCall current_;
  };
  const_iterator begin() const { return const_iterator(this, 0); }
  const_iterator end() const { return const_iterator(nullptr, size_); }

 private:
  friend class FlowList;
  std::shared_ptr<Store> store_;
  std::uint64_t first_ = 0;  // store offsets of the flow's first and last calls
  std::uint64_t last_ = 0;
  std::size_t size_ = 0;
};

// The calls of a capture that share one flow id (correlationId), and the
// verdict of their contract's flow rules on them.
struct Flow {
  std::string family;           // the contract's family: "V3 MFA", "V3 Unify"
  std::string correlation_id;   // personal enough to be masked in reports
  std::string possession_type;  // from the flow's opening request; empty when unknown
  FlowCalls calls;
  Status status = Status::pass;
  std::vector<std::string> rules;  // ids of the rules the flow breaks
};

// The flows of a capture, in the order they began. A capture may hold
// millions: each flow moves, once its verdict is known, to a store that keeps
// its last 64 KiB and moves the rest to an anonymous temporary file (its calls
// stay in theirs), so that memory stays flat however many flows there are.
// Copies share the flows (append only to the list that made them); iterate
// it as often as needed, from any thread once it is made.
class FlowList {
 public:
  FlowList() = default;
  FlowList(std::initializer_list<Flow> flows);

  void push_back(const Flow& flow);
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  // By value; reads the list up to `index` (for tests).
  Flow operator[](std::size_t index) const;

  class const_iterator {
   public:
    using value_type = Flow;
    using difference_type = std::ptrdiff_t;
    const Flow& operator*() const { return current_; }
    const Flow* operator->() const { return &current_; }
    const_iterator& operator++();
    bool operator==(const const_iterator& other) const { return index_ == other.index_; }
    bool operator!=(const const_iterator& other) const { return index_ != other.index_; }

   private:
    friend class FlowList;
    const_iterator(const FlowList* list, std::size_t index);
    void load();
    const FlowList* list_ = nullptr;
    std::size_t index_ = 0;
    std::uint64_t offset_ = 0;  // in the store, just past buffer_
    std::string buffer_;        // bytes read ahead from the store
    std::size_t at_ = 0;
    Flow current_;
  };
  const_iterator begin() const { return const_iterator(this, 0); }
  const_iterator end() const { return const_iterator(nullptr, size_); }

 private:
  struct Spill;
  std::shared_ptr<Spill> spill_;
  std::size_t size_ = 0;
};

// A recorded call conform did not check, and why: never silently dropped.
struct SkippedEntry {
  std::string source;  // "capture.har#/log/entries/5"
  std::string reason;  // "GET /favicon.ico is not a call of the V3 MFA or V3 Unify contracts"
};

}  // namespace conform
