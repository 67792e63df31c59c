#include <cstring>
#include <limits>
#include <unordered_map>
#include <vector>

#include "conform/flow.hpp"
#include "io/spill_file.hpp"

namespace conform {
namespace {

template <typename T>
void put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <typename T>
T get(const io::SpillFile& file, std::uint64_t& offset, std::string& buffer, std::size_t& at) {
  T value;
  std::memcpy(&value, io::take(file, offset, buffer, at, sizeof value).data(), sizeof value);
  return value;
}

}  // namespace

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
    const std::uint64_t next = get<std::uint64_t>(file, offset, buffer, in_buffer);
    call.status = static_cast<int>(get<std::uint32_t>(file, offset, buffer, in_buffer));
    call.line = get<std::uint64_t>(file, offset, buffer, in_buffer);
    call.column = get<std::uint64_t>(file, offset, buffer, in_buffer);
    call.step = io::take(file, offset, buffer, in_buffer, 1)[0] != '\0';
    call.entry = io::take_string(file, offset, buffer, in_buffer);
    call.path = io::take_string(file, offset, buffer, in_buffer);
    return next;
  }

 private:
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

namespace conform {

// Each flow as: its family, id and possession type, its status, its rules
// (a count, then each), then which store its calls are in and where.
struct FlowList::Spill {
  static constexpr std::uint32_t kNoStore = std::numeric_limits<std::uint32_t>::max();

  io::SpillFile file{"the flows of a capture"};
  std::vector<std::shared_ptr<FlowCalls::Store>> stores;  // one for a checker's flows; tests make more
  std::unordered_map<const FlowCalls::Store*, std::uint32_t> store_index;

  std::uint32_t index_of(const std::shared_ptr<FlowCalls::Store>& store) {
    if (!store) return kNoStore;
    const auto [known, added] = store_index.try_emplace(store.get(), static_cast<std::uint32_t>(stores.size()));
    if (added) stores.push_back(store);
    return known->second;
  }
};

FlowList::FlowList(std::initializer_list<Flow> flows) {
  for (const Flow& flow : flows) push_back(flow);
}

void FlowList::push_back(const Flow& flow) {
  if (!spill_) spill_ = std::make_shared<Spill>();
  std::string bytes;
  io::put_string(bytes, flow.family);
  io::put_string(bytes, flow.correlation_id);
  io::put_string(bytes, flow.possession_type);
  bytes += static_cast<char>(flow.status);
  put(bytes, static_cast<std::uint64_t>(flow.rules.size()));
  for (const std::string& rule : flow.rules) io::put_string(bytes, rule);
  put(bytes, spill_->index_of(flow.calls.store_));
  put(bytes, flow.calls.first_);
  put(bytes, flow.calls.last_);
  put(bytes, static_cast<std::uint64_t>(flow.calls.size_));
  spill_->file.append(bytes);
  ++size_;
}

Flow FlowList::operator[](std::size_t index) const {
  auto it = begin();
  for (std::size_t i = 0; i < index; ++i) ++it;
  return *it;
}

FlowList::const_iterator::const_iterator(const FlowList* list, std::size_t index) : list_(list), index_(index) {
  if (list_ != nullptr) load();
}

FlowList::const_iterator& FlowList::const_iterator::operator++() {
  ++index_;
  load();
  return *this;
}

void FlowList::const_iterator::load() {
  if (list_ == nullptr || index_ >= list_->size_) return;
  const Spill& spill = *list_->spill_;
  const io::SpillFile& file = spill.file;
  current_.family = io::take_string(file, offset_, buffer_, at_);
  current_.correlation_id = io::take_string(file, offset_, buffer_, at_);
  current_.possession_type = io::take_string(file, offset_, buffer_, at_);
  current_.status = static_cast<Status>(io::take(file, offset_, buffer_, at_, 1)[0]);
  current_.rules.resize(static_cast<std::size_t>(get<std::uint64_t>(file, offset_, buffer_, at_)));
  for (std::string& rule : current_.rules) rule = io::take_string(file, offset_, buffer_, at_);
  const auto store = get<std::uint32_t>(file, offset_, buffer_, at_);
  FlowCalls calls;
  if (store != Spill::kNoStore) calls.store_ = spill.stores[store];
  calls.first_ = get<std::uint64_t>(file, offset_, buffer_, at_);
  calls.last_ = get<std::uint64_t>(file, offset_, buffer_, at_);
  calls.size_ = static_cast<std::size_t>(get<std::uint64_t>(file, offset_, buffer_, at_));
  current_.calls = std::move(calls);
}

}  // namespace conform
