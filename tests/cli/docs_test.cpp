#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

// What the command says of itself agrees with the README: the exit codes of
// --help, and `conform schemas NAME` with `--show NAME`.

namespace {

struct CommandRun {
  int status = -1;
  std::string stdout_text;
};

CommandRun run_conform(const std::string& arguments) {
  const std::string command = std::string("'") + CONFORM_EXECUTABLE + "' " + arguments + " 2>/dev/null";
  CommandRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) run.stdout_text.append(buffer, n);
  run.status = ::pclose(pipe);
  return run;
}

std::string readme() {
  std::ifstream in(std::string(CONFORM_SOURCE_DIR) + "/README.md");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The codes of the README's "Exit codes" table, and the text of the row of `code`.
std::set<int> readme_exit_codes(std::string* row_of_1) {
  const std::string text = readme();
  const std::size_t start = text.find("### Exit codes");
  const std::size_t end = text.find("\n#", start + 1);
  std::istringstream table(text.substr(start, end - start));
  std::set<int> codes;
  for (std::string line; std::getline(table, line);) {
    if (line.rfind("| `", 0) != 0) continue;
    const std::string cell = line.substr(0, line.find(" |", 2));
    for (std::size_t at = 0; (at = cell.find('`', at)) != std::string::npos; at = cell.find('`', at + 1) + 1) {
      codes.insert(std::stoi(cell.substr(at + 1)));
      if (cell.substr(at + 1, 2) == "1`" && row_of_1 != nullptr) *row_of_1 = line;
    }
  }
  return codes;
}

TEST(Docs, HelpFooterListsTheReadmesExitCodes) {
  std::string row_of_1;
  const std::set<int> documented = readme_exit_codes(&row_of_1);
  ASSERT_GE(documented.size(), 3u) << "the README's exit code table was not found";

  const std::string help = run_conform("--help").stdout_text;
  const std::size_t footer = help.find("Exit codes:");
  ASSERT_NE(footer, std::string::npos) << help;
  std::set<int> listed;
  // Codes are the numbers that open a clause: after "Exit codes:", a ";" or a ", " between codes.
  const std::string clauses = help.substr(footer + 11);
  std::istringstream parts(clauses);
  for (std::string part; std::getline(parts, part, ';');) {
    std::istringstream words(part);
    for (std::string word; words >> word;) {
      if (word.back() == ',') word.pop_back();
      if (word.empty() || word.find_first_not_of("0123456789") != std::string::npos) break;
      listed.insert(std::stoi(word));
    }
  }
  EXPECT_EQ(listed, documented) << help;
  // An unreadable input does not conform (1), in both.
  EXPECT_NE(row_of_1.find("cannot be read"), std::string::npos) << row_of_1;
  const std::size_t one = clauses.find("1 at least one");
  ASSERT_NE(one, std::string::npos) << clauses;
  EXPECT_NE(clauses.substr(one, clauses.find(';', one) - one).find("unreadable"), std::string::npos) << clauses;
}

TEST(SchemasCommand, NamePrintsWhatShowPrints) {
  const CommandRun list = run_conform("schemas");
  ASSERT_EQ(list.status, 0);
  std::istringstream lines(list.stdout_text);
  int checked = 0;
  for (std::string line; std::getline(lines, line);) {
    const std::string name = line.substr(0, line.find(' '));
    const CommandRun by_name = run_conform("schemas " + name);
    const CommandRun by_option = run_conform("schemas --show " + name);
    EXPECT_EQ(by_name.status, 0) << name;
    EXPECT_FALSE(by_name.stdout_text.empty()) << name;
    EXPECT_EQ(by_name.stdout_text, by_option.stdout_text) << name;
    ++checked;
  }
  EXPECT_GT(checked, 5);
  EXPECT_NE(run_conform("schemas no-such-schema").status, 0);
}

}  // namespace

namespace {

std::string man_page_source() {
  std::ifstream in(std::string(CONFORM_SOURCE_DIR) + "/packaging/conform.h2m");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The long options a sub-command's --help lists ("--show-values", ...).
std::set<std::string> long_options(const std::string& help) {
  std::set<std::string> options;
  for (std::size_t at = 0; (at = help.find("--", at)) != std::string::npos;) {
    std::size_t end = at + 2;
    while (end < help.size() && ((help[end] >= 'a' && help[end] <= 'z') || help[end] == '-')) ++end;
    // Only where an option is listed: at the start of a help line, after "-x,".
    const std::size_t line = help.rfind('\n', at) + 1;
    const std::string lead = help.substr(line, at - line);
    if (end > at + 2 &&
        lead.find_first_not_of(" -,abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos) {
      options.insert(help.substr(at, end - at));
    }
    at = end;
  }
  return options;
}

TEST(Docs, EveryOptionOfTheHelpIsInTheReadme) {
  const std::string text = readme();
  for (const std::string command : {"validate", "test"}) {
    const std::set<std::string> options = long_options(run_conform(command + " --help").stdout_text);
    ASSERT_GE(options.size(), 10U) << command;
    for (const std::string& option : options) {
      if (option == "--help") continue;
      const bool listed = text.find("`" + option) != std::string::npos || text.find(", " + option) != std::string::npos;
      EXPECT_TRUE(listed) << command << " " << option << " is not in the README";
    }
  }
}

TEST(Docs, MaskingIsTheSameInHelpReadmeAndManPage) {
  const std::string help = run_conform("validate --help").stdout_text;
  const std::string text = readme();
  const std::string man = man_page_source();
  EXPECT_NE(help.find("--show-values"), std::string::npos);
  EXPECT_NE(help.find("=NAME[,NAME]"), std::string::npos) << help;
  EXPECT_NE(help.find("--mask"), std::string::npos);
  EXPECT_NE(help.find("strict"), std::string::npos);
  EXPECT_NE(text.find("`--show-values=NAME[,NAME]`"), std::string::npos);
  EXPECT_NE(text.find("`--mask strict`"), std::string::npos);
  EXPECT_NE(man.find("\\-\\-show\\-values=NAME[,NAME]"), std::string::npos);
  EXPECT_NE(man.find("\\-\\-mask strict"), std::string::npos);
  // The same rule in words: the last two characters, of a value of 8 or more.
  for (const std::string& where : {help, text, man}) {
    EXPECT_NE(where.find("last two"), std::string::npos) << where.substr(0, 200);
    EXPECT_NE(where.find("8 characters or more"), std::string::npos) << where.substr(0, 200);
  }
}

}  // namespace
