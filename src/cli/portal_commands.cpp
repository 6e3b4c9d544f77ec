// acctctl portal: the second seed article's Client Portal tab.
#include "acctctl/error.hpp"
#include "acctctl/format/records.hpp"
#include "acctctl/service/users.hpp"
#include "acctctl/values.hpp"
#include "commands.hpp"

namespace acctctl::cli {
namespace {

struct PortalAddOptions {
  std::string client;
  std::string name;
  std::optional<std::string> email;
  std::optional<std::string> username;
  std::vector<std::string> permissions;
};

struct PortalUserOptions {
  std::string client;
  std::string user;
};

int run_portal_add(Context& context, const PortalAddOptions& options) {
  NewUser user;
  user.name = check_name("--name", options.name);
  user.email = checked_email(options.email, "--email");
  if (options.username) {
    user.username = check_username(*options.username);
  }
  if (!options.permissions.empty()) {
    PermissionSet permissions;
    for (const std::string& name : options.permissions) {
      permissions.insert(*parse_permission(name));
    }
    user.permissions = permissions;
  }
  return context.print_report(
      add_portal_user(context.session(), options.client, user, context.batch_options({})));
}

CLI::App* add_user_command(CLI::App& portal, const char* name, const char* description,
                           const std::shared_ptr<PortalUserOptions>& options) {
  CLI::App* command = portal.add_subcommand(name, description);
  command->add_option("--client", options->client, "A client id or name")->required();
  command->add_option("USER", options->user, "A user id, email or username")->required();
  return command;
}

} // namespace

void add_portal_commands(CLI::App& root, Context& context) {
  CLI::App* portal = add_group(root, "portal", "Client portal access: the users who log in");

  auto client = std::make_shared<std::string>();
  CLI::App* list = portal->add_subcommand(
      "list", "Users with login access: name, username, permissions, alert recipient");
  list->add_option("--client", *client, "A client id or name")->required();
  list->callback([&context, client] {
    UserQuery query;
    query.client_ref = *client;
    query.login_access = true;
    context.print_rows<UserListing>(
        user_layout(UserTable::portal),
        [&](const auto& sink) { list_users(context.session(), query, sink); }, &user_record_into);
  });

  auto add_options = std::make_shared<PortalAddOptions>();
  CLI::App* add = portal->add_subcommand(
      "add", "Grant portal access to a new user; the email defaults to the client's contact email");
  add->add_option("--client", add_options->client, "A client id or name")->required();
  add->add_option("--name", add_options->name, "Their name")->required();
  add->add_option("--email", add_options->email, "Their email (default: the contact email)");
  add->add_option("--username", add_options->username, "Their username (default: the email)");
  add_choice(*add, "--permission", add_options->permissions, permission_names(),
             "A permission; repeat for several (default: the standard role's)");
  add->callback(
      [&context, add_options] { context.exit_status = run_portal_add(context, *add_options); });

  auto alerts = std::make_shared<PortalUserOptions>();
  add_user_command(*portal, "alerts",
                   "Make USER the one alert recipient (an active login user; the flag moves)",
                   alerts)
      ->callback([&context, alerts] {
        context.exit_status = context.print_report(assign_alert_recipient(
            context.session(), alerts->client, alerts->user, context.batch_options({})));
      });

  auto removal = std::make_shared<PortalUserOptions>();
  add_user_command(*portal, "delete",
                   "Remove a login user's access for good, as users remove (type delete, or --yes)",
                   removal)
      ->callback([&context, removal] {
        const auto confirmer = context.confirmer();
        context.exit_status = context.print_report(
            change_user_status(context.session(), StatusChange::remove, removal->client,
                               {removal->user}, context.batch_options({}), *confirmer));
      });
}

} // namespace acctctl::cli
