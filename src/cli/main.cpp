#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "conform/did_you_mean.hpp"
#include "conform/embedded_schema.hpp"
#include "conform/error.hpp"
#include "conform/escape.hpp"
#include "conform/exit_code.hpp"
#include "conform/plural.hpp"
#include "conform/report_sink.hpp"
#include "conform/run.hpp"
#include "conform/version.hpp"

// The command line: the app, the options `validate` and `test` share, and the
// one place errors of the harness become messages and an exit code (the
// ties between the files are declared in commands.hpp).
namespace conform::cli {

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  return CLI::Validator(
      [min, max](std::string& text) {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        const bool digits_only = !text.empty() && text.front() >= '0' && text.front() <= '9' && stop == end;
        if (digits_only && error == std::errc() && value >= min && value <= max) return std::string();
        return fmt::format("expected a whole number from {} to {}, not \"{}\"", min, max, escaped_for_line(text));
      },
      fmt::format("{}..{}", min, max), "whole number");
}

int interrupted(const Summary& summary, const StopSignal& signals) {
  fmt::print(stderr, "conform: interrupted after {}; every report says so\n", counted(summary.inputs, "input"));
  return 128 + signals.signal_number();
}

namespace {

// The shared options as given, before they are read into the library's options.
struct SharedArguments {
  std::string schema;  // an embedded schema's name or a file; empty: the default
  std::string dialect = "draft7";
  bool format_assertion = false;
  std::vector<std::string> map_uri;          // "PREFIX=DIR"
  std::vector<std::string> formats{"text"};  // "NAME" or "NAME=PATH"
  std::string output;                        // for the one format without a path; empty: standard output
  std::vector<std::string> show_values;      // "*" (every value) or member names, from --show-values[=NAME,...]
  std::string mask = "standard";
  std::string color = "auto";
  std::string fail_on = "error";
  std::size_t max_findings = 0;      // per input; 0: no limit
  std::size_t max_annotations = 10;  // github report; 0: no limit
  bool quiet = false;
  bool allow_unchecked_captures = false;  // a capture in which no call was checked may pass
  Limits limits;
};

SchemaOptions schema_options(const SharedArguments& arguments) {
  SchemaOptions options;
  constexpr std::pair<std::string_view, Dialect> kDialects[] = {{"draft4", Dialect::draft4},
                                                                {"draft6", Dialect::draft6},
                                                                {"draft2019-09", Dialect::draft2019_09},
                                                                {"draft2020-12", Dialect::draft2020_12}};
  options.default_dialect = Dialect::draft7;
  for (const auto& [name, value] : kDialects) {
    if (arguments.dialect == name) options.default_dialect = value;
  }
  options.format_assertion = arguments.format_assertion;
  for (const std::string& spec : arguments.map_uri) {
    const auto equals = spec.find('=');
    options.uri_map.emplace_back(spec.substr(0, equals), spec.substr(equals + 1));
  }
  return options;
}

// How values are shown, from --show-values and --mask.
ValueMask value_mask(const SharedArguments& arguments) {
  ValueMask values;
  values.mode = arguments.mask == "strict" ? ValueMask::Mode::strict : ValueMask::Mode::standard;
  for (const std::string& name : arguments.show_values) {
    if (name == "*") {
      values.show_all = true;
    } else if (!name.empty()) {
      values.shown_members.push_back(name);
    }
  }
  return values;
}

ReportSinkOptions report_sink_options(const SharedArguments& arguments) {
  if (!arguments.output.empty() &&
      std::all_of(arguments.formats.begin(), arguments.formats.end(),
                  [](const std::string& spec) { return spec.find('=') != std::string::npos; })) {
    throw Error(fmt::format("-o {} names no report: every --format has its own =PATH", arguments.output));
  }
  ReportSinkOptions reports;
  reports.targets.clear();
  for (const std::string& spec : arguments.formats) {
    const auto equals = spec.find('=');
    reports.targets.push_back(ReportTarget{*parse_report_format(spec.substr(0, equals)),
                                           equals == std::string::npos ? arguments.output : spec.substr(equals + 1)});
  }
  reports.report.values = value_mask(arguments);
  reports.report.summary_only = arguments.quiet;
  reports.report.max_annotations = arguments.max_annotations;
  // GitHub Actions names the job summary's file; another CI leaves it unset.
  if (const char* step_summary = std::getenv("GITHUB_STEP_SUMMARY"); step_summary != nullptr) {
    reports.report.step_summary = step_summary;
  }
  reports.color = arguments.color == "always"  ? ColorChoice::always
                  : arguments.color == "never" ? ColorChoice::never
                                               : ColorChoice::automatic;
  return reports;
}

}  // namespace

SharedOptions add_shared_options(CLI::App& command) {
  auto arguments = std::make_shared<SharedArguments>();
  command
      .add_option("-s,--schema", arguments->schema,
                  fmt::format("Schema: the name of an embedded schema (see `conform schemas`) or a draft-04/06/07, "
                              "2019-09 or 2020-12 schema file [default: {}]",
                              default_schema_name))
      ->type_name("NAME|FILE");
  command.add_option("--dialect", arguments->dialect, "Draft for a schema without \"$schema\"")
      ->check(CLI::IsMember({"draft4", "draft6", "draft7", "draft2019-09", "draft2020-12"}))
      ->capture_default_str();
  command
      .add_option("--map-uri", arguments->map_uri,
                  "Read schemas that $ref names under the URI PREFIX from the folder DIR (repeatable); nothing is "
                  "ever fetched from the network")
      ->check([](const std::string& spec) {
        const auto equals = spec.find('=');
        return equals == std::string::npos || equals == 0 || equals + 1 == spec.size()
                   ? std::string("expected PREFIX=DIR")
                   : std::string();
      })
      ->type_name("PREFIX=DIR")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command.add_flag("--format-assertion", arguments->format_assertion,
                   "Assert \"format\" (every format of draft 7, and uuid); by default it is an annotation, as draft 7 "
                   "allows");
  command
      .add_option("-f,--format", arguments->formats,
                  "Report format, NAME or NAME=PATH; repeat for several reports at once (text, json, junit, sarif, "
                  "github, ndjson: one line per input, as it is checked)")
      ->check([](const std::string& spec) {
        const std::string name = spec.substr(0, spec.find('='));
        return parse_report_format(name) ? std::string() : fmt::format("unknown report format \"{}\"", name);
      })
      ->type_name("NAME[=PATH]")
      ->expected(1)  // one value per --format, so paths after it stay inputs
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->default_str("text");
  command
      .add_option("-o,--output", arguments->output,
                  "Write the report without a =PATH to FILE instead of standard output")
      ->type_name("FILE");
  command.add_option("--fail-on", arguments->fail_on, "Fail an input on errors only, or on warnings too")
      ->check(CLI::IsMember({"error", "warning"}))
      ->capture_default_str();
  constexpr std::uint64_t kLargest = std::uint64_t{1} << 60;  // well below SIZE_MAX on every platform
  command
      .add_option("--max-findings", arguments->max_findings,
                  "Report at most N findings per input (0: all); the rest are counted")
      ->check(whole_number(0, kLargest))
      ->type_name("N");
  command
      .add_option("--max-annotations", arguments->max_annotations,
                  "github report: at most N annotations in all (0: no limit); GitHub shows 10 error and 10 warning "
                  "annotations per step and 50 per job, so the default keeps every one written visible; a final "
                  "::notice counts the rest")
      ->check(whole_number(0, kLargest))
      ->capture_default_str()
      ->type_name("N");
  command.add_flag("-q,--quiet", arguments->quiet, "Text report: only the summary line");
  command.add_flag("--allow-unchecked-captures", arguments->allow_unchecked_captures,
                   "Let a capture pass in which no recorded call was checked (none was a V3 MFA call); by default "
                   "it fails, as it says nothing about the traffic");
  // A flag, so that a path after it is never taken for its value: names only as --show-values=NAME.
  command
      .add_flag("--show-values{*}", arguments->show_values,
                "Print values from the bodies in full, or with =NAME[,NAME] only the values of the members so named "
                "(--show-values=correlationId); by default every value is masked")
      ->delimiter(',');
  command
      .add_option("--mask", arguments->mask,
                  "How masked values look: standard keeps the first and last two characters (20******11), strict "
                  "only the last two, of values of 8 characters or more (********11)")
      ->check(CLI::IsMember({"standard", "strict"}))
      ->capture_default_str();
  command
      .add_option("--color", arguments->color, "Colour in the text report; NO_COLOR in the environment turns it off")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  command.add_option("--max-bytes", arguments->limits.max_bytes, "Largest body accepted, in bytes (at most 2^60)")
      ->check(whole_number(1, kLargest))
      ->capture_default_str();
  command.add_option("--max-depth", arguments->limits.max_depth, "Deepest nesting accepted")
      ->check(whole_number(1, 100000))
      ->capture_default_str();
  return [arguments] {
    ReportSinkOptions reports = report_sink_options(*arguments);
    RunOptions run;
    run.schema = arguments->schema;
    run.schema_options = schema_options(*arguments);
    run.limits = arguments->limits;
    run.gate.fail_on_warnings = arguments->fail_on == "warning";
    run.gate.max_findings = arguments->max_findings;
    run.gate.allow_unchecked_captures = arguments->allow_unchecked_captures;
    run.values = value_mask(*arguments);
    return std::make_pair(std::move(run), std::move(reports));
  };
}

}  // namespace conform::cli

int main(int argc, char** argv) {
  using namespace conform;
  using namespace conform::cli;
  CLI::App app{"conform: check JSON bodies against the V3 MFA schemas (or any draft-04/06/07 schema)", "conform"};
  app.set_version_flag("-V,--version", fmt::format("conform {}", conform::version));
  app.require_subcommand(1);
  // Set before the sub-commands are added, which copy it: an argument (a file
  // name a glob expanded) is echoed through the one line escaper.
  app.failure_message([](const CLI::App* failed, const CLI::Error& error) {
    std::string text = conform::escaped_for_line(error.what()) + "\n";
    if (failed->get_help_ptr() != nullptr) {
      text += "Run with " + failed->get_help_ptr()->get_name() + " for more information.\n";
    }
    return text;
  });
  app.footer(
      "Exit codes: 0 every input conforms; 1 at least one does not (malformed JSON and unreadable inputs included); "
      "2 conform could not do its job (bad arguments, a missing path, unusable schema, unwritable output, no input "
      "at all); 130, 143 stopped by SIGINT or SIGTERM; 141 standard output closed early.");
  const Runner validate = add_validate_command(app);
  const Runner test = add_test_command(app);
  const Runner schemas = add_schemas_command(app);

  // A mistyped sub-command gets a suggestion rather than CLI11's list of unexpected arguments.
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const CLI::App* command : app.get_subcommands({})) names.push_back(command->get_name());
    const std::string given = argv[1];
    if (std::find(names.begin(), names.end(), given) == names.end()) {
      const std::string nearest = conform::nearest_name(given, names);
      std::cerr << fmt::format(
          "conform: unknown command \"{}\"{}; the commands are {}\n", conform::escaped_for_line(given),
          nearest.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", nearest), fmt::join(names, ", "));
      return kHarnessError;
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kAllConform : kHarnessError;
  }

  // The one place errors of the harness become messages and an exit code.
  try {
    if (app.got_subcommand("validate")) return validate();
    if (app.got_subcommand("test")) return test();
    return schemas();
  } catch (const conform::Error& error) {
    std::cerr << "conform: " << conform::escaped_for_line(error.describe()) << '\n';
  } catch (const std::exception& error) {
    std::cerr << "conform: internal error: " << conform::escaped_for_line(error.what()) << '\n';
  }
  return kHarnessError;
}
