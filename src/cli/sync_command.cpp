// acctctl users sync (SPEC.md §3.1)
#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/format/roster_csv.hpp"
#include "acctctl/service/sync.hpp"
#include "acctctl/values.hpp"
#include "commands.hpp"

namespace acctctl::cli {
namespace {

struct SyncOptions {
  std::string client;
  std::string csv;
  std::string missing = "deactivate";
  std::optional<std::string> max_deactivate;
  std::optional<std::string> max_remove;
  BatchFlags flags;
};

std::optional<SyncLimit> checked_limit(const std::optional<std::string>& value,
                                       const char* option) {
  if (!value) {
    return std::nullopt;
  }
  std::optional<SyncLimit> limit = parse_sync_limit(*value);
  if (!limit) {
    throw Error(ExitCode::usage,
                fmt::format("{} {} is not a number of users or a percentage: use e.g. 25 or 10%",
                            option, in_quotes(*value)));
  }
  return limit;
}

MissingUsers missing_users(const std::string& value) {
  if (value == "keep") {
    return MissingUsers::keep;
  }
  return value == "remove" ? MissingUsers::remove : MissingUsers::deactivate;
}

int run_sync(Context& context, const SyncOptions& options) {
  const SyncGuards guards{checked_limit(options.max_deactivate, "--max-deactivate"),
                          checked_limit(options.max_remove, "--max-remove")};
  const std::string text = read_input(options.csv);
  Roster roster;
  try {
    roster = read_roster_csv(text, context.clock().now());
  } catch (const Error& error) {
    throw Error(error.code(),
                fmt::format("{} {}; nothing changed", options.csv == "-" ? "stdin" : options.csv,
                            error.what()));
  }
  const auto confirmer = context.confirmer();
  return context.print_report(sync_users(context.session(), options.client, std::move(roster),
                                         missing_users(options.missing), guards,
                                         context.batch_options(options.flags), *confirmer));
}

} // namespace

void add_sync_command(CLI::App& users, Context& context) {
  auto options = std::make_shared<SyncOptions>();
  CLI::App* sync = users.add_subcommand(
      "sync", "Make the client's users match a roster CSV: add, enable and edit its rows, and "
              "deactivate (or keep, or remove) the users it leaves out, in one transaction");
  sync->add_option("--client", options->client, "A client id or name")->required();
  sync->add_option("--csv", options->csv,
                   "The roster (- for stdin): the CSV of users add --csv, a header naming "
                   "columns among name,email,username,role,permissions,login")
      ->required();
  add_choice(*sync, "--missing", options->missing, {"deactivate", "keep", "remove"},
             "What happens to users no row matches (default: deactivate; remove asks you to "
             "type delete)");
  sync->add_option("--max-deactivate", options->max_deactivate,
                   "Change nothing (exit 4) if the roster would deactivate more than N users, or "
                   "more than P% of the client's users: a guard against a truncated export")
      ->type_name("N|P%");
  sync->add_option("--max-remove", options->max_remove,
                   "Change nothing (exit 4) if the roster would remove more than N users, or more "
                   "than P% of the client's users")
      ->type_name("N|P%");
  sync->add_flag("--continue", options->flags.keep_going,
                 "Apply the valid items and report the failing ones (the exit status is still the "
                 "first failure's)");
  sync->callback([&context, options] { context.exit_status = run_sync(context, *options); });
}

} // namespace acctctl::cli
