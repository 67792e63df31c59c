#include "json/strict_reader.hpp"

#include <fmt/format.h>

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <sys/mman.h>
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <functional>
#include <limits>
#include <new>
#include <string>
#include <utility>

#include "json/json_pointer.hpp"
#include "json/keyed_hash.hpp"
#include "json/text_position.hpp"
#include "json/utf8.hpp"

namespace conform::json {
namespace {

// Numbers arrive as text and read_number makes them the nearest double, so that
// comparisons and multipleOf see the number that was written.
constexpr unsigned kStrictFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;
constexpr std::size_t kLongestNotedPointer = 4096;

Finding well_formedness_finding(std::string_view body, std::size_t offset, std::string keyword, std::string message,
                                std::string instance_location = {}) {
  Finding finding;
  finding.keyword = std::move(keyword);
  finding.message = std::move(message);
  finding.instance_location = std::move(instance_location);
  const TextPosition position = position_at(body, offset);
  finding.line = position.line;
  finding.column = position.column;
  return finding;
}

// The offset where the token after `offset` starts: RapidJSON reports
// scalars and names after consuming them, so we step over the separators.
std::size_t next_token(std::string_view body, std::size_t offset) noexcept {
  while (offset < body.size()) {
    const char c = body[offset];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ',' && c != ':') break;
    ++offset;
  }
  return offset;
}

// Follows the parse as a SAX handler: keeps the JSON Pointer of the current
// value and the offset where each token starts. Both passes (the strict read
// and the offset index) derive from it.
template <typename Derived>
class PathTracker {
 public:
  PathTracker(std::string_view body, rapidjson::MemoryStream& stream) : body_(body), stream_(stream) {}

  bool Null() { return scalar(); }
  bool Bool(bool) { return scalar(); }
  bool Int(int) { return scalar(); }
  bool Uint(unsigned) { return scalar(); }
  bool Int64(std::int64_t) { return scalar(); }
  bool Uint64(std::uint64_t) { return scalar(); }
  bool Double(double) { return scalar(); }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return scalar(); }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    return scalar() && self().on_text(std::string_view(text, length), last_start_);
  }

  bool StartObject() { return open(true); }
  bool StartArray() { return open(false); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  bool Key(const char* name, rapidjson::SizeType length, bool) {
    const std::size_t start = next_token(body_, last_end_);
    last_end_ = stream_.Tell();
    Frame& frame = frames_.back();
    pointer_.resize(frame.pointer_length);
    append_pointer_token(pointer_, std::string_view(name, length));
    key_start_ = start;
    return self().on_key(std::string_view(name, length), start) &&
           self().on_text(std::string_view(name, length), start);
  }

 protected:
  const std::string& pointer() const noexcept { return pointer_; }
  std::size_t value_start() const noexcept { return last_start_; }
  std::size_t depth() const noexcept { return frames_.size(); }
  std::string_view body_;

 private:
  struct Frame {
    bool is_object;
    std::size_t pointer_length;
    std::size_t next_index;
  };

  Derived& self() { return static_cast<Derived&>(*this); }

  // Array elements get their index appended before the value is seen.
  void enter_value() {
    if (!frames_.empty() && !frames_.back().is_object) {
      Frame& frame = frames_.back();
      pointer_.resize(frame.pointer_length);
      append_pointer_index(pointer_, frame.next_index++);
    }
  }

  std::size_t key_offset(std::size_t value_start) const {
    return (!frames_.empty() && frames_.back().is_object) ? key_start_ : value_start;
  }

  bool scalar() {
    enter_value();
    const std::size_t start = next_token(body_, last_end_);
    last_end_ = stream_.Tell();
    last_start_ = start;
    return self().on_value(start, key_offset(start));
  }

  bool open(bool is_object) {
    enter_value();
    const std::size_t start = stream_.Tell();  // RapidJSON reports the bracket before consuming it
    last_end_ = start + 1;
    if (!self().on_value(start, key_offset(start))) return false;
    frames_.push_back(Frame{is_object, pointer_.size(), 0});
    return self().on_open(is_object, start);
  }

  bool close() {
    last_end_ = stream_.Tell() + 1;
    frames_.pop_back();
    if (!frames_.empty()) pointer_.resize(frames_.back().pointer_length);
    return self().on_close();
  }

  rapidjson::MemoryStream& stream_;
  std::vector<Frame> frames_;
  std::string pointer_;
  std::size_t last_end_ = 0;
  std::size_t last_start_ = 0;
  std::size_t key_start_ = 0;
};

// The text of the member name whose opening quote is at `start` (the body is
// well formed up to there): a view of the body when it has no escape,
// otherwise decoded into `decoded`.
std::string_view member_name(std::string_view body, std::size_t start, std::string& decoded) {
  const std::size_t end = body.find_first_of("\"\\", start + 1);
  if (end != std::string_view::npos && body[end] == '"') return body.substr(start + 1, end - start - 1);
  struct Capture : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, Capture> {
    std::string& text;
    explicit Capture(std::string& out) : text(out) {}
    bool String(const char* s, rapidjson::SizeType n, bool) {
      text.assign(s, n);
      return true;
    }
  } capture(decoded);
  rapidjson::MemoryStream stream(body.data() + start, body.size() - start);
  rapidjson::Reader reader;
  reader.Parse<rapidjson::kParseStopWhenDoneFlag>(stream, capture);
  return decoded;
}

// Zeroed slots of a NameTable. A large table is mapped on its own, so that its
// pages go back to the system as soon as it is dropped: an allocator keeps
// freed blocks, and a million members' 8 MiB would stay beside the document
// the second pass builds.
class Slots {
 public:
  Slots() = default;
  explicit Slots(std::size_t count) : size_(count) {
    if (count * sizeof(std::uint32_t) >= kMappedBytes) {
      void* pages = ::mmap(nullptr, bytes(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (pages == MAP_FAILED) throw std::bad_alloc();
      data_ = static_cast<std::uint32_t*>(pages);  // anonymous pages are zero
    } else {
      small_.assign(count, 0);
      data_ = small_.data();
    }
  }
  Slots(Slots&& other) noexcept { swap(other); }
  Slots& operator=(Slots&& other) noexcept {
    Slots(std::move(other)).swap(*this);
    return *this;
  }
  Slots(const Slots&) = delete;
  Slots& operator=(const Slots&) = delete;
  ~Slots() {
    if (small_.empty() && data_ != nullptr) ::munmap(data_, bytes());
  }
  void swap(Slots& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    small_.swap(other.small_);  // a vector's buffer stays where it is when swapped
  }
  void zero() noexcept { std::fill(data_, data_ + size_, 0U); }
  std::uint32_t& operator[](std::size_t at) noexcept { return data_[at]; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }

 private:
  static constexpr std::size_t kMappedBytes = std::size_t{1} << 20;
  std::size_t bytes() const noexcept { return size_ * sizeof(std::uint32_t); }
  std::uint32_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::vector<std::uint32_t> small_;
};

// The member names of one object, by hash (open addressing, linear probing):
// each slot holds 1 + the offset of a name's opening quote in the body, and
// names are compared by their text there. Four bytes a slot, at most half
// full: a million members take 8 MiB, and each name is looked at once.
class NameTable {
 public:
  static constexpr std::size_t kNew = std::numeric_limits<std::size_t>::max();

  // Empties the table without touching more than it used.
  void reset() {
    if (used_ == 0 && !slots_.empty()) return;
    if (slots_.size() == kFirstSize) {
      slots_.zero();  // the common case: a small object after another, with no allocation
    } else {
      slots_ = Slots(kFirstSize);
    }
    used_ = 0;
  }

  // Adds the name at `start`; returns the offset of an earlier member of the
  // same name (which stays the one that counts), or kNew.
  std::size_t insert(std::string_view body, std::string_view name, std::size_t start) {
    if (2 * (used_ + 1) > slots_.size()) grow(body);
    std::string decoded;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = hash(name) & mask;; at = (at + 1) & mask) {
      const std::uint32_t slot = slots_[at];
      if (slot == 0) {
        slots_[at] = static_cast<std::uint32_t>(start + 1);
        ++used_;
        return kNew;
      }
      if (member_name(body, slot - 1, decoded) == name) return slot - 1;
    }
  }

 private:
  static constexpr std::size_t kFirstSize = 16;
  static std::size_t hash(std::string_view name) noexcept { return keyed_hash(name); }

  void grow(std::string_view body) {
    Slots old(2 * slots_.size());
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    std::string decoded;
    for (std::size_t i = 0; i < old.size(); ++i) {
      const std::uint32_t slot = old[i];
      if (slot == 0) continue;
      std::size_t at = hash(member_name(body, slot - 1, decoded)) & mask;
      while (slots_[at] != 0) at = (at + 1) & mask;
      slots_[at] = slot;
    }
  }

  Slots slots_;
  std::size_t used_ = 0;
};

// A pointer as the offsets noted while reading keep it: past a few KiB (a
// long member name) by its keyed hash and length, not copied (a second pass
// to place the findings cost the reader's copy of the name and the pointer once more).
std::string noted_pointer(std::string_view pointer) {
  if (pointer.size() <= kLongestNotedPointer) return std::string(pointer);
  return fmt::format("\x01{:x}:{}", keyed_hash(pointer), pointer.size());  // no pointer starts with \x01
}

class StrictHandler : public PathTracker<StrictHandler> {
 public:
  StrictHandler(std::string_view body, rapidjson::MemoryStream& stream, const Limits& limits,
                std::vector<std::pair<std::string, ValueOffsets>>* offsets)
      : PathTracker(body, stream), limits_(limits), offsets_(offsets) {}

  // Noting every value while reading saves a second parse to place findings.
  bool on_value(std::size_t start, std::size_t key_start) {
    if (stop_check_due() && limits_.stop_requested()) {
      stop_finding_ = interrupted_finding();
      return false;
    }
    if (offsets_ != nullptr) {
      if (offsets_->size() < OffsetIndex::kMostValues) {
        offsets_->emplace_back(noted_pointer(pointer()), ValueOffsets{start, key_start});
      } else {
        too_many_values_ = true;
      }
    }
    return true;
  }
  bool on_open(bool, std::size_t start) {
    if (depth() > limits_.max_depth) {
      stop_finding_ = well_formedness_finding(
          body_, start, "limit", fmt::format("nesting deeper than the limit of {} levels", limits_.max_depth));
      return false;
    }
    // Arrays get a table too, so that the tables follow the nesting.
    if (names_.size() < depth()) names_.emplace_back();
    names_[depth() - 1].reset();
    return true;
  }
  bool on_close() { return true; }
  bool on_key(std::string_view name, std::size_t start) {
    const std::size_t first = names_[depth() - 1].insert(body_, name, start);
    if (first != NameTable::kNew) {
      if (limits_.max_findings != 0 && duplicates_.size() >= limits_.max_findings) {
        ++omitted_;  // counted, not kept: memory stays within --max-findings
      } else {
        duplicates_.push_back(Duplicate{start, first, pointer()});
      }
    }
    return true;
  }

  // RapidJSON decodes an escaped lone low surrogate (\udc00) into bytes that
  // are not UTF-8 (ED B0 80) instead of rejecting it.
  bool on_text(std::string_view text, std::size_t start) {
    for (auto at = text.find('\xED'); at != std::string_view::npos; at = text.find('\xED', at + 1)) {
      if (at + 1 < text.size() && static_cast<unsigned char>(text[at + 1]) >= 0xA0) {
        stop_finding_ = well_formedness_finding(body_, start, "encoding", "\\u escape is an unpaired UTF-16 surrogate");
        return false;
      }
    }
    return true;
  }

  // A number past the largest double, found once its text is converted.
  bool number_too_big() {
    stop_finding_ = well_formedness_finding(body_, value_start(), "limit", "number too large for a double");
    return false;
  }

  // The duplicateKey findings, placed in one pass over the body.
  std::vector<Finding> duplicate_findings() const {
    std::vector<std::size_t> offsets;
    offsets.reserve(2 * duplicates_.size());
    for (const Duplicate& duplicate : duplicates_) {
      offsets.push_back(duplicate.offset);
      offsets.push_back(duplicate.first);
    }
    const std::vector<TextPosition> positions = positions_at(body_, offsets);
    std::vector<Finding> findings;
    findings.reserve(duplicates_.size());
    for (std::size_t i = 0; i < duplicates_.size(); ++i) {
      const TextPosition& original = positions[2 * i + 1];
      Finding finding;
      finding.keyword = "duplicateKey";
      finding.message = fmt::format(
          "duplicate member name; first defined at line {}, column {} (RFC 8259 leaves the meaning of duplicates "
          "undefined)",
          original.line, original.column);
      finding.instance_location = duplicates_[i].pointer;
      finding.line = positions[2 * i].line;
      finding.column = positions[2 * i].column;
      findings.push_back(std::move(finding));
    }
    return findings;
  }

  std::optional<Finding> stop_finding_;
  std::size_t omitted_ = 0;
  bool too_many_values_ = false;

 private:
  struct Duplicate {
    std::size_t offset;  // the duplicate's opening quote
    std::size_t first;   // the first one's
    std::string pointer;
  };
  // A stop request is looked at every few thousand values: a load is cheap,
  // but not free, and a thousand values take microseconds.
  bool stop_check_due() noexcept { return (++values_ & 4095U) == 0; }

  const Limits& limits_;
  std::vector<std::pair<std::string, ValueOffsets>>* offsets_;
  std::vector<Duplicate> duplicates_;
  std::size_t values_ = 0;
  // The member names of each open container, by depth; a table keeps its
  // room when its container closes, for the next one at that depth.
  std::vector<NameTable> names_;
};

// The first pass: every event goes to the checks, and the number of items or
// members of each container is noted in the order they open, so that the
// second pass builds each one at its final size.
class CheckingPass {
 public:
  explicit CheckingPass(StrictHandler& checks) : checks_(checks) {}
  bool Null() { return checks_.Null(); }
  bool Bool(bool b) { return checks_.Bool(b); }
  bool Int(int i) { return checks_.Int(i); }
  bool Uint(unsigned u) { return checks_.Uint(u); }
  bool Int64(std::int64_t i) { return checks_.Int64(i); }
  bool Uint64(std::uint64_t u) { return checks_.Uint64(u); }
  bool Double(double d) { return checks_.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool c) {
    if (!checks_.RawNumber(s, n, c)) return false;
    return read_number(std::string_view(s, n)).kind != NumberValue::Kind::too_big || checks_.number_too_big();
  }
  bool String(const char* s, rapidjson::SizeType n, bool c) { return checks_.String(s, n, c); }
  bool StartObject() { return open() && checks_.StartObject(); }
  bool Key(const char* s, rapidjson::SizeType n, bool c) { return checks_.Key(s, n, c); }
  bool EndObject(rapidjson::SizeType n) { return close(n) && checks_.EndObject(n); }
  bool StartArray() { return open() && checks_.StartArray(); }
  bool EndArray(rapidjson::SizeType n) { return close(n) && checks_.EndArray(n); }

  std::vector<rapidjson::SizeType> sizes;  // of each container, in the order they open

 private:
  bool open() {
    open_.push_back(sizes.size());
    sizes.push_back(0);
    return true;
  }
  bool close(rapidjson::SizeType count) {
    sizes[open_.back()] = count;
    open_.pop_back();
    return true;
  }
  StrictHandler& checks_;
  std::vector<std::size_t> open_;
};

}  // namespace
}  // namespace conform::json

namespace conform::json::detail {
struct ObjectRoom {};
}  // namespace conform::json::detail

// RapidJSON 1.1 has no way to reserve an object's members (Reserve is for
// arrays): growing one a member at a time copies it into new blocks of the
// pool and keeps the old ones, and its DOM handler stacks every member before
// a copy, so a million members took twice their size. Every GenericValue is
// a friend of the others; this one sets an empty object's room.
template <>
class rapidjson::GenericValue<rapidjson::UTF8<>, conform::json::detail::ObjectRoom> {
 public:
  static void reserve(rapidjson::Value& object, rapidjson::SizeType capacity,
                      rapidjson::Value::AllocatorType& allocator) {
    object.SetObject();
    if (capacity == 0) return;
    object.SetMembersPointer(
        static_cast<rapidjson::Value::Member*>(allocator.Malloc(capacity * sizeof(rapidjson::Value::Member))));
    object.data_.o.capacity = capacity;
  }
};

namespace conform::json {
namespace {

// The second pass, over a body the first found well formed: builds the
// document in place, each container at the size the first pass noted, so no
// value is ever stacked or copied. With `body_strings`, a string without an
// escape is a view of the body rather than a copy.
class SizedBuilder {
 public:
  SizedBuilder(rapidjson::Document& document, const std::vector<rapidjson::SizeType>& sizes, std::string_view body,
               rapidjson::MemoryStream& stream, bool body_strings)
      : document_(document),
        allocator_(document.GetAllocator()),
        sizes_(sizes),
        body_(body),
        stream_(stream),
        body_strings_(body_strings) {}

  bool Null() { return place().SetNull(), true; }
  bool Bool(bool b) { return place().SetBool(b), true; }
  bool Int(int i) { return place().SetInt(i), true; }
  bool Uint(unsigned u) { return place().SetUint(u), true; }
  bool Int64(std::int64_t i) { return place().SetInt64(i), true; }
  bool Uint64(std::uint64_t u) { return place().SetUint64(u), true; }
  bool Double(double d) { return place().SetDouble(d), true; }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    const NumberValue number = read_number(std::string_view(s, n));
    rapidjson::Value& value = place();
    switch (number.kind) {
      case NumberValue::Kind::int32:
        value.SetInt(static_cast<int>(number.signed_value));
        break;
      case NumberValue::Kind::uint32:
        value.SetUint(static_cast<unsigned>(number.unsigned_value));
        break;
      case NumberValue::Kind::int64:
        value.SetInt64(number.signed_value);
        break;
      case NumberValue::Kind::uint64:
        value.SetUint64(number.unsigned_value);
        break;
      case NumberValue::Kind::real:
      case NumberValue::Kind::too_big:  // the first pass refused those
        value.SetDouble(number.real);
        break;
    }
    return true;
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    set_string(place(), s, n);
    return true;
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    set_string(key_, s, n);
    return true;
  }
  bool StartObject() {
    rapidjson::Value& object = place();
    rapidjson::GenericValue<rapidjson::UTF8<>, detail::ObjectRoom>::reserve(object, sizes_[next_size_++], allocator_);
    open_.push_back(&object);
    return true;
  }
  bool StartArray() {
    rapidjson::Value& array = place();
    array.SetArray();
    array.Reserve(sizes_[next_size_++], allocator_);
    open_.push_back(&array);
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return open_.pop_back(), true; }
  bool EndArray(rapidjson::SizeType) { return open_.pop_back(), true; }

 private:
  // The slot of the next value: the root, or a new last item or member of the
  // open container, whose room is reserved, so no earlier slot ever moves.
  rapidjson::Value& place() {
    if (open_.empty()) return document_;
    rapidjson::Value& container = *open_.back();
    if (container.IsArray()) {
      container.PushBack(rapidjson::Value(), allocator_);
      return container[container.Size() - 1];
    }
    container.AddMember(key_, rapidjson::Value(), allocator_);
    return (container.MemberEnd() - 1)->value;
  }

  // RapidJSON reports a string once past its closing quote; without an escape
  // its text is the n bytes before the quote. Short ones live in the value.
  void set_string(rapidjson::Value& value, const char* s, rapidjson::SizeType n) {
    constexpr rapidjson::SizeType kShort = 16;
    const std::size_t end = stream_.Tell();
    if (body_strings_ && n >= kShort && end >= n + 2 && std::string_view(s, n) == body_.substr(end - 1 - n, n)) {
      value.SetString(rapidjson::StringRef(body_.data() + (end - 1 - n), n));
    } else {
      value.SetString(s, n, allocator_);
    }
  }

  rapidjson::Document& document_;
  rapidjson::Document::AllocatorType& allocator_;
  const std::vector<rapidjson::SizeType>& sizes_;
  std::size_t next_size_ = 0;
  std::string_view body_;
  rapidjson::MemoryStream& stream_;
  bool body_strings_;
  std::vector<rapidjson::Value*> open_;
  rapidjson::Value key_;
};

std::string_view syntax_keyword(rapidjson::ParseErrorCode code) noexcept {
  switch (code) {
    case rapidjson::kParseErrorStringUnicodeSurrogateInvalid:
      return "encoding";
    case rapidjson::kParseErrorNumberTooBig:
      return "limit";
    default:
      return "syntax";
  }
}

std::string syntax_message(rapidjson::ParseErrorCode code, std::string_view body, std::size_t offset) {
  // RapidJSON 1.1 reports a raw control character in a string as a bad escape.
  if (offset < body.size() && static_cast<unsigned char>(body[offset]) < 0x20 &&
      (code == rapidjson::kParseErrorStringEscapeInvalid || code == rapidjson::kParseErrorStringInvalidEncoding)) {
    return "control character in a string: it must be escaped (\\t, \\n, \\u0001 ...)";
  }
  switch (code) {
    case rapidjson::kParseErrorDocumentEmpty:
      return "empty body: a JSON text needs a value";
    case rapidjson::kParseErrorDocumentRootNotSingular:
      return "unexpected content after the JSON value";
    case rapidjson::kParseErrorStringUnicodeSurrogateInvalid:
      return "\\u escape is an unpaired UTF-16 surrogate";
    case rapidjson::kParseErrorNumberTooBig:
      return "number too large for a double";
    case rapidjson::kParseErrorValueInvalid:
      return "invalid value: expected an object, array, string, number, true, false or null";
    case rapidjson::kParseErrorObjectMissName:
      return "expected a member name in double quotes (a trailing comma or an unquoted name?)";
    case rapidjson::kParseErrorObjectMissColon:
      return "expected ':' after the member name";
    case rapidjson::kParseErrorObjectMissCommaOrCurlyBracket:
      return "expected ',' or '}' after an object member";
    case rapidjson::kParseErrorArrayMissCommaOrSquareBracket:
      return "expected ',' or ']' after an array item";
    case rapidjson::kParseErrorStringUnicodeEscapeInvalidHex:
      return "\\u must be followed by four hexadecimal digits";
    case rapidjson::kParseErrorStringEscapeInvalid:
      return "invalid escape; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX";
    case rapidjson::kParseErrorStringMissQuotationMark:
      return "string is not closed with a double quote";
    case rapidjson::kParseErrorNumberMissFraction:
      return "number needs digits after the decimal point";
    case rapidjson::kParseErrorNumberMissExponent:
      return "number needs digits in its exponent";
    default:
      return rapidjson::GetParseError_En(code);
  }
}

// Whether a number std::from_chars found out of a double's range is too large
// rather than too small: the power of ten of its first significant digit says.
bool beyond_largest_double(std::string_view text) noexcept {
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t at = text.starts_with('-') ? 1 : 0;
  std::int64_t power = 0;  // the number is 0.d1d2... times ten to this
  bool significant = false;
  for (; at < text.size() && is_digit(text[at]); ++at) {
    significant = significant || text[at] != '0';
    if (significant) ++power;
  }
  if (at < text.size() && text[at] == '.') {
    for (++at; at < text.size() && is_digit(text[at]); ++at) {
      if (significant) continue;
      significant = text[at] != '0';
      if (!significant) --power;
    }
  }
  if (!significant) return false;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    const bool negative = at < text.size() && text[at] == '-';
    if (at < text.size() && (text[at] == '-' || text[at] == '+')) ++at;
    std::int64_t exponent = 0;  // saturated: a billion is past any double already
    for (; at < text.size() && is_digit(text[at]); ++at) {
      exponent = std::min<std::int64_t>(exponent * 10 + (text[at] - '0'), 1'000'000'000);
    }
    power += negative ? -exponent : exponent;
  }
  return power > 0;
}

}  // namespace

NumberValue read_number(std::string_view text) noexcept {
  NumberValue number;
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  if (text.find_first_of(".eE") == std::string_view::npos) {
    // Integers as RapidJSON sorts them: 32 bits when they fit, else 64, else a double.
    if (text.starts_with('-')) {
      std::int64_t value = 0;
      if (std::from_chars(begin, end, value).ec == std::errc()) {
        number.kind =
            value >= std::numeric_limits<std::int32_t>::min() ? NumberValue::Kind::int32 : NumberValue::Kind::int64;
        number.signed_value = value;
        return number;
      }
    } else {
      std::uint64_t value = 0;
      if (std::from_chars(begin, end, value).ec == std::errc()) {
        number.kind =
            value <= std::numeric_limits<std::uint32_t>::max() ? NumberValue::Kind::uint32 : NumberValue::Kind::uint64;
        number.unsigned_value = value;
        return number;
      }
    }
  }
  // from_chars rounds correctly, however many digits the text has.
  double value = 0;
  if (std::from_chars(begin, end, value).ec == std::errc::result_out_of_range) {
    if (beyond_largest_double(text)) {
      number.kind = NumberValue::Kind::too_big;
      return number;
    }
    value = text.starts_with('-') ? -0.0 : 0.0;
  }
  number.real = value;
  return number;
}

Finding interrupted_finding() {
  Finding finding;
  finding.keyword = std::string(kInterruptedKeyword);
  finding.message = "the check was stopped before its end by a stop request";
  return finding;
}

Finding size_limit_finding(std::uint64_t size, const Limits& limits, bool size_known) {
  Finding finding;
  finding.keyword = "limit";
  finding.message =
      size_known ? fmt::format("body of {} bytes exceeds the limit of {} bytes", size, limits.max_bytes)
                 : fmt::format("body exceeds the limit of {} bytes; the stream was read no further", limits.max_bytes);
  finding.line = 1;
  finding.column = 1;
  return finding;
}

std::vector<Finding> read_strict(std::string_view body, const Limits& limits, rapidjson::Document& document,
                                 OffsetIndex* offsets, std::size_t* omitted, Strings strings) {
  if (body.size() > limits.max_bytes) return {size_limit_finding(body.size(), limits)};
  // Offsets are kept in 32 bits (the member names' table), as RapidJSON keeps sizes.
  if (body.size() >= std::numeric_limits<std::uint32_t>::max()) {
    Finding finding = size_limit_finding(body.size(), limits);
    finding.message = fmt::format("body of {} bytes: conform checks bodies under 4 GiB", body.size());
    return {finding};
  }
  if (auto problem = find_encoding_problem(body)) {
    return {well_formedness_finding(body, problem->offset, "encoding", std::string(problem->reason))};
  }
  // RapidJSON stops at a NUL byte as if the text ended there; JSON allows
  // none outside a string (and inside one it must be escaped).
  if (const auto nul = body.find('\0'); nul != std::string_view::npos) {
    return {well_formedness_finding(body, nul, "syntax", "NUL byte: JSON text cannot contain one unescaped")};
  }

  std::vector<rapidjson::SizeType> sizes;
  std::vector<Finding> duplicates;
  // One reader for both passes: its stack, as long as the longest string, is made once,
  // at the size no string can pass (untouched pages cost nothing): grown by half
  // each time, a 15 MiB name left 1.4 times itself and copies of it on the way.
  rapidjson::Reader reader(nullptr, body.size() + 16);
  {
    // The checks' tables are gone before the document is built.
    rapidjson::MemoryStream stream(body.data(), body.size());
    if (offsets != nullptr) {
      offsets->entries_.clear();
      offsets->entries_.reserve(8);
    }
    StrictHandler checks(body, stream, limits, offsets != nullptr ? &offsets->entries_ : nullptr);
    CheckingPass pass(checks);
    const rapidjson::ParseResult parsed = reader.Parse<kStrictFlags>(stream, pass);
    if (checks.stop_finding_) return {*std::move(checks.stop_finding_)};
    if (parsed.IsError()) {
      return {well_formedness_finding(body, parsed.Offset(), std::string(syntax_keyword(parsed.Code())),
                                      syntax_message(parsed.Code(), body, parsed.Offset()))};
    }
    if (offsets != nullptr) offsets->complete_ = !checks.too_many_values_;
    if (omitted != nullptr) *omitted = checks.omitted_;
    duplicates = checks.duplicate_findings();
    sizes = std::move(pass.sizes);
  }
  rapidjson::MemoryStream stream(body.data(), body.size());
  document.SetNull();
  SizedBuilder builder(document, sizes, body, stream, strings == Strings::view_body);
  reader.Parse<kStrictFlags>(stream, builder);
  return duplicates;
}

namespace {

class OffsetCollector : public PathTracker<OffsetCollector> {
 public:
  OffsetCollector(std::string_view body, rapidjson::MemoryStream& stream,
                  std::unordered_map<std::string_view, ValueOffsets, KeyedHash>& wanted)
      : PathTracker(body, stream), wanted_(wanted), remaining_(wanted.size()) {}

  bool on_value(std::size_t start, std::size_t key_start) {
    if (const auto found = wanted_.find(pointer()); found != wanted_.end() && !seen(found->second)) {
      found->second = ValueOffsets{start, key_start};
      --remaining_;
    }
    return remaining_ > 0;
  }
  bool on_open(bool, std::size_t) { return true; }
  bool on_close() { return true; }
  bool on_key(std::string_view, std::size_t) { return true; }
  bool on_text(std::string_view, std::size_t) { return true; }

  static constexpr ValueOffsets kUnseen{std::numeric_limits<std::size_t>::max(), 0};
  static bool seen(const ValueOffsets& offsets) noexcept { return offsets.value != kUnseen.value; }

 private:
  std::unordered_map<std::string_view, ValueOffsets, KeyedHash>& wanted_;
  std::size_t remaining_;
};

}  // namespace

OffsetIndex::OffsetIndex(std::string_view body, const std::vector<std::string_view>& wanted_pointers) {
  // Keyed by the caller's own strings: a pointer may be megabytes long, and
  // each value of the body is looked up once, however many findings there are.
  wanted_.reserve(wanted_pointers.size());
  for (const std::string_view pointer : wanted_pointers) wanted_.emplace(pointer, OffsetCollector::kUnseen);
  if (wanted_.empty()) return;
  rapidjson::MemoryStream stream(body.data(), body.size());
  OffsetCollector collector(body, stream, wanted_);
  rapidjson::Reader reader;
  reader.Parse<kStrictFlags>(stream, collector);  // stops early once everything wanted is found
  std::erase_if(wanted_, [](const auto& entry) { return !OffsetCollector::seen(entry.second); });
}

const ValueOffsets* OffsetIndex::find(std::string_view pointer) const {
  if (!wanted_.empty()) {
    const auto found = wanted_.find(pointer);
    return found != wanted_.end() ? &found->second : nullptr;
  }
  const std::string noted = noted_pointer(pointer);
  for (const auto& entry : entries_) {  // at most kMostValues, noted while reading
    if (entry.first == noted) return &entry.second;
  }
  return nullptr;
}

}  // namespace conform::json
