#include "report/sarif_reporter.hpp"

#include "conform/contract.hpp"

#include <rapidjson/prettywriter.h>
#include <algorithm>
#include "json/rapidjson_config.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <streambuf>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "conform/version.hpp"
#include "json/utf8.hpp"
#include "report/json_writer.hpp"
#include "report/markdown.hpp"
#include "report/output_buffer.hpp"
#include "report/plural.hpp"

namespace conform::report {
namespace {

constexpr std::string_view kInputError = "input-error";
// Where a rendered result's rule index goes: a byte no JSON text of the report holds raw.
constexpr char kRuleIndexMark = '\x01';

// A file path as a URI reference (RFC 3986) relative to one of the run's
// uriBaseIds: %SRCROOT%, the folder conform ran in (in CI the checkout), for
// every path below it, and kFilesystemRoot for any other. The path is
// normalised first ("./a/../b.json" is "b.json"), so one file has one URI, and
// every character a path segment cannot hold as it is (space, %, #, ?, :,
// non-ASCII bytes, ...) is percent-encoded; ':' is encoded too, so a relative
// "a:b.json" is not read as a scheme.
constexpr std::string_view kSourceRoot = "%SRCROOT%";
constexpr std::string_view kFilesystemRoot = "FILESYSTEM_ROOT";

struct ArtifactUri {
  std::string text;
  std::string_view base;
};

std::string uri_encoded(std::string_view part) {
  constexpr std::string_view kKeep = "-._~/!$&'()*+,;=@";
  std::string out;
  for (const char c : part) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
        kKeep.find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", byte);
    }
  }
  return out;
}

// `source_root`: the absolute, normal path of the folder conform ran in.
ArtifactUri artifact_uri(std::string_view path, const std::filesystem::path& source_root) {
  namespace fs = std::filesystem;
  const fs::path given = fs::path(std::string(path)).lexically_normal();
  fs::path relative = given;
  if (given.is_absolute()) relative = given.lexically_relative(source_root);
  const std::string first = relative.empty() ? std::string() : relative.begin()->string();
  if (!relative.empty() && first != ".." && !relative.is_absolute()) {
    return {uri_encoded(relative.generic_string()), kSourceRoot};
  }
  // Outside the folder conform ran in: from the root of the file system.
  const fs::path absolute = given.is_absolute() ? given : (source_root / given).lexically_normal();
  return {uri_encoded(absolute.relative_path().generic_string()), kFilesystemRoot};
}

// The folder conform runs in, as the file: URI %SRCROOT% stands for (with the trailing slash SARIF requires).
std::string directory_uri(const std::filesystem::path& folder) {
  std::string text = "file://" + uri_encoded(folder.generic_string());
  if (text.back() != '/') text += '/';
  return text;
}

// The line an NDJSON source ("logs/x.ndjson:7") names in `file`, if it names one.
std::optional<std::uint64_t> ndjson_line(std::string_view entry, std::string_view file) {
  if (entry.size() <= file.size() + 1 || entry.substr(0, file.size()) != file || entry[file.size()] != ':') {
    return std::nullopt;
  }
  std::uint64_t line = 0;
  for (const char c : entry.substr(file.size() + 1)) {
    if (c < '0' || c > '9' || line > (UINT64_MAX - 9) / 10) return std::nullopt;
    line = line * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (line == 0) return std::nullopt;
  return line;
}

struct KeywordText {
  std::string_view keyword;
  std::string_view text;
};

constexpr std::array<KeywordText, 14> kKeywords = {{
    {"syntax", "The body is well-formed JSON as RFC 8259 defines it."},
    {"encoding", "The body is UTF-8 text without a byte order mark."},
    {"duplicateKey", "No member name is repeated within one object."},
    {"limit", "The body stays within the size and nesting limits, and its numbers within the range of a double."},
    {"additionalProperties", "The body has no property the schema does not define."},
    {"required", "Every property the schema requires is present."},
    {"pattern", "A string matches the regular expression of the schema."},
    {"type", "A value has a JSON type the schema allows."},
    {"enum", "A value is one of those the schema lists."},
    {"const", "A value equals the one the schema gives."},
    {"format", "A string has the format the schema names (with --format-assertion)."},
    {"minLength", "A string is at least as long as the schema requires."},
    {"maxLength", "A string is no longer than the schema allows."},
    {"unchecked", "At least one recorded call of a capture was checked (--allow-unchecked-captures waives it)."},
}};

// A friendly name for a rule: one Pascal-case identifier ("additionalProperties" -> "AdditionalProperties").
std::string pascal_name(std::string_view id) {
  std::string name;
  bool upper = true;
  for (const char c : id) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      upper = true;
      continue;
    }
    name += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  if (name.empty() || (name.front() >= '0' && name.front() <= '9')) name.insert(0, "Keyword");
  return name;
}

std::string_view pointer_of(const FindingView& finding) {
  if (!finding.instance_location.empty()) return finding.instance_location;
  // A flow finding without a pointer (NDJSON capture) is placed by its line only.
  return finding.rule.empty() ? "(root)" : "";
}

}  // namespace

class SarifReporter::Writer : public JsonWriter {
 public:
  using JsonWriter::JsonWriter;

  std::filesystem::path source_root_;

  // The folder URIs are relative to; the last URI made is forgotten when it changes.
  void set_source_root(const std::filesystem::path& root) {
    if (root == source_root_) return;
    source_root_ = root;
    uri_known_ = false;
  }

  void message(std::string_view name, std::string_view text) {
    message(name, std::initializer_list<std::string_view>{text});
  }
  // A message of several pieces, in turn.
  void message(std::string_view name, std::initializer_list<std::string_view> text) {
    key(name);
    writer_.StartObject();
    key("text");
    string(text);
    writer_.EndObject();
  }
  // {"physicalLocation": {"artifactLocation": ..., "region": ...}} without the braces of the location.
  void physical_location(std::string_view file, std::uint64_t line, std::uint64_t column) {
    // Every finding of a file names it: its URI is made once, not normalised again per finding.
    if (uri_file_ != file || !uri_known_) {
      uri_ = artifact_uri(file, source_root_);
      uri_file_.assign(file);
      uri_known_ = true;
    }
    const ArtifactUri& uri = uri_;
    key("physicalLocation");
    writer_.StartObject();
    key("artifactLocation");
    writer_.StartObject();
    member("uri", uri.text);
    member("uriBaseId", uri.base);
    writer_.EndObject();
    // Where the position is unknown the file as a whole is meant: no region,
    // rather than a line 1 that says nothing.
    if (line != 0) {
      key("region");
      writer_.StartObject();
      member("startLine", line);
      if (column != 0) member("startColumn", column);
      writer_.EndObject();
    }
    writer_.EndObject();
  }

 private:
  std::string uri_file_;  // the file of the last location, and its URI
  ArtifactUri uri_;
  bool uri_known_ = false;
};

SarifReporter::SarifReporter(std::ostream& out, const ReportOptions& options)
    : writer_(std::make_unique<Writer>(out)), options_(options) {
  std::error_code error;
  writer_->source_root_ = std::filesystem::current_path(error).lexically_normal();
  if (error) writer_->source_root_ = "/";
}
SarifReporter::~SarifReporter() = default;

std::size_t SarifReporter::rule_index(std::string_view id, std::string_view keyword, bool warning) {
  // Looked up by the view: a rule met again (nearly every finding) makes no string.
  if (const auto found = rule_indices_.find(id); found != rule_indices_.end()) return found->second;
  rule_indices_.emplace(std::string(id), rules_.size());
  rules_.push_back({std::string(id), std::string(keyword), warning});
  return rules_.size() - 1;
}

void SarifReporter::begin(const RunInfo&) {
  auto& w = *writer_;
  w.writer_.StartObject();
  w.member("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  w.member("version", "2.1.0");
  w.key("runs");
  w.writer_.StartArray();
  w.writer_.StartObject();
  w.member("columnKind", "unicodeCodePoints");
  // What the uriBaseIds of the artifact locations stand for.
  w.key("originalUriBaseIds");
  w.writer_.StartObject();
  w.key(kSourceRoot);
  w.writer_.StartObject();
  w.member("uri", directory_uri(w.source_root_));
  w.message("description", "The folder conform ran in (in CI, the checkout): paths below it are relative to it.");
  w.writer_.EndObject();
  w.key(kFilesystemRoot);
  w.writer_.StartObject();
  w.member("uri", "file:///");
  w.message("description", "The root of the file system, for inputs outside the folder conform ran in.");
  w.writer_.EndObject();
  w.writer_.EndObject();
  w.key("results");
  w.writer_.StartArray();
}

// One SARIF result per finding. With `indexing`, each names its rule's index; without, a mark
// stands in its place, for add_rendered to replace in report order (the rules are numbered as met).
void SarifReporter::write_findings(Writer& w, const Result& result, SarifReporter* indexing) const {
  const std::string_view file = result.file.empty() ? std::string_view(result.source) : std::string_view(result.file);
  std::string text;
  // Where the calls that flow findings relate to are: only those, as a capture's flows may hold
  // millions of calls (read back from their store, so each entry is copied). The first call wins.
  std::unordered_map<std::string, std::optional<std::pair<std::uint32_t, std::uint32_t>>> call_positions;
  for (const FindingView finding : result.findings) {
    for (const std::string& entry : finding.related) call_positions.emplace(entry, std::nullopt);
  }
  for (const Flow& flow : result.flows) {
    if (call_positions.empty()) break;
    for (const FlowCall& call : flow.calls) {
      const auto known = call_positions.find(call.entry);
      if (known != call_positions.end() && !known->second) {
        known->second = std::pair(static_cast<std::uint32_t>(call.line), static_cast<std::uint32_t>(call.column));
      }
    }
  }
  for (const FindingView finding : result.findings) {
    const std::string_view id = finding.rule.empty() ? finding.keyword : finding.rule;
    const bool warning = finding.severity == Severity::warning;
    // The pointer goes into the message as it is, never copied: it may be a 15 MiB member name.
    const std::string_view pointer = pointer_of(finding);
    // "[ ]keyword[ rule]: message[ (value v)][; hint]", built in one reused string.
    text.clear();
    if (!pointer.empty()) text += ' ';
    text += finding.keyword;
    if (!finding.rule.empty()) {
      text += ' ';
      text += finding.rule;
    }
    text += ": ";
    text += finding.message;
    if (finding.value) {
      text += " (value ";
      text += options_.values.displayed(*finding.value, finding.instance_location);
      text += ')';
    }
    if (!finding.hint.empty()) {
      text += "; ";
      text += finding.hint;
    }

    w.writer_.StartObject();
    w.member("ruleId", id);
    if (indexing != nullptr) {
      w.member("ruleIndex", indexing->rule_index(id, finding.keyword, warning));
    } else {
      w.key("ruleIndex");
      w.writer_.RawValue(&kRuleIndexMark, 1, rapidjson::kNumberType);
    }
    w.member("level", warning ? "warning" : "error");
    w.message("message", {pointer, text});
    w.key("locations");
    w.writer_.StartArray();
    w.writer_.StartObject();
    w.physical_location(file, finding.line, finding.column);
    w.writer_.EndObject();
    w.writer_.EndArray();
    if (!finding.related.empty()) {
      // The calls of the flow: HAR entries by pointer, NDJSON exchanges by line.
      w.key("relatedLocations");
      w.writer_.StartArray();
      std::uint64_t related_id = 0;
      for (const std::string& entry : finding.related) {
        w.writer_.StartObject();
        w.member("id", ++related_id);
        std::pair<std::uint32_t, std::uint32_t> at{ndjson_line(entry, file).value_or(0), 0};
        if (const auto found = call_positions.find(entry); found != call_positions.end() && found->second) {
          at = *found->second;
        } else if (entry == finding.instance_location) {
          at = {finding.line, finding.column};
        }
        w.physical_location(file, at.first, at.second);
        w.message("message", entry);
        w.writer_.EndObject();
      }
      w.writer_.EndArray();
    }
    w.key("properties");
    w.writer_.StartObject();
    w.member("source", result.source);
    w.member("instanceLocation", finding.instance_location);
    if (!finding.schema_location.empty()) w.member("schemaLocation", finding.schema_location);
    w.member("keyword", finding.keyword);
    if (!finding.rule.empty()) w.member("rule", finding.rule);
    if (!finding.related.empty()) {
      w.key("entries");
      w.writer_.StartArray();
      for (const std::string& entry : finding.related) w.string(entry);
      w.writer_.EndArray();
    }
    // As in the JSON report: a masked value is of no use to a program.
    if (finding.value && options_.values.shows(finding.instance_location)) w.member("value", *finding.value);
    w.writer_.EndObject();
    w.writer_.EndObject();
  }
}

void SarifReporter::add(const Result& result) {
  write_findings(*writer_, result, this);
  keep_for_end(result);
}

void SarifReporter::keep_for_end(const Result& result) {
  if (result.status == Status::error) input_errors_.push_back({result.source, result.error_message});
  omitted_findings_ += result.omitted_findings;
  for (const SkippedEntry& skipped : result.skipped) skipped_.push_back(skipped);
}

// A writer of one thread inside a run's results array that holds a value already: the results it
// writes are what the report's writer writes after its separator (which it leaves out).
struct SarifReporter::Rendering {
  std::string bytes;
  StringBuffer buffer{bytes};
  std::ostream stream{&buffer};
  Writer writer{stream};
  std::size_t separator = 0;

  Rendering() {
    writer.writer_.StartObject();
    writer.key("runs");
    writer.writer_.StartArray();
    writer.writer_.StartObject();
    writer.key("results");
    writer.writer_.StartArray();
    writer.writer_.Null();
    writer.stream_.Flush();
    bytes.clear();
    writer.writer_.Null();
    writer.stream_.Flush();
    separator = bytes.size() - 4;  // the comma and the indentation before "null"
    bytes.clear();
  }
};

bool SarifReporter::render(const Result& result, std::string& out) const {
  if (!renders_before_turn(result, BufferedOutput::kSize)) return false;
  thread_local std::unique_ptr<Rendering> rendering;
  if (!rendering) rendering = std::make_unique<Rendering>();
  try {
    rendering->writer.set_source_root(writer_->source_root_);
    write_findings(rendering->writer, result, nullptr);
    rendering->writer.stream_.Flush();
  } catch (...) {
    rendering.reset();  // its state is unknown: a new one next time
    throw;
  }
  if (!rendering->bytes.empty()) out.append(rendering->bytes, rendering->separator);
  rendering->bytes.clear();
  return true;
}

// The rules are numbered here, in report order, in place of the marks; the report's writer puts
// the separator before the first result (none before the report's first).
void SarifReporter::add_rendered(const Result& result, std::string_view bytes) {
  if (!bytes.empty()) {
    auto& w = *writer_;
    w.writer_.RawValue("", 0, rapidjson::kObjectType);
    std::size_t at = 0;
    for (const FindingView finding : result.findings) {
      const std::size_t mark = bytes.find(kRuleIndexMark, at);
      if (mark == std::string_view::npos) break;
      w.stream_.append(bytes.substr(at, mark - at));
      const std::string_view id = finding.rule.empty() ? finding.keyword : finding.rule;
      char digits[24];
      const auto end = std::to_chars(digits, digits + sizeof digits,
                                     rule_index(id, finding.keyword, finding.severity == Severity::warning))
                           .ptr;
      w.stream_.append(std::string_view(digits, static_cast<std::size_t>(end - digits)));
      at = mark + 1;
    }
    w.stream_.append(bytes.substr(at));
  }
  keep_for_end(result);
}

void SarifReporter::end(const RunInfo& run, const Summary& summary) {
  auto& w = *writer_;
  w.writer_.EndArray();  // results

  w.key("tool");
  w.writer_.StartObject();
  w.key("driver");
  w.writer_.StartObject();
  w.member("name", "conform");
  w.member("version", version);
  w.member("semanticVersion", version);
  w.key("rules");
  w.writer_.StartArray();
  for (const Rule& rule : rules_) {
    std::string name;
    std::string short_text;
    std::string full_text;
    std::string help_text;      // what the rule asks and how to mend a result of it
    std::string help_markdown;  // the same, for viewers that render Markdown
    // A flow rule, or a rule a schema states (F5, F6): its text is the contracts'.
    if (rule.keyword == "flow" || !contract_rules(rule.id).empty()) {
      name = "FlowRule" + pascal_name(rule.id);
      short_text = fmt::format("Flow rule {}.", rule.id);
      full_text = short_text;
      // The rule's text is the contracts' own: each family that states the id, in turn.
      const auto stated = contract_rules(rule.id);
      std::vector<std::string> texts;
      std::string stated_markdown;
      for (const auto& [contract, flow] : stated) {
        if (texts.empty()) {
          if (!flow->name.empty()) name = flow->name;
          short_text = flow->text;
        }
        texts.push_back(
            fmt::format("{} ({}): {} Source: {}.", contract->family, contract->spec, flow->text, flow->source));
        stated_markdown +=
            fmt::format("- **{}** ({}): {} Source: {}.\n", markdown_text(contract->family),
                        markdown_text(contract->spec), markdown_text(flow->text), markdown_text(flow->source));
      }
      if (!texts.empty()) {
        full_text = fmt::format(
            "Rule {} of the contracts (a flow rule is checked across the calls of a capture, a schema-stated one in "
            "its body). {}",
            rule.id, fmt::join(texts, " "));
      }
      constexpr std::string_view kMend =
          "Each result names the calls involved (relatedLocations). Fix the client so that its calls keep the rule; "
          "if the traffic is known to differ, --disable-rule {} turns the rule off, and the report says so.";
      help_text = fmt::format("{} {}", full_text, fmt::format(kMend, rule.id));
      help_markdown = fmt::format("**Rule {}**: {}\n\n{}\n{}", markdown_text(rule.id), markdown_text(short_text),
                                  stated_markdown, fmt::format(kMend, rule.id));
    } else {
      // SARIF wants a name that differs from the id, case aside (SARIF1001).
      name = pascal_name(rule.id) + "Violation";
      short_text = fmt::format("The body satisfies the schema keyword \"{}\".", rule.id);
      for (const KeywordText& keyword : kKeywords) {
        if (keyword.keyword == rule.id) short_text = keyword.text;
      }
      full_text = fmt::format(
          "{} Reported under the keyword \"{}\"; each result's properties give the JSON "
          "Pointer of the offending value and, for a schema keyword, its schemaLocation.",
          short_text, rule.id);
      constexpr std::string_view kMend =
          "Each result gives the JSON Pointer of the offending value, its line and column, the keyword's place in "
          "the schema and, where a member name looks mistyped, the name meant. Change the body to satisfy the "
          "schema, or the schema if the body is right.";
      help_text = fmt::format("{} {}", short_text, kMend);
      help_markdown = fmt::format("**Keyword {}**: {}\n\n{}", markdown_text(rule.id), markdown_text(short_text), kMend);
    }
    w.writer_.StartObject();
    w.member("id", rule.id);
    w.member("name", name);
    w.message("shortDescription", short_text);
    w.message("fullDescription", full_text);
    w.key("help");
    w.writer_.StartObject();
    w.member("text", help_text);
    w.member("markdown", help_markdown);
    w.writer_.EndObject();
    w.key("defaultConfiguration");
    w.writer_.StartObject();
    w.member("level", rule.warning ? "warning" : "error");
    w.writer_.EndObject();
    w.writer_.EndObject();
  }
  w.writer_.EndArray();
  w.writer_.EndObject();  // driver
  w.writer_.EndObject();  // tool

  w.key("invocations");
  w.writer_.StartArray();
  w.writer_.StartObject();
  // Not successful when conform could not do its job (exit code 2) or was stopped.
  w.key("executionSuccessful");
  w.writer_.Bool(!summary.harness_error && !summary.interrupted);
  if (!skipped_.empty() || !input_errors_.empty() || summary.interrupted) {
    w.key("toolExecutionNotifications");
    w.writer_.StartArray();
    const auto notification = [&](std::string_view level, std::string_view id, std::string_view source,
                                  const std::string& text) {
      w.writer_.StartObject();
      w.member("level", level);
      w.message("message", text);
      if (!id.empty()) {
        w.key("descriptor");
        w.writer_.StartObject();
        w.member("id", id);
        w.writer_.EndObject();
      }
      if (!source.empty()) {
        w.key("properties");
        w.writer_.StartObject();
        w.member("source", source);
        w.writer_.EndObject();
      }
      w.writer_.EndObject();
    };
    // Inputs that could not be checked: errors of the run, not results at a place in a file.
    for (const InputError& error : input_errors_) {
      notification("error", kInputError, error.source, fmt::format("{}: {}", error.source, error.message));
    }
    // Recorded calls that were not checked are listed, never dropped silently.
    for (const SkippedEntry& skipped : skipped_) {
      notification("note", "", "", fmt::format("{}: not checked: {}", skipped.source, skipped.reason));
    }
    if (summary.interrupted) {
      notification(
          "error", "interrupted", "",
          fmt::format("the run was interrupted after {}; this report is incomplete", counted(summary.inputs, "input")));
    }
    w.writer_.EndArray();
  }
  w.writer_.EndObject();
  w.writer_.EndArray();

  w.key("properties");
  w.writer_.StartObject();
  w.member("schema", run.schema);
  w.counts(summary);
  if (omitted_findings_ != 0) w.member("omittedFindings", omitted_findings_);
  w.writer_.EndObject();

  w.writer_.EndObject();  // run
  w.writer_.EndArray();   // runs
  w.writer_.EndObject();
  w.stream_.Put('\n');
  w.stream_.Flush();
}

}  // namespace conform::report
