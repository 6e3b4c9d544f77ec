#include "app.hpp"

#include <array>
#include <cstdio>
#include <iostream>
#include <unistd.h>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/interrupt.hpp"
#include "acctctl/store.hpp"
#include "acctctl/values.hpp"
#include "command_line_secrets.hpp"
#include "commands.hpp"
#include "signals.hpp"

namespace acctctl::cli {
namespace {

constexpr const char* k_footer =
    "Global options go before or after the command: --db PATH, --as EMAIL, -o/--output FORMAT, "
    "--headers/--no-headers, -w/--wide, --color WHEN, -y/--yes, --dry-run, -q/--quiet "
    "(see acctctl --help and man acctctl).";

void add_global_options(CLI::App& app, GlobalOptions& options) {
  app.add_option("--db", options.db, "The store (default: $XDG_DATA_HOME/acctctl/acctctl.db)")
      ->envname("ACCTCTL_DB")
      ->type_name("PATH");
  app.add_option("--as", options.actor, "Who is acting: a staff email")
      ->envname("ACCTCTL_ACTOR")
      ->type_name("EMAIL");
  add_choice(app, "-o,--output", options.output, {"table", "tsv", "csv", "json", "jsonl"},
             "table, tsv, csv, json or jsonl (default: table on a terminal, else tsv)")
      ->type_name("FORMAT");
  CLI::Option* headers =
      app.add_flag("--headers", options.headers, "Print the header line in table, tsv and csv");
  CLI::Option* no_headers =
      app.add_flag("--no-headers", options.no_headers, "Leave out the header line");
  headers->excludes(no_headers);
  app.add_flag("-w,--wide", options.wide,
               "Do not cut table columns to the terminal's width (a pipe is never cut)");
  add_choice(app, "--color", options.color, {"auto", "always", "never"},
             "Bold table headers: auto (a terminal without NO_COLOR), always or never")
      ->type_name("WHEN");
  app.add_flag("-y,--yes", options.yes, "Confirm deactivate, remove and transfer without a prompt");
  app.add_flag("--dry-run", options.dry_run, "Show what would change and change nothing");
  app.add_flag("-q,--quiet", options.quiet,
               "No summaries or warnings on stderr; errors still print");
}

// The deepest subcommand the parser reached, to point at its --help.
std::string command_path(const CLI::App& app) {
  std::string path = app.get_name();
  const CLI::App* current = &app;
  while (true) {
    const auto selected = current->get_subcommands();
    if (selected.empty()) {
      break;
    }
    current = selected.front();
    path += " " + current->get_name();
  }
  return path;
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

} // namespace

int run(int argc, char** argv) {
  if (isatty(STDOUT_FILENO) == 0) {
    // A pipe or a file gets 64 KiB writes, not 4 KiB ones: a 200,000-user listing made 10,000
    // write calls, a tenth of its time. A terminal keeps its line buffering.
    // glibc ignores the size unless it is given the buffer.
    static std::array<char, std::size_t{1} << 16> buffer;
    std::setvbuf(stdout, buffer.data(), _IOFBF, buffer.size());
  }
  install_signal_handlers();
  Context context;
  CLI::App app{"acctctl: administer the users of client accounts, safely and from scripts.",
               "acctctl"};
  app.fallthrough(); // global options after the command too
  app.require_subcommand(1);
  app.set_version_flag("--version", fmt::format("acctctl {}", ACCTCTL_VERSION));
  app.footer(k_footer);
  add_global_options(app, context.options);
  add_init_command(app, context);
  add_practices_commands(app, context);
  add_staff_commands(app, context);
  add_access_commands(app, context);
  add_clients_commands(app, context);
  add_users_commands(app, context);
  add_portal_commands(app, context);
  add_documents_commands(app, context);
  add_audit_commands(app, context);
  add_due_command(app, context);
  add_store_commands(app, context);
  add_completion_command(app, context);
  // Once CLI11 has copied argv and before any command runs: the store's value is checked
  // and its password leaves the command line.
  app.parse_complete_callback([&context, argc, argv] {
    if (!context.options.db) {
      return;
    }
    if (hide_store_password(argc, argv, *context.options.db)) {
      context.warning("the --db password was visible to other users in ps while acctctl "
                      "started; ~/.pgpass or PGPASSWORD keep it out of ps");
    }
    check_location_form(*context.options.db);
  });

  try {
    app.parse(argc, argv);
    return context.exit_status;
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion& version) {
    std::cout << version.what() << '\n';
    return 0;
  } catch (const CLI::ParseError& error) {
    // A mistyped command ends up as a leftover word and "a subcommand is required".
    const auto leftover = app.remaining();
    const std::string message =
        leftover.empty() ? first_line(error.what())
                         : fmt::format("unknown command {}", in_quotes(leftover.front()));
    context.error(fmt::format("{} (see `{} --help`)", message, command_path(app)));
    return to_int(ExitCode::usage);
  } catch (const Error& error) {
    context.error(error.what());
    return to_int(error.code());
  } catch (const std::bad_alloc&) {
    context.error("out of memory; nothing changed");
    return to_int(ExitCode::store_error);
  } catch (const std::exception& error) {
    context.error(fmt::format("internal error: {}; nothing changed", error.what()));
    return to_int(ExitCode::store_error);
  }
}

} // namespace acctctl::cli
