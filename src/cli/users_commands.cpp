// acctctl users roles|list|show|add|edit|can (the lifecycle commands: lifecycle_commands.cpp)
#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/format/records.hpp"
#include "acctctl/format/roster_csv.hpp"
#include "acctctl/service/users.hpp"
#include "acctctl/user_change.hpp"
#include "acctctl/values.hpp"
#include "acctctl/when.hpp"
#include "commands.hpp"

namespace acctctl::cli {
namespace {

struct ListOptions {
  std::optional<std::string> client;
  std::string status = "active";
  std::optional<std::string> role;
  std::optional<std::string> login;
  std::optional<std::string> search;
  std::optional<std::string> ending_before;
};

struct AddOptions {
  std::string client;
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> username;
  std::optional<std::string> role;
  std::vector<std::string> permissions;
  bool no_login = false;
  std::optional<std::string> start;
  std::optional<std::string> end;
  std::optional<std::string> csv;
  BatchFlags flags;
};

struct EditOptions {
  std::string user;
  std::string client;
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> username;
  std::optional<std::string> role;
  std::vector<std::string> add_permissions;
  std::vector<std::string> remove_permissions;
  std::optional<std::string> login;
  std::optional<std::string> start;
  std::optional<std::string> end;
  bool no_start = false;
  bool no_end = false;
};

struct CanOptions {
  std::string client;
  std::string user;
  std::string capability;
};

std::vector<Permission> parse_permissions(const std::vector<std::string>& names) {
  std::vector<Permission> permissions;
  permissions.reserve(names.size());
  for (const std::string& name : names) {
    permissions.push_back(*parse_permission(name)); // the option's check allowed only these
  }
  return permissions;
}

void run_list(Context& context, const ListOptions& options) {
  UserQuery query;
  query.client_ref = options.client;
  query.status = parse_user_status(options.status); // "all": every status
  if (options.role) {
    query.role = parse_role(*options.role);
  }
  if (options.login) {
    query.login_access = *options.login == "yes";
  }
  query.search = options.search;
  if (options.ending_before) {
    query.ending_before =
        check_when("--ending-before", *options.ending_before, WhenEdge::end, context.clock().now());
  }
  const Layout& layout =
      user_layout(options.client ? UserTable::one_client : UserTable::all_clients);
  context.print_rows<UserListing>(
      layout, [&](const auto& sink) { list_users(context.session(), query, sink); },
      &user_record_into);
}

NewUser new_user_from(const AddOptions& options, std::string_view now) {
  NewUser user;
  user.name = check_name("--name", options.name.value_or(""));
  user.email = checked_email(options.email, "--email");
  if (options.username) {
    user.username = check_username(*options.username); // --no-login excludes it
  }
  if (options.role) {
    user.role = parse_role(*options.role);
  }
  if (!options.permissions.empty()) {
    PermissionSet permissions;
    for (const Permission permission : parse_permissions(options.permissions)) {
      permissions.insert(permission);
    }
    user.permissions = permissions;
  }
  user.login_access = !options.no_login;
  if (options.start) {
    user.starts_at = check_when("--start", *options.start, WhenEdge::start, now);
  }
  if (options.end) {
    user.ends_at = check_when("--end", *options.end, WhenEdge::end, now);
  }
  if (!new_user(user).decision.applies()) {
    throw Error(ExitCode::usage, "a login user needs --email or --username (or pass --no-login "
                                 "for a document owner)");
  }
  return user;
}

int run_add(Context& context, const AddOptions& options) {
  std::vector<NewUser> users;
  if (options.csv) {
    const std::string text = read_input(*options.csv);
    try {
      users = read_users_csv(text, context.clock().now());
    } catch (const Error& error) {
      throw Error(error.code(),
                  fmt::format("{} {}; nothing added", *options.csv == "-" ? "stdin" : *options.csv,
                              error.what()));
    }
  } else {
    if (!options.name) {
      throw Error(ExitCode::usage, "users add needs --name (or --csv FILE)");
    }
    users.push_back(new_user_from(options, context.clock().now()));
  }
  return context.print_report(add_users(context.session(), options.client, std::move(users),
                                        context.batch_options(options.flags)));
}

int run_edit(Context& context, const EditOptions& options) {
  UserEdit edit;
  edit.client_ref = options.client;
  edit.user_ref = options.user;
  UserChange& change = edit.change;
  if (options.name) {
    change.name = check_name("--name", *options.name);
  }
  change.email = checked_email(options.email, "--email");
  if (options.username) {
    change.username = check_username(*options.username);
  }
  if (options.role) {
    change.role = parse_role(*options.role);
  }
  change.add_permissions = parse_permissions(options.add_permissions);
  change.remove_permissions = parse_permissions(options.remove_permissions);
  if (options.login) {
    change.login_access = *options.login == "yes";
  }
  const std::string now = context.clock().now();
  if (options.start) {
    change.starts_at = check_when("--start", *options.start, WhenEdge::start, now);
  } else if (options.no_start) {
    change.starts_at = std::optional<std::string>();
  }
  if (options.end) {
    change.ends_at = check_when("--end", *options.end, WhenEdge::end, now);
  } else if (options.no_end) {
    change.ends_at = std::optional<std::string>();
  }
  return context.print_report(edit_user(context.session(), edit, context.batch_options({})));
}

int run_can(Context& context, const CanOptions& options) {
  const Capability capability =
      options.capability == "login" ? Capability::login : Capability::submit;
  const CapabilityAnswer answer =
      check_capability(context.session(), options.client, options.user, capability);
  if (answer.decision.fails()) {
    throw Error(ExitCode::refused, fmt::format("{} cannot {}: {}", answer.name,
                                               to_string(capability), answer.decision.reason));
  }
  context.note(fmt::format("{} can {}", answer.name, to_string(capability)));
  return 0;
}

void add_list(CLI::App& users, Context& context) {
  auto options = std::make_shared<ListOptions>();
  CLI::App* list = users.add_subcommand(
      "list", "List users: of one client, or of every client you reach (with a client column)");
  list->add_option("--client", options->client, "A client id or name");
  add_choice(*list, "--status", options->status, {"pending", "active", "deactivated", "all"},
             "Which users (default: active; pending and deactivated users are listed apart)");
  add_choice(*list, "--role", options->role, role_names(), "Only this role");
  add_choice(*list, "--login", options->login, {"yes", "no"},
             "Only users with (yes) or without (no, document owners) login access");
  list->add_option("--search", options->search,
                   "Part of the name, email or username (case-insensitive; % and _ are literal)");
  list->add_option("--ending-before", options->ending_before,
                   "Only users whose access ends before WHEN (ends already past included)");
  list->callback([&context, options] { run_list(context, *options); });
}

void add_show(CLI::App& users, Context& context) {
  auto user = std::make_shared<std::string>();
  auto client = std::make_shared<std::optional<std::string>>();
  CLI::App* show = users.add_subcommand("show", "Show one user");
  show->add_option("USER", *user, "A user id, email or username")->required();
  show->add_option("--client", *client,
                   "The client (needed when an email or username is in several)");
  show->callback([&context, user, client] {
    context.print_one(user_layout(UserTable::one_client),
                      user_record(show_user(context.session(), *user, *client)));
  });
}

void add_add(CLI::App& users, Context& context) {
  auto options = std::make_shared<AddOptions>();
  CLI::App* add = users.add_subcommand(
      "add", "Add a user (the first becomes the owner and needs login), or many with --csv");
  add->add_option("--client", options->client, "A client id or name")->required();
  CLI::Option* name = add->add_option("--name", options->name, "Their name");
  CLI::Option* email =
      add->add_option("--email", options->email, "Their email (unique in the client)");
  CLI::Option* username = add->add_option(
      "--username", options->username, "Their username (default: the email; unique in the store)");
  CLI::Option* role =
      add_choice(*add, "--role", options->role, role_names(), "Their role (default: standard)");
  CLI::Option* permission =
      add_choice(*add, "--permission", options->permissions, permission_names(),
                 "A permission; repeat for several (default: the role's, see users roles)");
  CLI::Option* no_login =
      add->add_flag("--no-login", options->no_login,
                    "A document owner: documents are filed under them, they cannot log in");
  CLI::Option* start = add->add_option(
      "--start", options->start,
      "Their access starts then; pending until (WHEN: 2027-01-04, +7d, RFC 3339; R15)");
  CLI::Option* end =
      add->add_option("--end", options->end, "Their access ends then (WHEN; `acctctl due`)");
  CLI::Option* csv = add->add_option(
      "--csv", options->csv,
      "Add every user of a CSV file (- for stdin) in one transaction: a header naming columns "
      "among name,email,username,role,permissions,login,start,end");
  for (CLI::Option* single : {name, email, username, role, permission, no_login, start, end}) {
    csv->excludes(single);
  }
  username->excludes(no_login); // a user without login has no username
  add->add_flag("--continue", options->flags.keep_going,
                "Add the valid rows and report the failing ones");
  add->callback([&context, options] { context.exit_status = run_add(context, *options); });
}

void add_edit(CLI::App& users, Context& context) {
  auto options = std::make_shared<EditOptions>();
  CLI::App* edit = users.add_subcommand(
      "edit", "Change a user's name, email, role, permissions or login access (the owner "
              "stays owner and keeps login)");
  edit->add_option("USER", options->user, "A user id, email or username")->required();
  edit->add_option("--client", options->client, "A client id or name")->required();
  edit->add_option("--name", options->name, "A new name");
  edit->add_option("--email", options->email, "A new email");
  edit->add_option("--username", options->username, "A new username (login users only)");
  add_choice(*edit, "--role", options->role, role_names(),
             "A new role; the permissions become the role's defaults, then --add/--remove apply");
  add_choice(*edit, "--add-permission", options->add_permissions, permission_names(),
             "Grant a permission; repeat for several");
  add_choice(*edit, "--remove-permission", options->remove_permissions, permission_names(),
             "Take a permission away; repeat for several");
  add_choice(*edit, "--login", options->login, {"yes", "no"},
             "Give or take login access (a user without login has no username)");
  CLI::Option* start = edit->add_option("--start", options->start,
                                        "Their access starts then (WHEN; a later start: pending)");
  CLI::Option* no_start = edit->add_flag("--no-start", options->no_start,
                                         "Clear the start (a pending user starts now)");
  CLI::Option* end = edit->add_option("--end", options->end, "Their access ends then (WHEN)");
  CLI::Option* no_end = edit->add_flag("--no-end", options->no_end, "Clear the end");
  start->excludes(no_start);
  end->excludes(no_end);
  edit->callback([&context, options] { context.exit_status = run_edit(context, *options); });
}

void add_can(CLI::App& users, Context& context) {
  auto options = std::make_shared<CanOptions>();
  CLI::App* can = users.add_subcommand(
      "can", "Exit 0 if the user may log in or submit documents, 4 (with the reason) if not");
  can->add_option("--client", options->client, "A client id or name")->required();
  can->add_option("USER", options->user, "A user id, email or username")->required();
  add_choice(*can, "CAPABILITY", options->capability, {"login", "submit"},
             "login: active with login access; submit: active with submit-documents")
      ->required();
  can->callback([&context, options] { context.exit_status = run_can(context, *options); });
}

} // namespace

void add_users_commands(CLI::App& root, Context& context) {
  CLI::App* users = add_group(root, "users", "The users of client accounts");
  users->add_subcommand("roles", "The roles and their default permissions")->callback([&context] {
    context.print_rows<Role>(
        role_layout(),
        [](const auto& sink) {
          for (const Role role : k_roles) {
            sink(role);
          }
        },
        &role_record);
  });
  add_list(*users, context);
  add_show(*users, context);
  add_add(*users, context);
  add_edit(*users, context);
  add_can(*users, context);
  add_sync_command(*users, context);
  add_lifecycle_commands(*users, context);
}

} // namespace acctctl::cli
