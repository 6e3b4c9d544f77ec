// acctctl users deactivate|enable|remove|offboard|transfer-ownership
#include "acctctl/service/users.hpp"
#include "commands.hpp"

namespace acctctl::cli {
namespace {

struct StatusOptions {
  std::string client;
  std::vector<std::string> users;
  BatchFlags flags;
};

struct OffboardOptions {
  std::string person;
  bool remove = false;
  std::vector<std::string> clients;
  BatchFlags flags;
};

struct TransferOptions {
  std::string client;
  std::string to;
};

void add_status_change(CLI::App& users, Context& context, StatusChange change, const char* name,
                       const char* description) {
  auto options = std::make_shared<StatusOptions>();
  CLI::App* command = users.add_subcommand(name, description);
  command->add_option("--client", options->client, "A client id or name")->required();
  command
      ->add_option("USER", options->users,
                   "User ids, emails or usernames; - reads them from stdin, one a line")
      ->required();
  add_batch_flags(*command, options->flags);
  command->callback([&context, options, change] {
    std::vector<std::string> refs = expand_references(options->users);
    const auto confirmer = context.confirmer();
    context.exit_status = context.print_report(
        change_user_status(context.session(), change, options->client, std::move(refs),
                           context.batch_options(options->flags), *confirmer));
  });
}

} // namespace

void add_lifecycle_commands(CLI::App& users, Context& context) {
  add_status_change(users, context, StatusChange::deactivate, "deactivate",
                    "Deactivate users: they cannot log in or submit documents; their documents "
                    "stay (asks [y/N], or --yes)");
  add_status_change(users, context, StatusChange::enable, "enable",
                    "Enable deactivated users again: their access is restored");
  add_status_change(users, context, StatusChange::remove, "remove",
                    "Remove users permanently: they cannot be enabled, only added again as new "
                    "users; their documents stay (asks you to type delete, or --yes)");

  auto offboard = std::make_shared<OffboardOptions>();
  CLI::App* leaves = users.add_subcommand(
      "offboard", "A person leaves: deactivate (or remove) every user with this email or "
                  "username in the client accounts you manage, in one transaction (asks, or "
                  "--yes)");
  leaves->add_option("PERSON", offboard->person, "An email or username")->required();
  leaves->add_flag("--remove", offboard->remove,
                   "Remove the users instead (asks you to type delete, or --yes)");
  leaves->add_option("--client", offboard->clients,
                     "Only this client account (a client id or name); repeat for several");
  add_batch_flags(*leaves, offboard->flags);
  leaves->callback([&context, offboard] {
    const auto confirmer = context.confirmer();
    context.exit_status = context.print_report(
        offboard_person(context.session(), offboard->person,
                        offboard->remove ? StatusChange::remove : StatusChange::deactivate,
                        offboard->clients, context.batch_options(offboard->flags), *confirmer));
  });

  auto options = std::make_shared<TransferOptions>();
  CLI::App* transfer = users.add_subcommand(
      "transfer-ownership",
      "Make another active login user the account owner (support only; asks [y/N], or --yes)");
  transfer->add_option("--client", options->client, "A client id or name")->required();
  transfer->add_option("--to", options->to, "The new owner: a user id, email or username")
      ->required();
  transfer->callback([&context, options] {
    const auto confirmer = context.confirmer();
    context.exit_status = context.print_report(transfer_ownership(
        context.session(), options->client, options->to, context.batch_options({}), *confirmer));
  });
}

} // namespace acctctl::cli
