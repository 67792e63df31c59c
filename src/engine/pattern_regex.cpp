#include "engine/pattern_regex.hpp"

#include <fmt/format.h>
#include <pcre2.h>
#include <re2/re2.h>

#include <map>
#include <mutex>

#include "conform/error.hpp"
#include "engine/ecma_regex.hpp"

namespace conform::engine {
namespace {

// A budget that decides in milliseconds: enough for any ordinary pattern on a
// long string, small enough that a catastrophic one stops soon.
constexpr std::uint32_t kMatchLimit = 1'000'000;
constexpr std::uint32_t kDepthLimit = 10'000;
constexpr std::size_t kHeapLimitKiB = 16 * 1024;

struct MatchContextDeleter {
  void operator()(pcre2_match_context* context) const { pcre2_match_context_free(context); }
};

}  // namespace

struct PatternRegex::Pcre2 {
  pcre2_code* code = nullptr;
  std::unique_ptr<pcre2_match_context, MatchContextDeleter> context;
  ~Pcre2() { pcre2_code_free(code); }
};

PatternRegex::~PatternRegex() = default;

std::shared_ptr<const PatternRegex> PatternRegex::compile(const std::string& pattern) {
  const EcmaRegex translated = translate_ecma_regex(pattern);
  if (translated.status == EcmaRegex::Status::invalid) {
    throw Error(fmt::format("regular expression /{}/ is not a valid ECMA-262 regular expression: {}", pattern,
                            translated.problem));
  }
  if (translated.status == EcmaRegex::Status::unsupported) {
    throw Error(fmt::format("regular expression /{}/ is not supported: {}", pattern, translated.problem));
  }
  std::shared_ptr<PatternRegex> regex(new PatternRegex);
  regex->pattern_ = pattern;
  if (translated.status == EcmaRegex::Status::ok) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(std::int64_t{64} << 20);  // room for counted repetitions such as {1,1000}
    auto re2 = std::make_unique<const re2::RE2>(translated.re2, options);
    if (!re2->ok()) throw Error(fmt::format("regular expression /{}/ is not supported: {}", pattern, re2->error()));
    regex->re2_ = std::move(re2);
    return regex;
  }
  // ECMA-262: "$" is the very end, and a back-reference to a group that has
  // not matched matches the empty string.
  constexpr std::uint32_t kOptions = PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_MATCH_UNSET_BACKREF;
  int error = 0;
  PCRE2_SIZE offset = 0;
  auto pcre2 = std::make_unique<Pcre2>();
  pcre2->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.re2.data()), translated.re2.size(), kOptions,
                              &error, &offset, nullptr);
  if (pcre2->code == nullptr) {
    PCRE2_UCHAR text[256];
    pcre2_get_error_message(error, text, sizeof text);
    throw Error(
        fmt::format("regular expression /{}/ is not supported: {} needs a backtracking engine, and PCRE2 "
                    "refuses it: {}",
                    pattern, translated.problem, reinterpret_cast<const char*>(text)));
  }
  pcre2->context.reset(pcre2_match_context_create(nullptr));
  pcre2_set_match_limit(pcre2->context.get(), kMatchLimit);
  pcre2_set_depth_limit(pcre2->context.get(), kDepthLimit);
  pcre2_set_heap_limit(pcre2->context.get(), kHeapLimitKiB);
  regex->pcre2_ = std::move(pcre2);
  return regex;
}

PatternRegex::Match PatternRegex::search(std::string_view text) const {
  if (re2_) return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re2_) ? Match::yes : Match::no;
  pcre2_match_data* data = pcre2_match_data_create_from_pattern(pcre2_->code, nullptr);
  if (data == nullptr) return Match::undecided;
  const int rc = pcre2_match(pcre2_->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0, 0, data,
                             pcre2_->context.get());
  pcre2_match_data_free(data);
  if (rc >= 0) return Match::yes;
  if (rc == PCRE2_ERROR_NOMATCH) return Match::no;
  return Match::undecided;  // a limit, or a string that is not UTF-8
}

std::shared_ptr<const PatternRegex> compile_pattern(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const PatternRegex>> compiled;
  std::lock_guard lock(mutex);
  if (auto found = compiled.find(pattern); found != compiled.end()) return found->second;
  auto regex = PatternRegex::compile(pattern);
  compiled.emplace(pattern, regex);
  return regex;
}

std::string undecided_message(const PatternRegex& regex) {
  return fmt::format(
      "the pattern /{}/ could not be decided on this string within the matching budget (it needs backtracking); "
      "conform cannot check it",
      regex.pattern());
}

}  // namespace conform::engine
