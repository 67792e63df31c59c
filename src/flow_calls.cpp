#include <cstring>
#include <limits>

#include "conform/flow.hpp"
#include "io/spill_file.hpp"

namespace conform {

// Each call as: the store offset of its flow's next call (kNone for the last),
// its status, line, column and step, then its entry and path as strings.
class FlowCalls::Store {
 public:
  static constexpr std::uint64_t kNone = std::numeric_limits<std::uint64_t>::max();

  std::uint64_t append(const FlowCall& call) {
    const std::uint64_t at = file.size();
    std::string bytes;
    put(bytes, kNone);
    put(bytes, static_cast<std::uint32_t>(call.status));
    put(bytes, call.line);
    put(bytes, call.column);
    bytes += call.step ? '\1' : '\0';
    io::put_string(bytes, call.entry);
    io::put_string(bytes, call.path);
    file.append(bytes);
    return at;
  }

  void link(std::uint64_t from, std::uint64_t to) {
    std::string bytes;
    put(bytes, to);
    file.overwrite(from, bytes);
  }

  // The call at `at`, read through a pass's bytes; returns the offset of the next.
  std::uint64_t read(std::uint64_t at, std::uint64_t& offset, std::string& buffer, std::size_t& in_buffer,
                     FlowCall& call) const {
    io::seek(at, offset, buffer, in_buffer);
    const std::uint64_t next = get<std::uint64_t>(offset, buffer, in_buffer);
    call.status = static_cast<int>(get<std::uint32_t>(offset, buffer, in_buffer));
    call.line = get<std::uint64_t>(offset, buffer, in_buffer);
    call.column = get<std::uint64_t>(offset, buffer, in_buffer);
    call.step = io::take(file, offset, buffer, in_buffer, 1)[0] != '\0';
    call.entry = io::take_string(file, offset, buffer, in_buffer);
    call.path = io::take_string(file, offset, buffer, in_buffer);
    return next;
  }

 private:
  template <typename T>
  static void put(std::string& out, T value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  template <typename T>
  T get(std::uint64_t& offset, std::string& buffer, std::size_t& in_buffer) const {
    T value;
    std::memcpy(&value, io::take(file, offset, buffer, in_buffer, sizeof value).data(), sizeof value);
    return value;
  }

  io::SpillFile file{"the calls of a capture's flows"};
};

std::shared_ptr<FlowCalls::Store> FlowCalls::make_store() { return std::make_shared<Store>(); }

FlowCalls::FlowCalls(std::shared_ptr<Store> store) : store_(std::move(store)) {}

FlowCalls::FlowCalls(std::initializer_list<FlowCall> calls) {
  for (const FlowCall& call : calls) push_back(call);
}

void FlowCalls::push_back(const FlowCall& call) {
  if (!store_) store_ = make_store();
  const std::uint64_t at = store_->append(call);
  if (size_ == 0) {
    first_ = at;
  } else {
    store_->link(last_, at);
  }
  last_ = at;
  ++size_;
}

FlowCall FlowCalls::operator[](std::size_t index) const {
  auto it = begin();
  for (std::size_t i = 0; i < index; ++i) ++it;
  return *it;
}

FlowCall FlowCalls::back() const {
  FlowCall call;
  if (size_ == 0) return call;
  std::uint64_t offset = 0;
  std::string buffer;
  std::size_t in_buffer = 0;
  store_->read(last_, offset, buffer, in_buffer, call);
  return call;
}

FlowCalls::const_iterator::const_iterator(const FlowCalls* list, std::size_t index) : list_(list), index_(index) {
  if (list_ != nullptr) {
    at_ = list_->first_;
    load();
  }
}

FlowCalls::const_iterator& FlowCalls::const_iterator::operator++() {
  ++index_;
  load();
  return *this;
}

void FlowCalls::const_iterator::load() {
  if (list_ == nullptr || index_ >= list_->size_) return;
  at_ = list_->store_->read(at_, offset_, buffer_, in_buffer_, current_);
}

}  // namespace conform
