// The rules through the service, on an in-memory store: what a user of acctctl observes.
#include <catch2/catch.hpp>

#include "exit_code_of.hpp"

#include <functional>
#include <set>

#include "acctctl/error.hpp"
#include "acctctl/service/access.hpp"
#include "acctctl/service/clients.hpp"
#include "acctctl/service/documents.hpp"
#include "acctctl/service/practices_staff.hpp"
#include "world.hpp"

using namespace acctctl;
using namespace acctctl::testing;

namespace {

std::vector<std::string> results(const BatchReport& report) {
  std::vector<std::string> names;
  for (const ItemReport& item : report.items) {
    names.emplace_back(to_string(item.result));
  }
  return names;
}

} // namespace

TEST_CASE("R2: the first user added is the one owner", "[service][R2]") {
  World world;
  int owners = 0;
  for (const ClientUser& user : world.users()) {
    owners += user.is_owner ? 1 : 0;
  }
  CHECK(owners == 1);
  CHECK(world.user("Ann Able")->is_owner);
  CHECK(world.user("Cy Cedar", "Birch LLC")->is_owner);
}

TEST_CASE("R2: a first user without login access is refused and nothing is added",
          "[service][R2]") {
  World world;
  Session s = world.support();
  add_client(s, {"Cedar Co", "Ledger & Co", std::nullopt, std::nullopt});
  NewUser document_owner;
  document_owner.name = "Only Docs";
  document_owner.login_access = false;
  const BatchReport report = world.add("Cedar Co", document_owner);
  CHECK(report.exit_code == ExitCode::refused);
  CHECK(world.users("Cedar Co").empty());
}

TEST_CASE("R3: deactivating the owner is refused and the owner stays active", "[service][R3]") {
  World world;
  const BatchReport report = world.deactivate({"ann@acme.test"});
  CHECK(report.exit_code == ExitCode::refused);
  CHECK(results(report) == std::vector<std::string>{"refused"});
  CHECK(world.user("Ann Able")->is_active());
}

TEST_CASE("R3: editing the owner's role keeps them owner", "[service][R3]") {
  World world;
  Session member = world.as(k_member);
  UserEdit edit;
  edit.client_ref = "Acme Ltd";
  edit.user_ref = "ann@acme.test";
  edit.change.role = Role::viewer;
  edit.change.add_permissions = {Permission::export_data};
  CHECK(edit_user(member, edit, {}).exit_code == ExitCode::success);
  const ClientUser ann = *world.user("Ann Able");
  CHECK(ann.role == Role::viewer);
  CHECK(ann.permissions.contains(Permission::export_data));
  CHECK(ann.permissions.contains(Permission::view_documents));
  CHECK_FALSE(ann.permissions.contains(Permission::manage_users));
  CHECK(ann.is_owner);
}

TEST_CASE("R4: after a transfer the old owner is ordinary, keeps role, and can be deactivated",
          "[service][R4]") {
  World world;
  Session s = world.support();
  NoConfirmation yes;
  const BatchReport report = transfer_ownership(s, "Acme Ltd", "ben", {}, yes);
  CHECK(results(report) == std::vector<std::string>{"transferred"});
  CHECK(world.user("Ben Baker")->is_owner);
  const ClientUser ann = *world.user("Ann Able");
  CHECK_FALSE(ann.is_owner);
  CHECK(ann.role == Role::admin);
  CHECK(world.deactivate({"ann@acme.test"}).exit_code == ExitCode::success);
}

TEST_CASE("R4: a practice admin cannot transfer ownership (exit 5)", "[service][R4][R1]") {
  World world;
  Session admin = world.as(k_admin);
  NoConfirmation yes;
  CHECK(exit_code_of([&] { transfer_ownership(admin, "Acme Ltd", "ben", {}, yes); }) ==
        ExitCode::denied);
  CHECK(world.user("Ann Able")->is_owner);
}

TEST_CASE("R5: a deactivated user keeps their documents and cannot file new ones",
          "[service][R5]") {
  World world;
  Session s = world.support();
  add_document(s, "Acme Ltd", "ben", "Receipt 1");
  world.deactivate({"ben"});
  CHECK(exit_code_of([&] { add_document(s, "Acme Ltd", "ben", "Receipt 2"); }) ==
        ExitCode::refused);
  std::vector<std::string> titles;
  list_documents(s, "Acme Ltd", std::nullopt,
                 [&](const DocumentListing& row) { titles.push_back(row.document.title); });
  CHECK(titles == std::vector<std::string>{"Receipt 1"});
  CHECK(check_capability(s, "Acme Ltd", "ben", Capability::login).decision.fails());
}

TEST_CASE("R6: a removed user is gone, documents keep the name, re-adding gives a new id",
          "[service][R6]") {
  World world;
  Session s = world.support();
  const Id old_id = world.user("Ben Baker")->id;
  add_document(s, "Acme Ltd", "ben", "Invoice 7");
  CHECK(results(world.remove({"ben"})) == std::vector<std::string>{"removed"});
  CHECK_FALSE(world.user("Ben Baker"));
  std::vector<DocumentListing> documents;
  list_documents(s, "Acme Ltd", std::nullopt,
                 [&](const DocumentListing& row) { documents.push_back(row); });
  REQUIRE(documents.size() == 1);
  CHECK(documents[0].document.submitted_by == "Ben Baker");
  CHECK_FALSE(documents[0].document.submitted_by_id);
  // The id, email and username resolve to nothing.
  for (const std::string& ref :
       {std::to_string(old_id), std::string("ben@acme.test"), std::string("ben")}) {
    CHECK(world.enable({ref}).exit_code == ExitCode::not_found);
  }
  world.add("Acme Ltd", login_user("Ben Baker", "ben@acme.test", "ben"));
  CHECK(world.user("Ben Baker")->id != old_id);
}

TEST_CASE("R7: a deactivated user can be enabled again", "[service][R7]") {
  World world;
  world.deactivate({"ben"});
  CHECK(world.user("Ben Baker")->deactivated_at == "2026-11-22T10:00:00Z");
  CHECK(results(world.enable({"ben"})) == std::vector<std::string>{"enabled"});
  const ClientUser ben = *world.user("Ben Baker");
  CHECK(ben.is_active());
  CHECK_FALSE(ben.deactivated_at);
}

TEST_CASE("R8: removing a document owner is refused, deactivating works", "[service][R8]") {
  World world;
  const std::string dora = std::to_string(world.user("Dora Docs")->id);
  CHECK(world.remove({dora}).exit_code == ExitCode::refused);
  CHECK(world.user("Dora Docs"));
  CHECK(world.deactivate({dora}).exit_code == ExitCode::success);
  CHECK_FALSE(world.user("Dora Docs")->is_active());
}

TEST_CASE("R9: one alert recipient, assigning moves it, deactivating clears it with a warning",
          "[service][R9]") {
  World world;
  Session s = world.support();
  CHECK(assign_alert_recipient(s, "Acme Ltd", "ann@acme.test", {}).exit_code == ExitCode::success);
  CHECK(assign_alert_recipient(s, "Acme Ltd", "ben", {}).exit_code == ExitCode::success);
  CHECK_FALSE(world.user("Ann Able")->is_alert_recipient);
  CHECK(world.user("Ben Baker")->is_alert_recipient);
  const std::string dora = std::to_string(world.user("Dora Docs")->id);
  CHECK(assign_alert_recipient(s, "Acme Ltd", dora, {}).exit_code == ExitCode::refused);

  const BatchReport report = world.deactivate({"ben"});
  REQUIRE(report.warnings.size() == 1);
  CHECK_THAT(report.warnings[0], Catch::Contains("alert"));
  for (const ClientUser& user : world.users()) {
    CHECK_FALSE(user.is_alert_recipient);
  }
}

TEST_CASE("R9: removing the alert recipient clears it with a warning", "[service][R9]") {
  World world;
  Session s = world.support();
  assign_alert_recipient(s, "Acme Ltd", "ben", {});
  const BatchReport report = world.remove({"ben"});
  CHECK(report.warnings.size() == 1);
  for (const ClientUser& user : world.users()) {
    CHECK_FALSE(user.is_alert_recipient);
  }
}

TEST_CASE("R10: a declined confirmation changes nothing and is a usage error", "[service][R10]") {
  World world;
  Session s = world.support();
  for (const bool person : {false, true}) {
    ScriptedConfirmer no(false, person);
    CHECK(exit_code_of([&] {
            change_user_status(s, StatusChange::deactivate, "Acme Ltd", {"ben"}, {}, no);
          }) == ExitCode::usage);
    CHECK(no.asked == 1);
    CHECK(world.user("Ben Baker")->is_active());
  }
}

TEST_CASE("R10: rules are checked before asking, a failing batch asks nothing", "[service][R10]") {
  World world;
  Session s = world.support();
  ScriptedConfirmer yes(true, true);
  const BatchReport report = change_user_status(s, StatusChange::deactivate, "Acme Ltd",
                                                {"ben", "ann@acme.test"}, {}, yes);
  CHECK(yes.asked == 0);
  CHECK(report.exit_code == ExitCode::refused);
}

TEST_CASE("R10: --dry-run reports what would happen, asks nothing and changes nothing",
          "[service][R10]") {
  World world;
  const auto events_before = world.audit().size();
  Session s = world.support();
  ScriptedConfirmer yes(true, true);
  BatchOptions dry;
  dry.dry_run = true;
  const BatchReport report =
      change_user_status(s, StatusChange::remove, "Acme Ltd", {"ben"}, dry, yes);
  CHECK(report.dry_run);
  CHECK(results(report) == std::vector<std::string>{"removed"});
  CHECK(yes.asked == 0);
  CHECK(world.user("Ben Baker"));
  CHECK(world.audit().size() == events_before);
}

TEST_CASE("R10: enabling needs no confirmation", "[service][R10]") {
  World world;
  world.deactivate({"ben"});
  Session s = world.support();
  ScriptedConfirmer no(false, true);
  change_user_status(s, StatusChange::enable, "Acme Ltd", {"ben"}, {}, no);
  CHECK(no.asked == 0);
  CHECK(world.user("Ben Baker")->is_active());
}

TEST_CASE("R11: one refused item means nothing changes and valid items are skipped",
          "[service][R11]") {
  World world;
  world.add("Acme Ltd", login_user("Eve", "eve@acme.test"));
  const auto events_before = world.audit().size();
  const BatchReport report = world.deactivate({"ben", "ann@acme.test", "eve@acme.test"});
  CHECK(results(report) == std::vector<std::string>{"skipped", "refused", "skipped"});
  CHECK_FALSE(report.applied);
  CHECK(report.exit_code == ExitCode::refused);
  CHECK(world.user("Ben Baker")->is_active());
  CHECK(world.user("Eve")->is_active());
  CHECK(world.audit().size() == events_before);
}

TEST_CASE("R11: the exit code is that of the first failing item in input order", "[service][R11]") {
  World world;
  CHECK(world.deactivate({"ghost@acme.test", "ann@acme.test"}).exit_code == ExitCode::not_found);
  CHECK(world.deactivate({"ann@acme.test", "ghost@acme.test"}).exit_code == ExitCode::refused);
}

TEST_CASE("R11: --continue applies the valid items and still fails", "[service][R11]") {
  World world;
  BatchOptions keep_going;
  keep_going.keep_going = true;
  const BatchReport report = world.deactivate({"ben", "ann@acme.test"}, keep_going);
  CHECK(results(report) == std::vector<std::string>{"deactivated", "refused"});
  CHECK(report.exit_code == ExitCode::refused);
  CHECK_FALSE(world.user("Ben Baker")->is_active());
}

TEST_CASE("R11: --ignore-not-found reports unknown references without failing", "[service][R11]") {
  World world;
  BatchOptions ignore;
  ignore.ignore_not_found = true;
  const BatchReport report = world.deactivate({"ghost@acme.test", "ben"}, ignore);
  CHECK(results(report) == std::vector<std::string>{"not_found", "deactivated"});
  CHECK(report.exit_code == ExitCode::success);
  CHECK_FALSE(world.user("Ben Baker")->is_active());
}

TEST_CASE("R11: an ambiguous reference fails the whole batch as a usage error", "[service][R11]") {
  World world;
  // Eve's username is Ben's email: "ben@acme.test" now names two users.
  world.add("Acme Ltd", login_user("Eve", "eve@acme.test", "ben@acme.test"));
  CHECK(exit_code_of([&] { world.deactivate({"ben@acme.test"}); }) == ExitCode::usage);
  CHECK(world.user("Ben Baker")->is_active());
}

TEST_CASE("R12: repeating a change is unchanged and writes no audit event", "[service][R12]") {
  World world;
  world.deactivate({"ben"});
  const auto events = world.audit().size();
  CHECK(results(world.deactivate({"ben"})) == std::vector<std::string>{"unchanged"});
  CHECK(results(world.enable({"ann@acme.test"})) == std::vector<std::string>{"unchanged"});
  CHECK(world.audit().size() == events);
  // The same user twice in one batch is one change.
  world.enable({"ben"});
  CHECK(results(world.deactivate({"ben", "BEN"})) ==
        std::vector<std::string>{"deactivated", "unchanged"});
}

TEST_CASE("R13: every change writes one audit event naming actor, action, client and user",
          "[service][R13]") {
  World world;
  world.deactivate({"ben"}, {}, k_member);
  const AuditEvent event = world.audit().front();
  CHECK(event.actor == k_member);
  CHECK(event.action == "user.deactivate");
  CHECK(event.client == "Acme Ltd");
  CHECK(event.user == "Ben Baker");
  CHECK_THAT(event.detail_json, Catch::Contains("\"status\":{\"before\":\"active\","
                                                "\"after\":\"deactivated\"}"));
  CHECK(event.at == "2026-11-22T10:00:00Z");
}

TEST_CASE("R14: usernames are unique in the store, case-insensitively", "[service][R14]") {
  World world;
  const BatchReport report =
      world.add("Birch LLC", login_user("Other Ben", "ben@birch.test", "BEN"));
  CHECK(report.exit_code == ExitCode::refused);
  CHECK_FALSE(world.user("Other Ben", "Birch LLC"));
}

TEST_CASE("R14: emails are unique within a client account only", "[service][R14]") {
  World world;
  CHECK(world.add("Acme Ltd", login_user("Ann Again", "ANN@acme.test", "ann2")).exit_code ==
        ExitCode::refused);
  CHECK(
      world.add("Birch LLC", login_user("Ann Elsewhere", "ann@acme.test", "ann-birch")).exit_code ==
      ExitCode::success);
}

TEST_CASE("R14: a removed user's username and email are free again", "[service][R14][R6]") {
  World world;
  world.remove({"ben"});
  CHECK(world.add("Birch LLC", login_user("New Ben", "ben@acme.test", "ben")).exit_code ==
        ExitCode::success);
}

TEST_CASE("R1: a member reaches granted clients only, an outsider sees nothing", "[service][R1]") {
  World world;
  Session member = world.as(k_member);
  UserQuery birch;
  birch.client_ref = "Birch LLC";
  CHECK(exit_code_of([&] { list_users(member, birch, [](const UserListing&) {}); }) ==
        ExitCode::denied);
  std::set<std::string> clients;
  list_users(member, {}, [&](const UserListing& row) { clients.insert(row.client); });
  CHECK(clients == std::set<std::string>{"Acme Ltd"});

  Session outsider = world.as(k_outsider);
  int seen = 0;
  list_users(outsider, {}, [&](const UserListing&) { ++seen; });
  CHECK(seen == 0);
  CHECK(exit_code_of([&] { world.deactivate({"ben"}, {}, k_outsider); }) == ExitCode::denied);
  CHECK(world.user("Ben Baker")->is_active());
}

TEST_CASE("R1: an unknown actor is denied and a missing one is a usage error", "[service][R1]") {
  World world;
  Session stranger = world.as("nobody@nowhere.test");
  CHECK(exit_code_of([&] { list_users(stranger, {}, [](const UserListing&) {}); }) ==
        ExitCode::denied);
  Session nobody{*world.store, world.clock, std::nullopt, {}};
  CHECK(exit_code_of([&] { list_users(nobody, {}, [](const UserListing&) {}); }) ==
        ExitCode::usage);
}

TEST_CASE("R1: a member cannot grant access, revoked access is denied", "[service][R1]") {
  World world;
  Session member = world.as(k_member);
  CHECK(grant_access(member, k_outsider, {"Acme Ltd"}, std::nullopt, {}).exit_code ==
        ExitCode::denied);
  Session admin = world.as(k_admin);
  CHECK(revoke_access(admin, k_member, {"Acme Ltd"}, {}).exit_code == ExitCode::success);
  CHECK(exit_code_of([&] { world.deactivate({"ben"}, {}, k_member); }) == ExitCode::denied);
}

TEST_CASE("R1: a client name shared across practices resolves to the one the actor reaches",
          "[service][R1]") {
  World world;
  Session s = world.support();
  add_client(s, {"Acme Ltd", "Other Practice", std::nullopt, std::nullopt});
  CHECK(exit_code_of([&] { show_client(s, "acme ltd"); }) == ExitCode::usage);
  Session admin = world.as(k_admin);
  CHECK(show_client(admin, "acme ltd").practice == "Ledger & Co");
}
