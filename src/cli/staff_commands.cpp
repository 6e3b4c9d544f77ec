// acctctl staff list|add|edit|offboard
#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/format/records.hpp"
#include "acctctl/service/practices_staff.hpp"
#include "acctctl/values.hpp"
#include "commands.hpp"

namespace acctctl::cli {
namespace {

struct StaffListOptions {
  std::optional<std::string> practice;
  std::string status = "active";
};

struct StaffAddOptions {
  std::string email;
  std::string name;
  std::optional<std::string> practice;
  std::string role = "member";
  bool support = false;
  std::optional<std::string> db_role;
};

struct StaffEditOptions {
  std::string staff;
  std::optional<std::string> name;
  std::optional<std::string> role;
  std::optional<std::string> db_role;
  bool no_db_role = false;
};

struct StaffOffboardOptions {
  std::string staff;
  std::optional<std::string> transfer_to;
};

constexpr const char* k_db_role_help =
    "Bind this PostgreSQL role: its sessions act as this staff member (SPEC §6.3)";

int run_staff_add(Context& context, const StaffAddOptions& options) {
  NewStaff staff;
  staff.email = check_email("--email", options.email);
  staff.name = check_name("--name", options.name);
  staff.role = options.support ? StaffRole::support : *parse_staff_role(options.role);
  staff.practice_ref = options.practice;
  staff.db_role = options.db_role;
  const StaffListing added = add_staff(context.session(), staff);
  context.print_one(staff_layout(), staff_record(added));
  return 0;
}

int run_staff_edit(Context& context, const StaffEditOptions& options) {
  StaffEdit edit;
  if (options.name) {
    edit.name = check_name("--name", *options.name);
  }
  if (options.role) {
    edit.role = parse_staff_role(*options.role);
  }
  if (options.db_role) {
    edit.db_role = options.db_role;
  } else if (options.no_db_role) {
    edit.db_role = std::optional<std::string>();
  }
  if (!edit.name && !edit.role && !edit.db_role) {
    throw Error(ExitCode::usage, "staff edit needs --name, --role, --db-role or --no-db-role");
  }
  const StaffEditResult result = edit_staff(context.session(), options.staff, edit);
  context.print_one(staff_layout(), staff_record(result.staff));
  if (!result.changed) {
    context.note(fmt::format("{}: nothing to change", result.staff.staff.email));
  }
  return 0;
}

} // namespace

void add_staff_commands(CLI::App& root, Context& context) {
  CLI::App* staff =
      add_group(root, "staff", "The people who run acctctl: support and practice staff");
  auto listed = std::make_shared<StaffListOptions>();
  CLI::App* list = staff->add_subcommand("list", "List staff (practice staff see their practice)");
  list->add_option("--practice", listed->practice, "Only this practice (id or name)");
  add_choice(*list, "--status", listed->status, {"active", "deactivated", "all"},
             "Only staff with this status (default: active)");
  list->callback([&context, listed] {
    const std::optional<StaffStatus> status = parse_staff_status(listed->status);
    context.print_rows<StaffListing>(
        staff_layout(),
        [&](const auto& sink) { list_staff(context.session(), listed->practice, status, sink); },
        &staff_record);
  });

  auto options = std::make_shared<StaffAddOptions>();
  CLI::App* add = staff->add_subcommand(
      "add", "Add staff: --support (support only) or --practice P (support or an admin of P)");
  add->add_option("--email", options->email, "Their email (unique among staff)")->required();
  add->add_option("--name", options->name, "Their name")->required();
  CLI::Option* in_practice = add->add_option("--practice", options->practice, "Their practice");
  CLI::Option* role = add_choice(*add, "--role", options->role, {"admin", "member"},
                                 "Their role in the practice (default: member)");
  CLI::Option* support = add->add_flag("--support", options->support, "Make them support staff");
  add->add_option("--db-role", options->db_role, k_db_role_help)->type_name("ROLE");
  support->excludes(in_practice)->excludes(role);
  role->needs(in_practice);
  add->callback([&context, options] {
    if (!options->support && !options->practice) {
      throw Error(ExitCode::usage, "staff add needs --practice P or --support");
    }
    context.exit_status = run_staff_add(context, *options);
  });

  auto edits = std::make_shared<StaffEditOptions>();
  CLI::App* edit = staff->add_subcommand(
      "edit", "Change a staff member's name, practice role or database role (support, or an "
              "admin of their practice)");
  edit->add_option("STAFF", edits->staff, "A staff id or email")->required();
  edit->add_option("--name", edits->name, "Their new name");
  add_choice(*edit, "--role", edits->role, {"admin", "member"}, "Their role in the practice");
  CLI::Option* bind = edit->add_option("--db-role", edits->db_role, k_db_role_help);
  bind->type_name("ROLE");
  edit->add_flag("--no-db-role", edits->no_db_role, "Unbind their database role")->excludes(bind);
  edit->callback([&context, edits] { context.exit_status = run_staff_edit(context, *edits); });

  auto leaving = std::make_shared<StaffOffboardOptions>();
  CLI::App* offboard = staff->add_subcommand(
      "offboard", "A staff member leaves: revoke or hand on their access grants and clients, "
                  "then deactivate them, in one transaction (support, or an admin of their "
                  "practice; asks [y/N])");
  offboard->add_option("STAFF", leaving->staff, "The staff member who leaves: an id or email")
      ->required();
  offboard
      ->add_option("--transfer-to", leaving->transfer_to,
                   "Give their access grants and clients to this active staff member of the "
                   "same practice (id or email); without it they are revoked and the clients "
                   "have no professional")
      ->type_name("STAFF");
  offboard->callback([&context, leaving] {
    const auto confirmer = context.confirmer();
    context.exit_status =
        context.print_report(offboard_staff(context.session(), leaving->staff, leaving->transfer_to,
                                            context.batch_options({}), *confirmer));
  });
}

} // namespace acctctl::cli
