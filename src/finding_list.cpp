#include "conform/finding_list.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>

#include "json/keyed_hash.hpp"

namespace conform {

Finding FindingView::to_finding() const {
  Finding finding;
  finding.severity = severity;
  finding.instance_location = instance_location;
  finding.keyword = keyword;
  finding.schema_location = schema_location;
  finding.message = message;
  finding.hint = hint;
  if (value) finding.value = std::string(*value);
  finding.line = line;
  finding.column = column;
  finding.rule = rule;
  finding.related.assign(related.begin(), related.end());
  return finding;
}

namespace {

std::uint32_t size32(std::size_t size) {
  // A pointer or value of 4 GiB cannot come from a body within --max-bytes.
  if (size >= std::numeric_limits<std::uint32_t>::max()) throw std::length_error("finding text of 4 GiB or more");
  return static_cast<std::uint32_t>(size);
}

}  // namespace

FindingList::FindingList(std::initializer_list<Finding> findings) {
  reserve(findings.size());
  for (const Finding& finding : findings) push_back(finding);
}

FindingList::FindingList(const std::vector<Finding>& findings) {
  reserve(findings.size());
  for (const Finding& finding : findings) push_back(finding);
}

FindingView FindingList::operator[](std::size_t index) const {
  const Record& record = records_[index];
  FindingView view;
  view.severity = record.severity;
  if (record.pointer_size == kLong) {
    const LongText& held = long_[record.text];
    view.instance_location = held.pointer;
    if (held.value) view.value = *held.value;
  } else {
    const std::string_view text(text_);
    view.instance_location = text.substr(record.text, record.pointer_size);
    if (record.value_size != kNone) view.value = text.substr(record.text + record.pointer_size, record.value_size);
  }
  view.keyword = shared(record.keyword);
  view.schema_location = shared(record.schema_location);
  view.message = shared(record.message);
  view.hint = shared(record.hint);
  view.line = record.line;
  view.column = record.column;
  if (record.flow != kNone) {
    const FlowPart& flow = flows_[record.flow];
    view.rule = shared(flow.rule);
    view.related = flow.related;
  }
  return view;
}

FindingView FindingList::at(std::size_t index) const {
  if (index >= records_.size()) throw std::out_of_range("FindingList::at");
  return (*this)[index];
}

std::vector<Finding> FindingList::to_vector() const {
  std::vector<Finding> findings;
  findings.reserve(records_.size());
  for (const FindingView finding : *this) findings.push_back(finding.to_finding());
  return findings;
}

FindingList::Record FindingList::record_of(Severity severity, std::string_view pointer,
                                           const std::optional<std::string_view>& value, std::string_view keyword,
                                           std::string_view schema_location, std::string_view message,
                                           std::string_view hint, std::uint64_t line, std::uint64_t column,
                                           std::string_view rule, std::span<const std::string> related) {
  Record record;
  record.severity = severity;
  record.line = line;
  record.column = column;
  record.text = text_.size();
  record.pointer_size = size32(pointer.size());
  text_ += pointer;
  if (value) {
    record.value_size = size32(value->size());
    text_ += *value;
  }
  record.keyword = share(keyword);
  record.schema_location = share(schema_location);
  record.message = share(message);
  record.hint = share(hint);
  if (!rule.empty() || !related.empty()) {
    record.flow = size32(flows_.size());
    flows_.push_back({share(rule), std::vector<std::string>(related.begin(), related.end())});
  }
  return record;
}

FindingList::Record FindingList::record_of(const FindingView& f) {
  return record_of(f.severity, f.instance_location, f.value, f.keyword, f.schema_location, f.message, f.hint, f.line,
                   f.column, f.rule, f.related);
}

void FindingList::push_back(const Finding& f) {
  const std::optional<std::string_view> value = f.value ? std::optional<std::string_view>(*f.value) : std::nullopt;
  records_.push_back(record_of(f.severity, f.instance_location, value, f.keyword, f.schema_location, f.message, f.hint,
                               f.line, f.column, f.rule, f.related));
}

void FindingList::push_back(Finding&& f) {
  if (f.instance_location.size() < kLongPointer) {
    push_back(static_cast<const Finding&>(f));
    return;
  }
  // Made as a short record first (no pointer, no value), then pointed at its own texts.
  Record record = record_of(f.severity, {}, std::nullopt, f.keyword, f.schema_location, f.message, f.hint, f.line,
                            f.column, f.rule, f.related);
  record.pointer_size = kLong;
  record.text = long_.size();
  long_.push_back({std::move(f.instance_location), std::move(f.value)});
  records_.push_back(record);
}

void FindingList::push_back(const FindingView& finding) {
  // `finding` may view this very list, whose buffers move as it grows: copied first then.
  const auto inside = [](std::string_view part, const std::string& buffer) {
    return !part.empty() && part.data() >= buffer.data() && part.data() < buffer.data() + buffer.size();
  };
  const bool in_long = std::any_of(long_.begin(), long_.end(), [&](const LongText& held) {
    return inside(finding.instance_location, held.pointer) ||
           (finding.value && held.value && inside(*finding.value, *held.value));
  });
  if (in_long || inside(finding.instance_location, text_) || (finding.value && inside(*finding.value, text_)) ||
      !finding.related.empty() || finding.instance_location.size() >= kLongPointer) {
    push_back(finding.to_finding());
    return;
  }
  records_.push_back(record_of(finding));
}

void FindingList::reserve(std::size_t count, std::size_t text_bytes) {
  records_.reserve(count);
  if (text_bytes != 0) text_.reserve(text_.size() + text_bytes);
}

std::uint32_t FindingList::intern(std::string_view text) {
  // Compared with each, building no table: a copy of the list then copies none,
  // and a later share() builds it from all of them.
  if (!index_.empty()) return share(text);
  for (std::uint32_t id = 0; id < shared_.size(); ++id) {
    if (shared(id) == text) return id;
  }
  shared_.push_back({shared_text_.size(), text.size()});
  shared_text_ += text;
  return size32(shared_.size() - 1);
}

void FindingList::push_back(const SharedIds& ids, std::string_view pointer, std::optional<std::string_view> value,
                            std::uint64_t line, std::uint64_t column) {
  if (pointer.size() >= kLongPointer) {
    Finding finding;
    finding.instance_location = pointer;
    if (value) finding.value = std::string(*value);
    finding.keyword = shared(ids.keyword);
    finding.schema_location = shared(ids.schema_location);
    finding.message = shared(ids.message);
    finding.hint = shared(ids.hint);
    finding.line = line;
    finding.column = column;
    push_back(std::move(finding));
    return;
  }
  Record& record = records_.emplace_back();
  record.line = line;
  record.column = column;
  record.text = text_.size();
  record.pointer_size = size32(pointer.size());
  text_ += pointer;
  if (value) {
    record.value_size = size32(value->size());
    text_ += *value;
  }
  record.keyword = ids.keyword;
  record.schema_location = ids.schema_location;
  record.message = ids.message;
  record.hint = ids.hint;
}

void FindingList::clear() { *this = FindingList(); }

void FindingList::drop_text(const Record& record) {
  if (record.pointer_size == kLong) {
    long_[record.text] = {};  // its slot stays: other records keep their indexes
    return;
  }
  dead_text_ += record.pointer_size + (record.value_size == kNone ? 0 : record.value_size);
}

void FindingList::replace(std::size_t index, const Finding& f) {
  drop_text(records_.at(index));
  const std::optional<std::string_view> value = f.value ? std::optional<std::string_view>(*f.value) : std::nullopt;
  // A flow part replaced is left unused: flow findings are few and never replaced in bulk.
  records_[index] = record_of(f.severity, f.instance_location, value, f.keyword, f.schema_location, f.message, f.hint,
                              f.line, f.column, f.rule, f.related);
  // Findings replaced over and over (a --max-findings heap) keep the text within twice what is live.
  constexpr std::size_t kSlack = 4096;
  if (dead_text_ > kSlack && dead_text_ > text_.size() / 2) compact_text();
}

void FindingList::compact_text() {
  std::string live;
  live.reserve(text_.size() - dead_text_);
  for (Record& record : records_) {
    if (record.pointer_size == kLong) continue;
    const std::size_t size = record.pointer_size + (record.value_size == kNone ? 0 : record.value_size);
    const std::size_t at = live.size();
    live.append(text_, record.text, size);
    record.text = at;
  }
  text_ = std::move(live);
  dead_text_ = 0;
}

void FindingList::erase(std::size_t index) {
  drop_text(records_.at(index));
  records_.erase(records_.begin() + static_cast<std::ptrdiff_t>(index));
}

void FindingList::truncate(std::size_t count) {
  if (count >= records_.size()) return;
  for (std::size_t i = count; i < records_.size(); ++i) drop_text(records_[i]);
  records_.resize(count);
}

void FindingList::set_position(std::size_t index, std::uint64_t line, std::uint64_t column) {
  Record& record = records_.at(index);
  record.line = line;
  record.column = column;
}

void FindingList::shift_lines(std::uint64_t lines) {
  if (lines == 0) return;
  for (Record& record : records_) {
    if (record.line != 0) record.line += lines;
  }
}

void FindingList::reorder(std::vector<std::size_t> order) {
  // Follows each cycle of the permutation, in place: position i wants records_[order[i]].
  for (std::size_t i = 0; i < order.size(); ++i) {
    std::size_t current = i;
    while (order[current] != i) {
      const std::size_t next = order[current];
      std::swap(records_[current], records_[next]);
      order[current] = current;
      current = next;
    }
    order[current] = current;
  }
}

void FindingList::rewrite_schema_locations(const std::function<std::string(std::string_view)>& rewrite) {
  std::vector<std::uint32_t> rewritten(shared_.size(), kNone);
  for (Record& record : records_) {
    std::uint32_t& made = rewritten[record.schema_location];
    if (made == kNone) made = share(rewrite(shared(record.schema_location)));
    record.schema_location = made;
  }
}

std::string_view FindingList::shared(std::uint32_t id) const noexcept {
  const Shared& entry = shared_[id];
  return std::string_view(shared_text_).substr(entry.offset, entry.size);
}

std::uint32_t FindingList::share(std::string_view text) {
  // A few strings are found by comparing them, with no table: hashing took a
  // fifth of a failing body of two findings. Past that, a table keeps it linear.
  constexpr std::size_t kCompared = 8;
  if (index_.empty() && shared_.size() < kCompared) {
    for (std::uint32_t id = 0; id < shared_.size(); ++id) {
      if (shared(id) == text) return id;
    }
    shared_.push_back({shared_text_.size(), text.size()});
    shared_text_ += text;
    return size32(shared_.size() - 1);
  }
  if (shared_.size() * 2 >= index_.size()) grow_index();
  const std::size_t mask = index_.size() - 1;
  for (std::size_t slot = json::keyed_hash(text) & mask;; slot = (slot + 1) & mask) {
    const std::uint32_t held = index_[slot];
    if (held == 0) {
      const std::uint32_t id = size32(shared_.size());
      shared_.push_back({shared_text_.size(), text.size()});
      shared_text_ += text;
      index_[slot] = id + 1;
      return id;
    }
    if (shared(held - 1) == text) return held - 1;
  }
}

void FindingList::grow_index() {
  // Interned strings may be more than the table was ever sized for: room for twice them all.
  std::size_t size = index_.empty() ? 16 : index_.size() * 2;
  while (size < 2 * (shared_.size() + 1)) size *= 2;
  std::vector<std::uint32_t> index(size, 0);
  const std::size_t mask = index.size() - 1;
  for (std::uint32_t id = 0; id < shared_.size(); ++id) {
    std::size_t slot = json::keyed_hash(shared(id)) & mask;
    while (index[slot] != 0) slot = (slot + 1) & mask;
    index[slot] = id + 1;
  }
  index_ = std::move(index);
}

}  // namespace conform
