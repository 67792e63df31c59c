#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>
#include <memory>
#include <string>

#include "commands.hpp"
#include "conform/embedded_schema.hpp"
#include "conform/escape.hpp"
#include "conform/exit_code.hpp"
#include "conform/schema.hpp"

namespace conform::cli {

Runner add_schemas_command(CLI::App& app) {
  auto show = std::make_shared<std::string>();
  auto bundled = std::make_shared<bool>(false);
  CLI::App* command = app.add_subcommand("schemas", "List the schemas built into conform, or print one");
  // `conform schemas NAME` and `conform schemas --show NAME` print the same schema.
  command->add_option("NAME,--show", *show, "Print the named schema's text")->type_name("NAME");
  command->add_flag("--bundled", *bundled,
                    "With --show: one self-contained document, the schemas it references copied into its definitions");
  return [show, bundled] {
    if (!show->empty()) {
      const EmbeddedSchema* schema = find_embedded_schema(*show);
      if (schema == nullptr) {
        std::cerr << fmt::format("conform: no embedded schema is named \"{}\"{}\n", escaped_for_line(*show),
                                 escaped_for_line(embedded_schema_hint(*show)));
        return static_cast<int>(kHarnessError);
      }
      std::cout << (*bundled ? bundled_schema_text(*show) : std::string(schema->text));
      return static_cast<int>(kAllConform);
    }
    for (const EmbeddedSchema& schema : embedded_schemas()) {
      const Schema loaded = Schema::embedded(schema.name);
      std::cout << fmt::format("{:<28} {}{}\n", schema.name, loaded.id(),
                               schema.name == default_schema_name ? "  (default)" : "");
    }
    return static_cast<int>(kAllConform);
  };
}

}  // namespace conform::cli
