// The second seed article: client search, the client page and the Client Portal tab (R9).
#include <catch2/catch.hpp>

#include "exit_code_of.hpp"

#include <sstream>

#include "acctctl/error.hpp"
#include "acctctl/format/records.hpp"
#include "acctctl/service/clients.hpp"
#include "world.hpp"

using namespace acctctl;
using namespace acctctl::testing;

namespace {

std::vector<UserListing> portal(World& world, const char* client = "Acme Ltd") {
  Session s = world.support();
  UserQuery query;
  query.client_ref = client;
  query.login_access = true;
  std::vector<UserListing> rows;
  list_users(s, query, [&](const UserListing& row) { rows.push_back(row); });
  return rows;
}

std::vector<std::string> searched(World& world, const char* text) {
  Session s = world.support();
  std::vector<std::string> names;
  list_clients(s, {std::nullopt, text},
               [&](const ClientSummary& row) { names.push_back(row.client.name); });
  return names;
}

} // namespace

TEST_CASE("portal list shows the login users with username, permissions and alerts", "[portal]") {
  World world;
  Session s = world.support();
  assign_alert_recipient(s, "Acme Ltd", "ben", {});
  const auto rows = portal(world);
  REQUIRE(rows.size() == 2); // Dora Docs has no login
  std::ostringstream table;
  const auto writer =
      make_writer(user_layout(UserTable::portal), {OutputFormat::table, true, false}, table);
  for (const UserListing& row : rows) {
    writer->write(user_record(row));
  }
  writer->finish();
  // PERMISSIONS is as wide as the admin's full list (104 columns) plus two spaces.
  const std::string gap(2, ' ');
  const std::string admin_permissions = "submit-documents,view-documents,export,manage-users,"
                                        "manage-settings,view-invoices,pay-invoices,messaging";
  const std::string ben_permissions =
      "submit-documents,view-documents,export,view-invoices,pay-invoices,messaging";
  CHECK(table.str() == "ID  NAME              USERNAME       PERMISSIONS" +
                           std::string(104 - 11, ' ') + gap +
                           "ALERTS  STATUS\n"
                           "1   Ann Able (Owner)  ann@acme.test  " +
                           admin_permissions + gap +
                           "no      active\n"
                           "2   Ben Baker         ben            " +
                           ben_permissions + std::string(104 - ben_permissions.size(), ' ') + gap +
                           "yes     active\n");
}

TEST_CASE("portal add: the email defaults to the client's contact email, the username to it",
          "[portal]") {
  World world;
  Session s = world.support();
  NewUser front_desk;
  front_desk.name = "Front Desk";
  CHECK(add_portal_user(s, "Acme Ltd", front_desk, {}).exit_code == ExitCode::success);
  const ClientUser added = *world.user("Front Desk");
  CHECK(added.email == "office@acme.test");
  CHECK(added.username == "office@acme.test");
  CHECK(added.login_access);
  // Birch LLC has no contact email: without --email or --username that is a usage error.
  CHECK(exit_code_of([&] { add_portal_user(s, "Birch LLC", front_desk, {}); }) == ExitCode::usage);
  front_desk.username = "birch-desk";
  CHECK(add_portal_user(s, "Birch LLC", front_desk, {}).exit_code == ExitCode::success);
}

TEST_CASE("users remove, which portal delete runs: the owner and document owners stay (R3, R8)",
          "[portal][R3][R8]") {
  World world;
  CHECK(world.remove({"ann@acme.test"}).exit_code == ExitCode::refused);
  CHECK(world.remove({"ben"}).exit_code == ExitCode::success);
  CHECK(world.audit().front().action == "user.remove");
}

TEST_CASE("R9: taking login away from the alert recipient clears the flag with a warning",
          "[portal][R9]") {
  World world;
  Session s = world.support();
  assign_alert_recipient(s, "Acme Ltd", "ben", {});
  UserEdit edit;
  edit.client_ref = "Acme Ltd";
  edit.user_ref = "ben";
  edit.change.login_access = false;
  const BatchReport report = edit_user(s, edit, {});
  CHECK(report.warnings.size() == 1);
  const ClientUser ben = *world.user("Ben Baker");
  CHECK_FALSE(ben.is_alert_recipient);
  CHECK_FALSE(ben.username);
  CHECK(portal(world).size() == 1);
}

TEST_CASE("clients search is a case-insensitive substring with % and _ taken literally",
          "[clients]") {
  World world;
  Session s = world.support();
  add_client(s, {"100% Organic", "Ledger & Co", std::nullopt, std::nullopt});
  add_client(s, {"A_B Partners", "Ledger & Co", std::nullopt, std::nullopt});
  CHECK(searched(world, "CME") == std::vector<std::string>{"Acme Ltd"});
  CHECK(searched(world, "%") == std::vector<std::string>{"100% Organic"});
  CHECK(searched(world, "_") == std::vector<std::string>{"A_B Partners"});
  CHECK(searched(world, "zzz").empty());
}

TEST_CASE("clients show counts users by status, documents, and names owner and alerts",
          "[clients]") {
  World world;
  Session s = world.support();
  world.deactivate({"ben"});
  assign_alert_recipient(s, "Acme Ltd", "ann@acme.test", {});
  const ClientSummary acme = show_client(s, "acme ltd");
  CHECK(acme.practice == "Ledger & Co");
  CHECK(acme.owner == "Ann Able");
  CHECK(acme.alert_recipient == "Ann Able");
  CHECK(acme.active_users == 2);
  CHECK(acme.deactivated_users == 1);
  CHECK(acme.client.contact_email == "office@acme.test");
}

TEST_CASE("clients add: a professional from another practice is refused, names are unique",
          "[clients]") {
  World world;
  Session s = world.support();
  CHECK(exit_code_of([&] {
          add_client(s, {"Cedar Co", "Ledger & Co", std::string(k_other_admin), std::nullopt});
        }) == ExitCode::refused);
  CHECK(exit_code_of([&] {
          add_client(s, {"Cedar Co", "Ledger & Co", std::string("nobody@x.test"), std::nullopt});
        }) == ExitCode::not_found);
  CHECK(
      add_client(s, {"Cedar Co", "Ledger & Co", std::string(k_admin), std::nullopt}).professional ==
      "Ada Admin");
  CHECK(exit_code_of([&] {
          add_client(s, {"CEDAR CO", "Ledger & Co", std::nullopt, std::nullopt});
        }) == ExitCode::refused);
}

TEST_CASE("R1: a member who adds a client is granted access to it", "[clients][R1]") {
  World world;
  Session outsider = world.as(k_outsider);
  add_client(outsider, {"Carol's Client", "Ledger & Co", std::nullopt, std::nullopt});
  CHECK(show_client(outsider, "Carol's Client").practice == "Ledger & Co");
  CHECK(exit_code_of([&] {
          add_client(outsider, {"Elsewhere", "Other Practice", std::nullopt, std::nullopt});
        }) == ExitCode::denied);
}
