#include "engine/fast_path.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <span>

#include "engine/did_you_mean.hpp"
#include "engine/finding_builder.hpp"
#include "engine/keyword_table.hpp"
#include "engine/pattern_regex.hpp"
#include "engine/schema_loader.hpp"
#include "engine/uri.hpp"
#include "json/json_pointer.hpp"
#include "json/strict_reader.hpp"
#include "json/text_position.hpp"
#include "json/utf8.hpp"

namespace conform::engine {
namespace {

using Type = FastPath::Field::Type;

bool takes(std::string_view keyword, Dialect dialect, FastPathUse where) {
  const FastPathUse use = fast_path_use(keyword, dialect);
  return use == where ||
         (use == FastPathUse::root_and_field && (where == FastPathUse::root || where == FastPathUse::field));
}

// A location the loader writes the same way (engine/schema_loader.cpp): it
// spells "%" and empty names otherwise, so those are left unexplained.
bool add_location_token(std::optional<std::string>& location, std::string_view token) {
  if (!location) return false;
  if (token.empty() || token.find('%') != std::string_view::npos) {
    location.reset();
    return false;
  }
  json::append_pointer_token(*location, token);
  return true;
}

// Follows local $refs (the bundle has made every reference local); `location`
// goes along with it, to where the schema reached stands.
const rapidjson::Value* resolve(const rapidjson::Value& root, const rapidjson::Value* node, Dialect dialect,
                                std::optional<std::string>& location) {
  for (int hops = 0; hops < 8 && node != nullptr && node->IsObject(); ++hops) {
    const auto ref = node->FindMember("$ref");
    if (ref == node->MemberEnd()) return node;
    // Beside "$ref", keywords apply from 2019-09 on: a schema with any but annotations there takes the general path.
    for (const auto& member : node->GetObject()) {
      const std::string_view name(member.name.GetString(), member.name.GetStringLength());
      if (name != "$ref" && !takes(name, dialect, FastPathUse::annotation)) return nullptr;
    }
    if (!ref->value.IsString() || ref->value.GetStringLength() == 0 || ref->value.GetString()[0] != '#') return nullptr;
    const auto tokens = fragment_pointer_tokens({ref->value.GetString() + 1, ref->value.GetStringLength() - 1});
    node = tokens ? resolve_pointer_tokens(root, *tokens) : nullptr;
    if (location) location = "#";
    for (const std::string& token : tokens ? *tokens : std::vector<std::string>{}) add_location_token(location, token);
  }
  return nullptr;
}

std::optional<FastPath::Field> compile_field(const rapidjson::Value& root, std::string name,
                                             const rapidjson::Value& declared, Dialect dialect,
                                             const std::vector<BundledDocument>& bundled) {
  std::optional<std::string> location = "#/properties";
  add_location_token(location, name);
  const rapidjson::Value* schema = resolve(root, &declared, dialect, location);
  if (schema == nullptr || !schema->IsObject()) return std::nullopt;
  FastPath::Field field;
  json::append_pointer_token(field.pointer, name);
  field.name = std::move(name);
  for (const auto& member : schema->GetObject()) {
    const std::string_view keyword(member.name.GetString(), member.name.GetStringLength());
    if (takes(keyword, dialect, FastPathUse::annotation)) continue;
    if (!takes(keyword, dialect, FastPathUse::field)) return std::nullopt;  // the general path decides
    if (keyword == "type") {
      if (!member.value.IsString()) return std::nullopt;
      const std::string_view type(member.value.GetString(), member.value.GetStringLength());
      if (type == "string") {
        field.type = Type::string;
      } else if (type == "integer") {
        field.type = Type::integer;
      } else if (type == "number") {
        field.type = Type::number;
      } else if (type == "boolean") {
        field.type = Type::boolean;
      } else if (type == "null") {
        field.type = Type::null;
      } else {
        return std::nullopt;
      }
    } else if (keyword == "pattern") {
      if (!member.value.IsString()) return std::nullopt;
      const std::string pattern(member.value.GetString(), member.value.GetStringLength());
      field.pattern = compile_pattern(pattern);
      if (field.pattern->re2() == nullptr) return std::nullopt;
      field.simple_pattern = SimplePattern::compile(pattern);
      if (add_location_token(location, "pattern")) {
        field.pattern_location = display_location(display_pointer(*location), bundled);
        field.pattern_message = describe_pattern_mismatch(pattern);
      }
    } else if (keyword == "enum") {
      if (!member.value.IsArray() || member.value.Empty()) return std::nullopt;
      for (const auto& option : member.value.GetArray()) {
        if (!option.IsString()) return std::nullopt;
        field.allowed.emplace_back(option.GetString(), option.GetStringLength());
      }
    } else {
      return std::nullopt;  // in the table, but not read here yet
    }
  }
  // An enum of strings constrains a value to be a string; any other type with it is not this shape.
  if (!field.allowed.empty() && field.type != Type::string && field.type != Type::any) return std::nullopt;
  return field;
}

// Bits of the seen and required sets.
constexpr std::size_t kMostFields = 64;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Whether any of eight bytes is a quote, a backslash or a control character:
// the classic SWAR tests (exact for "any", which is all the scan asks).
constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
constexpr bool has_zero_byte(std::uint64_t word) { return ((word - kOnes) & ~word & kHighBits) != 0; }
constexpr bool ends_plain_run(std::uint64_t word) {
  return has_zero_byte(word ^ (kOnes * '"')) || has_zero_byte(word ^ (kOnes * '\\')) ||
         ((word - kOnes * 0x20) & ~word & kHighBits) != 0;
}

// Unknown members a scan explains at most: the names are compared with each
// other to find a duplicate, which is the general path's.
constexpr std::size_t kMostUnknownMembers = 16;
// A longer unknown name goes the general path, which writes it once into the
// finding's pointer; here it would be copied twice more (issue #12's member-name row).
constexpr std::size_t kLongestUnknownName = 4096;
// Each field is refused at most once (a second is a duplicate key).
constexpr std::size_t kMostProblems = kMostUnknownMembers + kMostFields;

// A name or value a finding carries: bytes of the body, or of the scanner's
// store when it had to be decoded or cut short.
struct Text {
  std::size_t at;
  std::size_t size;
  bool stored;
};

// What a scan that explains failures noted of one: a member the schema does
// not name (placed at its name) or a string its field's pattern refuses.
// No strings of its own: a failing body costs no allocation here.
struct Problem {
  const FastPath::Field* field;  // nullptr: a member the schema does not name
  std::size_t key;               // where the member's name starts
  std::size_t value_at;          // and its value
  Text name;                     // the member's name, decoded
  Text value;                    // the value, as findings carry it
};

// What a scan is for: confirming a pass; explaining the failures it can (as
// the general path would); or only telling a failure it is sure of.
enum class Mode { accept, explain, verdict };

// Reads one flat JSON object, strictly, and checks each member as it goes.
// Any doubt is a "no": the general path then decides and explains. Explaining,
// it notes the failures it can explain instead; telling a verdict, it stops at
// the first failure it is sure of (surely_fails()).
class Scanner {
 public:
  Scanner(std::string_view body, const std::vector<FastPath::Field>& fields, Mode mode)
      : begin_(body.data()), at_(body.data()), end_(body.data() + body.size()), fields_(fields), mode_(mode) {}

  // The set of fields seen, or nullopt when the body is not a passing one of
  // this shape (or, explaining, not one whose failures it explains; or,
  // telling a verdict, one that surely fails).
  std::optional<std::uint64_t> run() {
    skip_space();
    root_ = static_cast<std::size_t>(at_ - begin_);
    if (!take('{')) return std::nullopt;
    skip_space();
    if (!take('}')) {
      do {
        skip_space();
        const char* name_start = at_;
        std::string_view name;
        if (!string(name)) return std::nullopt;
        bool unknown = false;
        const FastPath::Field* field = known(name, unknown);
        // A name the schema does not allow (additionalProperties is false) or
        // a known one again (duplicateKey: the strict reader compares names
        // decoded, as here): the body fails whatever follows.
        if (field == nullptr && mode_ == Mode::verdict) return sure_failure();
        if (field == nullptr && !(unknown && note_unknown(name, name_start))) return std::nullopt;
        skip_space();
        if (!take(':')) return std::nullopt;
        skip_space();
        const char* value_start = at_;
        bool refused = false;
        if (!value(field != nullptr ? *field : kAnything, refused)) return std::nullopt;
        if (field == nullptr) {
          problems_[problem_count_ - 1].value_at = static_cast<std::size_t>(value_start - begin_);
          problems_[problem_count_ - 1].value = preview(value_start);
        } else if (refused) {
          if (mode_ == Mode::verdict) return sure_failure();
          if (mode_ != Mode::explain || field->pattern_location.empty()) return std::nullopt;
          const auto offset = static_cast<std::size_t>(value_start - begin_);
          problems_[problem_count_++] = {
              field, static_cast<std::size_t>(name_start - begin_), offset, {0, 0, false}, preview(value_start)};
        }
        skip_space();
      } while (take(','));
      if (!take('}')) return std::nullopt;
    }
    skip_space();
    if (at_ != end_) return std::nullopt;
    return seen_;
  }

  // Where the body's object starts: a missing member's finding is placed there.
  std::size_t root() const noexcept { return root_; }
  // Whether run() stopped at a failure it is sure of (telling a verdict).
  bool surely_fails() const noexcept { return surely_fails_; }
  std::span<const Problem> problems() const noexcept { return {problems_.data(), problem_count_}; }
  std::string_view text(const Text& text) const noexcept {
    return text.stored ? std::string_view(store_).substr(text.at, text.size)
                       : std::string_view(begin_ + text.at, text.size);
  }

 private:
  inline static const FastPath::Field kAnything{};

  std::nullopt_t sure_failure() noexcept {
    surely_fails_ = true;
    return std::nullopt;
  }

  // Bytes that are not the body's, kept for a finding.
  Text store(std::string_view bytes) {
    const Text kept{store_.size(), bytes.size(), true};
    store_ += bytes;
    return kept;
  }
  // The string just read: its bytes in the body, or decoded.
  Text last_string(std::string_view decoded) {
    if (escaped_) return store(decoded);
    return {static_cast<std::size_t>(decoded.data() - begin_), decoded.size(), false};
  }

  // A member the schema does not name, once each (a second is a duplicate key).
  bool note_unknown(std::string_view name, const char* start) {
    if (mode_ != Mode::explain || name.size() > kLongestUnknownName) return false;
    std::size_t unknown = 0;
    for (const Problem& problem : problems()) {
      if (problem.field != nullptr) continue;
      if (text(problem.name) == name || ++unknown == kMostUnknownMembers) return false;
    }
    problems_[problem_count_++] = {
        nullptr, static_cast<std::size_t>(start - begin_), 0, last_string(name), {0, 0, false}};
    return true;
  }

  // The value just read, from `start`, as the general path shows it (its
  // compact JSON): the text itself, but for an escaped string and a fraction.
  Text preview(const char* start) {
    const std::string_view text(start, static_cast<std::size_t>(at_ - start));
    rapidjson::Value value;
    if (text.front() == '"' && escaped_) {
      value.SetString(rapidjson::StringRef(scratch_.data(), static_cast<rapidjson::SizeType>(scratch_.size())));
      return store(*value_preview(&value));
    }
    if (text.front() != '"' && text.find('.') != std::string_view::npos) {
      value.SetDouble(json::read_number(text).real);
      return store(*value_preview(&value));
    }
    std::string cut;
    const std::string_view shown = value_preview(text, text.front() == '"', cut);
    if (shown.data() != text.data()) return store(shown);
    return {static_cast<std::size_t>(start - begin_), text.size(), false};
  }

  void skip_space() {
    while (at_ != end_ && is_space(*at_)) ++at_;
  }
  bool take(char c) {
    if (at_ == end_ || *at_ != c) return false;
    ++at_;
    return true;
  }

  // A string without control characters, its escapes decoded; the caller has
  // checked that the whole body is UTF-8.
  bool string(std::string_view& text) {
    if (!take('"')) return false;
    escaped_ = false;
    const char* start = at_;
    while (end_ - at_ >= 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, at_, sizeof word);
      if (ends_plain_run(word)) break;
      at_ += 8;
    }
    while (at_ != end_) {
      const auto byte = static_cast<unsigned char>(*at_);
      if (byte == '"') {
        text = std::string_view(start, static_cast<std::size_t>(at_ - start));
        ++at_;
        return true;
      }
      if (byte == '\\') return escaped_string(start, text);
      if (byte < 0x20) return false;
      ++at_;
    }
    return false;
  }

  // The rest of a string that holds an escape, decoded into scratch_. Only
  // \" \\ \/ and a \u of a printable character outside the surrogates are
  // read here: an escaped control character or a surrogate (pair or not)
  // takes the general path, which judges and places it.
  bool escaped_string(const char* start, std::string_view& text) {
    escaped_ = true;
    scratch_.assign(start, at_);
    while (at_ != end_) {
      const auto byte = static_cast<unsigned char>(*at_);
      if (byte == '"') {
        ++at_;
        text = scratch_;
        return true;
      }
      if (byte < 0x20) return false;
      ++at_;
      if (byte != '\\') {
        scratch_ += static_cast<char>(byte);
        continue;
      }
      if (at_ == end_) return false;
      const char escape = *at_++;
      if (escape == '"' || escape == '\\' || escape == '/') {
        scratch_ += escape;
        continue;
      }
      if (escape != 'u' || end_ - at_ < 4) return false;
      char32_t code_point = 0;
      for (int i = 0; i < 4; ++i) {
        const char c = *at_++;
        const int digit = is_digit(c)              ? c - '0'
                          : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                          : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                   : -1;
        if (digit < 0) return false;
        code_point = code_point * 16 + static_cast<char32_t>(digit);
      }
      if (code_point < 0x20 || (code_point >= 0xD800 && code_point <= 0xDFFF)) return false;
      // UTF-8 of a code point below U+10000.
      if (code_point < 0x80) {
        scratch_ += static_cast<char>(code_point);
      } else if (code_point < 0x800) {
        scratch_ += static_cast<char>(0xC0 | (code_point >> 6));
        scratch_ += static_cast<char>(0x80 | (code_point & 0x3F));
      } else {
        scratch_ += static_cast<char>(0xE0 | (code_point >> 12));
        scratch_ += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        scratch_ += static_cast<char>(0x80 | (code_point & 0x3F));
      }
    }
    return false;
  }

  // The member's name must be a field not seen before: additionalProperties
  // is false. nullptr for a name seen before, and one of no field (`unknown`).
  const FastPath::Field* known(std::string_view name, bool& unknown) {
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      if (fields_[i].name != name) continue;
      const std::uint64_t bit = std::uint64_t{1} << i;
      if ((seen_ & bit) != 0) return nullptr;
      seen_ |= bit;
      return &fields_[i];
    }
    unknown = true;
    return nullptr;
  }

  // False for a value that is not well formed or not of this field, but for
  // a string that only its pattern refuses: `refused`.
  bool value(const FastPath::Field& field, bool& refused) {
    if (at_ == end_) return false;
    // The first byte of a value in a well-formed body tells its type: a body
    // that is not well formed fails too, so a wrong one is a sure failure.
    if (mode_ == Mode::verdict && surely_wrong_type(field, *at_)) {
      surely_fails_ = true;
      return false;
    }
    switch (*at_) {
      case '"': {
        std::string_view text;
        if (!string(text) || (field.type != Type::string && field.type != Type::any)) return false;
        if (!field.allowed.empty() &&
            std::find(field.allowed.begin(), field.allowed.end(), text) == field.allowed.end()) {
          surely_fails_ = mode_ == Mode::verdict;  // the string, decoded, is none of the enum's
          return false;
        }
        refused = !matches(field, text);
        return true;
      }
      case 't':
        return literal("true") && scalar(field, Type::boolean);
      case 'f':
        return literal("false") && scalar(field, Type::boolean);
      case 'n':
        return literal("null") && scalar(field, Type::null);
      default:
        return number(field);
    }
  }

  // Whether a value starting with `first` can never be of this field's type
  // (an enum here holds only strings); false for a byte no value starts with.
  static bool surely_wrong_type(const FastPath::Field& field, char first) {
    Type type = Type::any;
    if (first == '"') {
      type = Type::string;
    } else if (first == 't' || first == 'f') {
      type = Type::boolean;
    } else if (first == 'n') {
      type = Type::null;
    } else if (first == '-' || is_digit(first)) {
      type = Type::number;
    } else if (first != '{' && first != '[') {
      return false;
    }
    if (!field.allowed.empty()) return type != Type::string;
    switch (field.type) {
      case Type::any:
        return false;
      case Type::integer:
      case Type::number:
        return type != Type::number;  // whether a number is an integer is the general path's
      default:
        return type != field.type;
    }
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - at_) < word.size() || std::string_view(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

  static bool scalar(const FastPath::Field& field, Type type) {
    return field.allowed.empty() && (field.type == type || field.type == Type::any);
  }

  static bool matches(const FastPath::Field& field, std::string_view text) {
    if (field.simple_pattern) return field.simple_pattern->matches(text);
    return !field.pattern || RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *field.pattern->re2());
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)? of at most 18 integer digits, so that it
  // fits any integer type; -0, exponents and longer numbers go the general way.
  bool number(const FastPath::Field& field) {
    const bool negative = take('-');
    const char* digits = at_;
    if (take('0')) {
      if (at_ != end_ && is_digit(*at_)) return false;
    } else {
      while (at_ != end_ && is_digit(*at_)) ++at_;
    }
    const auto integer_digits = at_ - digits;
    if (integer_digits == 0 || integer_digits > 18) return false;
    if (negative && integer_digits == 1 && *digits == '0') return false;
    bool integral = true;
    if (take('.')) {
      integral = false;
      const char* fraction = at_;
      while (at_ != end_ && is_digit(*at_)) ++at_;
      if (at_ == fraction) return false;
    }
    if (at_ != end_ && (*at_ == 'e' || *at_ == 'E')) return false;
    if (!field.allowed.empty()) return false;
    // Whether 2.0 is an integer is the general path's question.
    if (integral) return field.type == Type::integer || field.type == Type::number || field.type == Type::any;
    return field.type == Type::number || field.type == Type::any;
  }

  const char* begin_;
  const char* at_;
  const char* end_;
  const std::vector<FastPath::Field>& fields_;
  Mode mode_;
  std::uint64_t seen_ = 0;
  std::size_t root_ = 0;
  bool escaped_ = false;       // whether the last string had an escape
  bool surely_fails_ = false;  // telling a verdict: the body fails
  std::string scratch_;        // the last escaped string, decoded (a name is matched before its value is read)
  std::string store_;          // decoded names and values of problems, and previews cut short
  std::size_t problem_count_ = 0;
  std::array<Problem, kMostProblems> problems_;  // left uninitialised: only the first problem_count_ are read
};

}  // namespace

std::optional<FastPath> FastPath::compile(const rapidjson::Value& schema, Dialect dialect,
                                          const std::vector<BundledDocument>& bundled) {
  if (!schema.IsObject()) return std::nullopt;
  FastPath plan;
  bool is_object = false;
  bool closed = false;
  const rapidjson::Value* required = nullptr;
  for (const auto& member : schema.GetObject()) {
    const std::string_view keyword(member.name.GetString(), member.name.GetStringLength());
    if (takes(keyword, dialect, FastPathUse::annotation) || takes(keyword, dialect, FastPathUse::root_skipped)) {
      continue;
    }
    if (!takes(keyword, dialect, FastPathUse::root)) return std::nullopt;
    if (keyword == "type") {
      is_object = member.value.IsString() && std::string_view(member.value.GetString()) == "object";
    } else if (keyword == "additionalProperties") {
      closed = member.value.IsBool() && !member.value.GetBool();
    } else if (keyword == "required") {
      required = &member.value;
    } else if (keyword == "properties") {
      if (!member.value.IsObject() || member.value.MemberCount() > kMostFields) return std::nullopt;
      for (const auto& property : member.value.GetObject()) {
        auto field = compile_field(schema, std::string(property.name.GetString(), property.name.GetStringLength()),
                                   property.value, dialect, bundled);
        if (!field) return std::nullopt;
        plan.names_.push_back(field->name);
        plan.fields_.push_back(std::move(*field));
      }
    } else {
      return std::nullopt;  // in the table, but not read here yet
    }
  }
  if (!is_object || !closed) return std::nullopt;
  if (required != nullptr) {
    if (!required->IsArray()) return std::nullopt;
    for (const auto& name : required->GetArray()) {
      if (!name.IsString()) return std::nullopt;
      const auto found = std::find_if(plan.fields_.begin(), plan.fields_.end(),
                                      [&](const Field& field) { return field.name == name.GetString(); });
      if (found == plan.fields_.end()) return std::nullopt;  // required but never allowed: not this shape
      plan.required_ |= std::uint64_t{1} << (found - plan.fields_.begin());
    }
  }
  // What the loader writes for the root "#" (engine/schema_loader.cpp).
  const std::uint32_t none = plan.interned_.intern("");
  const std::uint32_t required_keyword = plan.interned_.intern("required");
  const std::uint32_t required_location = plan.interned_.intern(display_location("#/required", bundled));
  const std::uint32_t pattern_keyword = plan.interned_.intern("pattern");
  plan.unknown_ = {plan.interned_.intern("additionalProperties"),
                   plan.interned_.intern(display_location("#/additionalProperties", bundled)),
                   plan.interned_.intern(kUnknownPropertyMessage), none};
  for (const Field& field : plan.fields_) {
    FieldIds ids;
    ids.missing = {required_keyword, required_location, plan.interned_.intern(describe_missing_property(field.name)),
                   none};
    ids.refused = {pattern_keyword, plan.interned_.intern(field.pattern_location),
                   plan.interned_.intern(field.pattern_message), none};
    ids.hint = plan.interned_.intern(describe_did_you_mean(field.name));
    plan.ids_.push_back(ids);
  }
  for (std::size_t i = 0; i < plan.fields_.size(); ++i) {
    if ((plan.required_ >> i & 1U) != 0) plan.missing_.push_back(i);
  }
  // RequiredConstraint reports the missing names in their order.
  std::sort(plan.missing_.begin(), plan.missing_.end(),
            [&](std::size_t a, std::size_t b) { return plan.fields_[a].name < plan.fields_[b].name; });
  return plan;
}

bool FastPath::accepts(std::string_view body, const Limits& limits) const {
  if (body.size() > limits.max_bytes || limits.max_depth < 1) return false;
  // The whole body must be UTF-8, checked eight ASCII bytes at a time.
  if (json::find_encoding_problem(body)) return false;
  const auto seen = Scanner(body, fields_, Mode::accept).run();
  return seen && (*seen & required_) == required_;
}

// Whatever follows a sure failure, the body fails: either it is not well
// formed (a finding of the strict reader), or its object has that member, that
// value or that missing name, which fails whichever way draft 4's integers are
// read. The differential tests compare it with the general path's status.
std::optional<bool> FastPath::verdict(std::string_view body, const Limits& limits) const {
  if (body.size() > limits.max_bytes || limits.max_depth < 1) return std::nullopt;
  if (json::find_encoding_problem(body)) return std::nullopt;
  Scanner scanner(body, fields_, Mode::verdict);
  const auto seen = scanner.run();
  if (!seen) return scanner.surely_fails() ? std::optional<bool>(false) : std::nullopt;
  return (*seen & required_) == required_;
}

std::optional<FindingList> FastPath::check(std::string_view body, const Limits& limits) const {
  if (body.size() > limits.max_bytes || limits.max_depth < 1) return std::nullopt;
  if (json::find_encoding_problem(body)) return std::nullopt;
  Scanner scanner(body, fields_, Mode::explain);
  const auto seen = scanner.run();
  if (!seen) return std::nullopt;
  const std::uint64_t missing = required_ & ~*seen;
  const std::span<const Problem> problems = scanner.problems();
  if (problems.empty() && missing == 0) return FindingList();
  const std::size_t count = problems.size() + static_cast<std::size_t>(std::popcount(missing));
  if (limits.max_findings != 0 && count > limits.max_findings) return std::nullopt;
  // Straight into the result's list, whose strings are all there already: a
  // finding costs its record and its pointer's and value's bytes.
  FindingList findings = interned_;
  std::size_t text_bytes = 0;
  for (const Problem& problem : problems) {
    text_bytes +=
        problem.value.size + (problem.field != nullptr ? problem.field->pointer.size() : 1 + problem.name.size);
  }
  findings.reserve(count, text_bytes);
  // In the body's order, as the general path places them: the missing members
  // at the object, then each member's at its name or value.
  json::PositionCursor cursor(body);
  const json::TextPosition root = cursor.at(scanner.root());
  for (const std::size_t field : missing_) {
    if ((missing >> field & 1U) == 0) continue;
    findings.push_back(ids_[field].missing, {}, std::nullopt, root.line, root.column);
  }
  std::string pointer;
  for (const Problem& problem : problems) {
    const std::string_view value = scanner.text(problem.value);
    if (problem.field == nullptr) {
      const std::string_view name = scanner.text(problem.name);
      pointer.clear();
      json::append_pointer_token(pointer, name);
      FindingList::SharedIds ids = unknown_;
      if (const std::string nearest = nearest_name(name, names_); !nearest.empty()) {
        ids.hint =
            ids_[static_cast<std::size_t>(std::find(names_.begin(), names_.end(), nearest) - names_.begin())].hint;
      }
      // Members in the body's order: these offsets only grow.
      const json::TextPosition at = cursor.at(placed_at_name("additionalProperties") ? problem.key : problem.value_at);
      findings.push_back(ids, pointer, value, at.line, at.column);
    } else {
      const json::TextPosition at = cursor.at(placed_at_name("pattern") ? problem.key : problem.value_at);
      findings.push_back(ids_[static_cast<std::size_t>(problem.field - fields_.data())].refused, problem.field->pointer,
                         value, at.line, at.column);
    }
  }
  return findings;
}

}  // namespace conform::engine
