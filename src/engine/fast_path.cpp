#include "engine/fast_path.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cstring>

#include "engine/keyword_table.hpp"
#include "engine/pattern_regex.hpp"
#include "engine/uri.hpp"
#include "json/utf8.hpp"

namespace conform::engine {
namespace {

using Type = FastPath::Field::Type;

bool takes(std::string_view keyword, Dialect dialect, FastPathUse where) {
  const FastPathUse use = fast_path_use(keyword, dialect);
  return use == where ||
         (use == FastPathUse::root_and_field && (where == FastPathUse::root || where == FastPathUse::field));
}

// Follows local $refs (the bundle has made every reference local).
const rapidjson::Value* resolve(const rapidjson::Value& root, const rapidjson::Value* node, Dialect dialect) {
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
  }
  return nullptr;
}

std::optional<FastPath::Field> compile_field(const rapidjson::Value& root, std::string name,
                                             const rapidjson::Value& declared, Dialect dialect) {
  const rapidjson::Value* schema = resolve(root, &declared, dialect);
  if (schema == nullptr || !schema->IsObject()) return std::nullopt;
  FastPath::Field field;
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

// Reads one flat JSON object, strictly, and checks each member as it goes.
// Any doubt is a "no": the general path then decides and explains.
class Scanner {
 public:
  Scanner(std::string_view body, const std::vector<FastPath::Field>& fields)
      : at_(body.data()), end_(body.data() + body.size()), fields_(fields) {}

  // The set of fields seen, or nullopt when the body is not a passing one of this shape.
  std::optional<std::uint64_t> run() {
    skip_space();
    if (!take('{')) return std::nullopt;
    skip_space();
    if (!take('}')) {
      do {
        skip_space();
        std::string_view name;
        if (!string(name)) return std::nullopt;
        const FastPath::Field* field = known(name);
        if (field == nullptr) return std::nullopt;
        skip_space();
        if (!take(':')) return std::nullopt;
        skip_space();
        if (!value(*field)) return std::nullopt;
        skip_space();
      } while (take(','));
      if (!take('}')) return std::nullopt;
    }
    skip_space();
    if (at_ != end_) return std::nullopt;
    return seen_;
  }

 private:
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

  // The member's name must be a field not seen before: additionalProperties is false.
  const FastPath::Field* known(std::string_view name) {
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      if (fields_[i].name != name) continue;
      const std::uint64_t bit = std::uint64_t{1} << i;
      if ((seen_ & bit) != 0) return nullptr;
      seen_ |= bit;
      return &fields_[i];
    }
    return nullptr;
  }

  bool value(const FastPath::Field& field) {
    if (at_ == end_) return false;
    switch (*at_) {
      case '"': {
        std::string_view text;
        return string(text) && (field.type == Type::string || field.type == Type::any) && allowed(field, text);
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

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - at_) < word.size() || std::string_view(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

  static bool scalar(const FastPath::Field& field, Type type) {
    return field.allowed.empty() && (field.type == type || field.type == Type::any);
  }

  static bool allowed(const FastPath::Field& field, std::string_view text) {
    if (!field.allowed.empty() && std::find(field.allowed.begin(), field.allowed.end(), text) == field.allowed.end()) {
      return false;
    }
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

  const char* at_;
  const char* end_;
  const std::vector<FastPath::Field>& fields_;
  std::uint64_t seen_ = 0;
  std::string scratch_;  // the last escaped string, decoded (a name is matched before its value is read)
};

}  // namespace

std::optional<FastPath> FastPath::compile(const rapidjson::Value& schema, Dialect dialect) {
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
      if (!member.value.IsObject() || member.value.MemberCount() > 64) return std::nullopt;
      for (const auto& property : member.value.GetObject()) {
        auto field = compile_field(schema, std::string(property.name.GetString(), property.name.GetStringLength()),
                                   property.value, dialect);
        if (!field) return std::nullopt;
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
  return plan;
}

bool FastPath::accepts(std::string_view body, const Limits& limits) const {
  if (body.size() > limits.max_bytes || limits.max_depth < 1) return false;
  // The whole body must be UTF-8, checked eight ASCII bytes at a time.
  if (json::find_encoding_problem(body)) return false;
  const auto seen = Scanner(body, fields_).run();
  return seen && (*seen & required_) == required_;
}

}  // namespace conform::engine
