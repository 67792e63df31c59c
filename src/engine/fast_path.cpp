#include "engine/fast_path.hpp"

#include <rapidjson/memorystream.h>
#include <rapidjson/pointer.h>
#include <rapidjson/reader.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstring>

#include "engine/custom_constraints.hpp"
#include "json/utf8.hpp"

namespace conform::engine {
namespace {

using Type = FastPath::Field::Type;

bool one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Follows local $refs (the bundle has made every reference local).
const rapidjson::Value* resolve(const rapidjson::Value& root, const rapidjson::Value* node) {
  for (int hops = 0; hops < 8 && node != nullptr && node->IsObject(); ++hops) {
    const auto ref = node->FindMember("$ref");
    if (ref == node->MemberEnd()) return node;
    if (!ref->value.IsString() || ref->value.GetStringLength() == 0 || ref->value.GetString()[0] != '#') return nullptr;
    const rapidjson::Pointer pointer(ref->value.GetString(), ref->value.GetStringLength());
    node = pointer.IsValid() ? pointer.Get(root) : nullptr;
  }
  return nullptr;
}

std::optional<FastPath::Field> compile_field(const rapidjson::Value& root, std::string name,
                                             const rapidjson::Value& declared) {
  const rapidjson::Value* schema = resolve(root, &declared);
  if (schema == nullptr || !schema->IsObject()) return std::nullopt;
  FastPath::Field field;
  field.name = std::move(name);
  for (const auto& member : schema->GetObject()) {
    const std::string_view keyword(member.name.GetString(), member.name.GetStringLength());
    if (one_of(keyword, {"description", "title", "examples", "$comment", "default"})) continue;
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
      field.pattern = compile_pattern(std::string(member.value.GetString(), member.value.GetStringLength()));
    } else if (keyword == "enum") {
      if (!member.value.IsArray() || member.value.Empty()) return std::nullopt;
      for (const auto& option : member.value.GetArray()) {
        if (!option.IsString()) return std::nullopt;
        field.allowed.emplace_back(option.GetString(), option.GetStringLength());
      }
    } else {
      return std::nullopt;  // any other keyword: the general path decides
    }
  }
  // An enum of strings constrains a value to be a string; any other type with it is not this shape.
  if (!field.allowed.empty() && field.type != Type::string && field.type != Type::any) return std::nullopt;
  return field;
}

// Bytes of a lone UTF-16 surrogate that RapidJSON decodes from an escape
// instead of rejecting it; the general path reports those.
bool has_encoded_surrogate(std::string_view text) {
  for (auto at = text.find('\xED'); at != std::string_view::npos; at = text.find('\xED', at + 1)) {
    if (at + 1 < text.size() && static_cast<unsigned char>(text[at + 1]) >= 0xA0) return true;
  }
  return false;
}

class Checker : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, Checker> {
 public:
  explicit Checker(const std::vector<FastPath::Field>& fields) : fields_(fields) {}

  bool StartObject() { return depth_++ == 0; }  // only the root is an object
  bool EndObject(rapidjson::SizeType) { return true; }
  bool StartArray() { return false; }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      const std::string& name = fields_[i].name;
      if (name.size() != length || std::memcmp(name.data(), text, length) != 0) continue;
      const std::uint64_t bit = std::uint64_t{1} << i;
      if ((seen_ & bit) != 0) return false;  // a duplicate key
      seen_ |= bit;
      current_ = &fields_[i];
      return true;
    }
    return false;  // an unknown property (additionalProperties is false)
  }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    if (depth_ != 1 || (current_->type != Type::string && current_->type != Type::any)) return false;
    const std::string_view value(text, length);
    if (has_encoded_surrogate(value)) return false;
    if (!current_->allowed.empty() &&
        std::find(current_->allowed.begin(), current_->allowed.end(), value) == current_->allowed.end()) {
      return false;
    }
    return !current_->pattern || RE2::PartialMatch(re2::StringPiece(text, length), *current_->pattern);
  }
  bool Int(int) { return integer(); }
  bool Uint(unsigned) { return integer(); }
  bool Int64(std::int64_t) { return integer(); }
  bool Uint64(std::uint64_t) { return integer(); }
  // Whether 2.0 is an integer is the general path's question.
  bool Double(double) { return scalar(Type::number); }
  bool Bool(bool) { return scalar(Type::boolean); }
  bool Null() { return scalar(Type::null); }
  bool Default() { return false; }

  std::uint64_t seen() const { return seen_; }

 private:
  bool integer() {
    return depth_ == 1 && current_->allowed.empty() &&
           (current_->type == Type::integer || current_->type == Type::number || current_->type == Type::any);
  }
  bool scalar(Type type) {
    return depth_ == 1 && current_->allowed.empty() && (current_->type == type || current_->type == Type::any);
  }

  const std::vector<FastPath::Field>& fields_;
  const FastPath::Field* current_ = nullptr;
  int depth_ = 0;
  std::uint64_t seen_ = 0;
};

}  // namespace

std::optional<FastPath> FastPath::compile(const rapidjson::Value& schema) {
  if (!schema.IsObject()) return std::nullopt;
  FastPath plan;
  bool is_object = false;
  bool closed = false;
  const rapidjson::Value* required = nullptr;
  for (const auto& member : schema.GetObject()) {
    const std::string_view keyword(member.name.GetString(), member.name.GetStringLength());
    if (one_of(keyword, {"$schema", "$id", "id", "title", "description", "examples", "$comment", "definitions"})) {
      continue;
    }
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
                                   property.value);
        if (!field) return std::nullopt;
        plan.fields_.push_back(std::move(*field));
      }
    } else {
      return std::nullopt;
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
  // The whole body must be UTF-8, checked eight ASCII bytes at a time rather
  // than by RapidJSON character by character.
  if (json::find_encoding_problem(body)) return false;
  // Not in place: RapidJSON 1.1's in-place string scan lets raw control
  // characters through, which JSON forbids (the random-corpus test found it).
  rapidjson::MemoryStream stream(body.data(), body.size());
  Checker checker(fields_);
  rapidjson::Reader reader;
  const auto parsed = reader.Parse<rapidjson::kParseIterativeFlag>(stream, checker);
  // All of the body was read: RapidJSON stops quietly at a NUL byte.
  return !parsed.IsError() && stream.Tell() == body.size() && (checker.seen() & required_) == required_;
}

}  // namespace conform::engine
