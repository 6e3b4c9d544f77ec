// acctctl practices|access
#include "acctctl/error.hpp"
#include "acctctl/format/records.hpp"
#include "acctctl/service/access.hpp"
#include "acctctl/service/practices_staff.hpp"
#include "acctctl/values.hpp"
#include "acctctl/when.hpp"
#include "commands.hpp"

namespace acctctl::cli {
namespace {

struct AccessOptions {
  std::string staff;
  std::vector<std::string> clients;
  std::optional<std::string> until;
  BatchFlags flags;
};

void add_access_change(CLI::App& access, Context& context, bool grant) {
  auto options = std::make_shared<AccessOptions>();
  CLI::App* command = access.add_subcommand(
      grant ? "grant" : "revoke",
      grant ? "Let a practice member manage these client accounts (one batch)"
            : "Take a member's access to these client accounts away (one batch)");
  command->add_option("STAFF", options->staff, "A staff id or email")->required();
  command->add_option("CLIENT", options->clients, "Client ids or names")->required();
  if (grant) {
    command->add_option("--until", options->until,
                        "The access ends then (WHEN: 2026-12-31, +30d, RFC 3339; see acctctl(1))");
  }
  add_batch_flags(*command, options->flags);
  command->callback([&context, options, grant] {
    const BatchOptions batch = context.batch_options(options->flags);
    std::optional<std::string> until;
    if (options->until) {
      until = check_when("--until", *options->until, WhenEdge::end, context.clock().now());
    }
    Session& session = context.session();
    context.exit_status = context.print_report(
        grant ? grant_access(session, options->staff, options->clients, until, batch)
              : revoke_access(session, options->staff, options->clients, batch));
  });
}

} // namespace

void add_practices_commands(CLI::App& root, Context& context) {
  CLI::App* practices = add_group(root, "practices", "The firms that serve client accounts");
  practices->add_subcommand("list", "List practices (staff see their own)")->callback([&context] {
    context.print_rows<PracticeSummary>(
        practice_layout(), [&](const auto& sink) { list_practices(context.session(), sink); },
        &practice_record);
  });
  auto name = std::make_shared<std::string>();
  CLI::App* add = practices->add_subcommand("add", "Add a practice (support only)");
  add->add_option("NAME", *name, "The practice's name (unique)")->required();
  add->callback([&context, name] {
    const PracticeSummary added = add_practice(context.session(), check_name("NAME", *name));
    context.print_one(practice_layout(), practice_record(added));
  });
}

void add_access_commands(CLI::App& root, Context& context) {
  CLI::App* access = add_group(root, "access",
                               "Which client accounts a practice member may manage "
                               "(practice admins reach all of theirs)");
  add_access_change(*access, context, true);
  add_access_change(*access, context, false);
  auto staff = std::make_shared<std::optional<std::string>>();
  CLI::App* list = access->add_subcommand("list", "List access grants");
  list->add_option("STAFF", *staff, "Only this staff member's grants");
  list->callback([&context, staff] {
    context.print_rows<AccessGrant>(
        grant_layout(), [&](const auto& sink) { list_access(context.session(), *staff, sink); },
        &grant_record);
  });
}

} // namespace acctctl::cli
