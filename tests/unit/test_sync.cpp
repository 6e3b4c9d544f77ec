// users sync's planner (SPEC.md §3.1) as a pure function: users + roster in, a plan out.
// No store and no terminal: the state is built here, the plan is read back.
#include <catch2/catch.hpp>

#include "acctctl/error.hpp"
#include "acctctl/lookalike.hpp"
#include "acctctl/rules.hpp"
#include "acctctl/service/sync.hpp"
#include "exit_code_of.hpp"
#include "service/sync_plan.hpp"

using namespace acctctl;
using acctctl::testing::exit_code_of;

namespace {

ClientUser user(Id id, std::string name, std::optional<std::string> email, bool login = true) {
  ClientUser u;
  u.id = id;
  u.client_id = 1;
  u.name = std::move(name);
  u.email = email;
  u.login_access = login;
  u.username = login ? email : std::nullopt;
  u.permissions = default_permissions(Role::standard);
  u.created_at = "2026-11-01T00:00:00Z";
  return u;
}

// Acme Ltd: Ann (owner), Ben (username ben), Dora (no login), Fred (deactivated).
SyncState acme() {
  ClientUser ann = user(1, "Ann Able", "ann@acme.test");
  ann.is_owner = true;
  ClientUser ben = user(2, "Ben Baker", "ben@acme.test");
  ben.username = "ben";
  ben.is_alert_recipient = true;
  ClientUser fred = user(4, "Fred Former", "fred@acme.test");
  fred.status = UserStatus::deactivated;
  fred.deactivated_at = "2026-11-02T00:00:00Z";
  SyncState state;
  state.client.id = 1;
  state.client.name = "Acme Ltd";
  state.users = ClientUsers({ann, ben, user(3, "Dora Docs", std::nullopt, false), fred});
  state.documents = {{3, 2}};
  state.actor.id = 1;
  state.actor.email = "support@vendor.test";
  state.actor.role = StaffRole::support;
  state.now = "2026-11-25T10:00:00Z";
  return state;
}

Roster roster(std::vector<RosterRow> rows, bool has_role = true) {
  Roster r;
  r.has_role = has_role;
  r.rows = std::move(rows);
  std::size_t line = 2;
  for (RosterRow& row : r.rows) {
    row.line = line++;
  }
  return r;
}

RosterRow row(std::string name, std::optional<std::string> email,
              std::optional<std::string> username = {}, std::optional<Role> role = {}) {
  RosterRow r;
  r.user.name = std::move(name);
  r.user.email = std::move(email);
  r.user.username = std::move(username);
  r.user.role = role;
  return r;
}

RosterRow document_owner(std::string name) {
  RosterRow r;
  r.user.name = std::move(name);
  r.user.login_access = false;
  r.login = false;
  return r;
}

// The client's active users, as a roster that matches them unchanged (Fred, deactivated and
// missing, stays deactivated).
std::vector<RosterRow> everyone() {
  return {row("Ann Able", "ann@acme.test"), row("Ben Baker", "ben@acme.test", "ben"),
          document_owner("Dora Docs")};
}

const PlannedItem& item(const Plan& plan, std::string_view name) {
  for (const PlannedItem& i : plan.items) {
    if (i.name == name) {
      return i;
    }
  }
  FAIL("no item named " << name);
  throw std::logic_error("unreachable");
}

std::pair<std::string, Outcome> what(const Plan& plan, std::string_view name) {
  const PlannedItem& i = item(plan, name);
  return {i.action, i.decision.outcome};
}

} // namespace

TEST_CASE("sync: rows match by username, else email, else a document owner's exact name",
          "[sync]") {
  const Plan plan = plan_sync(acme(), roster(everyone()), MissingUsers::deactivate);
  REQUIRE(plan.items.size() == 4);
  CHECK(what(plan, "Ann Able") == std::pair<std::string, Outcome>{"none", Outcome::unchanged});
  CHECK(item(plan, "Ben Baker").id == 2);
  CHECK(item(plan, "Dora Docs").id == 3);
  CHECK(what(plan, "Fred Former") ==
        std::pair<std::string, Outcome>{"deactivate", Outcome::unchanged});
  CHECK(plan.writes.empty());
  CHECK(plan.confirmation == Confirmation::none);
}

TEST_CASE("sync: a deactivated user in the roster is enabled (R7), with the row's values",
          "[sync][R7]") {
  auto rows = everyone();
  rows.push_back(row("Fred Former", "fred@acme.test", {}, Role::viewer));
  const Plan plan = plan_sync(acme(), roster(rows), MissingUsers::deactivate);
  CHECK(what(plan, "Fred Former") == std::pair<std::string, Outcome>{"enable", Outcome::apply});
  REQUIRE(plan.writes.updated_users.size() == 1);
  const ClientUser& fred = plan.writes.updated_users.front().row;
  CHECK(fred.is_active());
  CHECK_FALSE(fred.deactivated_at);
  CHECK(fred.role == Role::viewer);
  CHECK(fred.permissions == default_permissions(Role::viewer));
  REQUIRE(plan.writes.events.size() == 1);
  CHECK(plan.writes.events.front().event.action == "user.enable");
}

TEST_CASE("sync: an active user whose values differ is edited, and empty cells keep values",
          "[sync]") {
  auto rows = everyone();
  rows[1] = row("Benjamin Baker", {}, "ben"); // no email cell: the email stays
  const Plan plan = plan_sync(acme(), roster(rows, false), MissingUsers::deactivate);
  CHECK(what(plan, "Benjamin Baker") == std::pair<std::string, Outcome>{"edit", Outcome::apply});
  REQUIRE(plan.writes.updated_users.size() == 1);
  CHECK(plan.writes.updated_users.front().row.email == "ben@acme.test");
  CHECK(plan.writes.events.front().event.action == "user.edit");
}

TEST_CASE("sync R2: into an empty client the first row becomes the owner", "[sync][R2]") {
  SyncState empty = acme();
  empty.users = ClientUsers();
  const Plan plan = plan_sync(
      empty, roster({row("Fay First", "fay@fresh.test"), row("Gus Second", "gus@fresh.test")}),
      MissingUsers::deactivate);
  REQUIRE(plan.writes.inserted_users.size() == 2);
  CHECK(plan.writes.inserted_users[0].is_owner);
  CHECK_FALSE(plan.writes.inserted_users[1].is_owner);
  CHECK(plan.writes.events[1].inserted_user == 1); // the event gets the new user's id
}

TEST_CASE("sync R2: a first row without login is refused: the owner needs login", "[sync][R2]") {
  SyncState empty = acme();
  empty.users = ClientUsers();
  const Plan plan = plan_sync(empty, roster({document_owner("Only Docs")}), MissingUsers::keep);
  CHECK(item(plan, "Only Docs").decision.outcome == Outcome::refused);
  CHECK(plan.writes.inserted_users.empty());
}

TEST_CASE("sync R3: the owner missing from the roster is refused, the rest still planned",
          "[sync][R3]") {
  auto rows = everyone();
  rows.erase(rows.begin()); // Ann, the owner
  const Plan plan = plan_sync(acme(), roster(rows), MissingUsers::deactivate);
  const PlannedItem& ann = item(plan, "Ann Able");
  CHECK(ann.action == "deactivate");
  CHECK(ann.decision.outcome == Outcome::refused);
  CHECK_THAT(ann.decision.reason, Catch::Contains("transfer ownership"));
  CHECK(plan.has_failures({}));
  CHECK(plan.writes.updated_users.empty());
}

TEST_CASE("sync R3: the owner keeps login access", "[sync][R3]") {
  auto rows = everyone();
  rows[0] = row("Ann Able", "ann@acme.test");
  rows[0].login = false;
  rows[0].user.login_access = false;
  const Plan plan = plan_sync(acme(), roster(rows), MissingUsers::deactivate);
  CHECK(item(plan, "Ann Able").decision.outcome == Outcome::refused);
}

TEST_CASE("sync: missing users are deactivated, kept or removed by --missing", "[sync][R10]") {
  auto rows = everyone();
  rows.erase(rows.begin() + 1); // Ben
  const Plan deactivate = plan_sync(acme(), roster(rows), MissingUsers::deactivate);
  CHECK(what(deactivate, "Ben Baker") ==
        std::pair<std::string, Outcome>{"deactivate", Outcome::apply});
  CHECK(deactivate.confirmation == Confirmation::yes_no);
  CHECK(deactivate.tally == "1 to deactivate, 3 unchanged"); // Fred is deactivated already

  const Plan keep = plan_sync(acme(), roster(rows), MissingUsers::keep);
  CHECK(keep.items.size() == 2);
  CHECK(keep.confirmation == Confirmation::none);

  const Plan remove = plan_sync(acme(), roster(rows), MissingUsers::remove);
  CHECK(what(remove, "Ben Baker") == std::pair<std::string, Outcome>{"remove", Outcome::apply});
  CHECK(remove.writes.removed_users == std::vector<Id>{2, 4}); // Fred, deactivated, too (R7)
  CHECK(remove.confirmation == Confirmation::typed_delete);
}

TEST_CASE("sync R8: a missing user without login is never removed", "[sync][R8]") {
  auto rows = everyone();
  rows.erase(rows.begin() + 2); // Dora
  const Plan plan = plan_sync(acme(), roster(rows), MissingUsers::remove);
  CHECK(what(plan, "Dora Docs") == std::pair<std::string, Outcome>{"remove", Outcome::refused});
  CHECK(plan.writes.removed_users == std::vector<Id>{4}); // R7: Fred, deactivated, may go
}

TEST_CASE("sync R9: deactivating the missing alert recipient clears the flag, with a warning",
          "[sync][R9]") {
  auto rows = everyone();
  rows.erase(rows.begin() + 1); // Ben, the alert recipient
  const Plan plan = plan_sync(acme(), roster(rows), MissingUsers::deactivate);
  const PlannedItem& ben = item(plan, "Ben Baker");
  REQUIRE(ben.warnings.size() == 1);
  CHECK_THAT(ben.warnings.front(), Catch::Contains("alert recipient"));
  CHECK_FALSE(plan.writes.updated_users.front().row.is_alert_recipient);
}

TEST_CASE("sync R14: an added row may not take a username held elsewhere in the store",
          "[sync][R14]") {
  SyncState state = acme();
  state.taken_usernames = {{confusable_skeleton("eve@acme.test"), {77, "eve@acme.test"}}};
  auto rows = everyone();
  rows.push_back(row("Eve New", "eve@acme.test"));
  const Plan plan = plan_sync(state, roster(rows), MissingUsers::deactivate);
  CHECK(what(plan, "Eve New") == std::pair<std::string, Outcome>{"add", Outcome::refused});
}

TEST_CASE("sync: two rows for one user, username or email are exit 2 naming both lines", "[sync]") {
  auto same_email = everyone();
  same_email.push_back(row("Eve New", "eve@acme.test"));
  same_email.push_back(row("Eve Again", "EVE@acme.test"));
  std::string message;
  CHECK(exit_code_of([&] { plan_sync(acme(), roster(same_email), MissingUsers::keep); },
                     &message) == ExitCode::usage);
  CHECK_THAT(message, Catch::Contains("lines 5 and 6"));

  auto same_user = everyone();
  same_user.push_back(row("Ben Again", {}, "BEN"));
  CHECK(exit_code_of([&] { plan_sync(acme(), roster(same_user), MissingUsers::keep); }, &message) ==
        ExitCode::usage);
  CHECK_THAT(message, Catch::Contains("lines 3 and 5"));
}

TEST_CASE("sync R12: the plan of the state it produced changes nothing", "[sync][R12]") {
  auto rows = everyone();
  rows[1] = row("Ben Baker", "ben@acme.test", "ben", Role::viewer);
  rows.push_back(row("Eve New", "eve@acme.test", {}, Role::submitter));
  rows.push_back(row("Fred Former", "fred@acme.test"));
  SyncState state = acme();
  const Plan first = plan_sync(state, roster(rows), MissingUsers::deactivate);
  REQUIRE(first.changes() == 3); // Ben edited, Fred enabled, Eve added

  std::vector<ClientUser> after;
  for (const ClientUser* u : state.users.in_id_order()) {
    after.push_back(*u);
  }
  for (const UserUpdate& update : first.writes.updated_users) {
    after[static_cast<std::size_t>(update.row.id - 1)] = update.row;
  }
  ClientUser eve = first.writes.inserted_users.front();
  eve.id = 5;
  after.push_back(eve);
  state.users = ClientUsers(after);
  const Plan second = plan_sync(state, roster(rows), MissingUsers::deactivate);
  CHECK(second.changes() == 0);
  CHECK(second.writes.empty());
  CHECK(second.confirmation == Confirmation::none);
}

TEST_CASE("sync guard: over --max-deactivate or --max-remove the plan may not apply",
          "[sync][guard]") {
  // A roster of Ann alone deactivates Ben and Dora: 2 of Acme's 4 users (50%).
  const std::vector<RosterRow> ann_only = {row("Ann Able", "ann@acme.test")};
  const Plan plan = plan_sync(acme(), roster(ann_only), MissingUsers::deactivate);
  const std::size_t users = acme().users.size();
  const auto limit = [](std::string_view text) { return parse_sync_limit(text); };
  SyncGuards guards;
  CHECK_FALSE(sync_guard_refusal(plan, users, guards)); // no guard given
  guards.max_deactivate = limit("1");
  CHECK(sync_guard_refusal(plan, users, guards) ==
        "the roster would deactivate 2 of 4 users (50%), over --max-deactivate 1; nothing "
        "changed");
  guards.max_deactivate = limit("2");
  CHECK_FALSE(sync_guard_refusal(plan, users, guards));
  guards.max_deactivate = limit("50%"); // compared exactly: 2 of 4 is not over 50%
  CHECK_FALSE(sync_guard_refusal(plan, users, guards));
  guards.max_deactivate = limit("49%");
  CHECK(sync_guard_refusal(plan, users, guards));
  guards.max_remove = limit("0"); // deactivations are not removals
  guards.max_deactivate.reset();
  CHECK_FALSE(sync_guard_refusal(plan, users, guards));
  // Everyone listed but Fred, deactivated already, whom --missing remove removes.
  const Plan removal = plan_sync(acme(), roster(everyone()), MissingUsers::remove);
  CHECK(sync_guard_refusal(removal, users, guards) ==
        "the roster would remove 1 of 4 users (25%), over --max-remove 0; nothing changed");
}

TEST_CASE("sync guard: limits are N or P% in digits", "[sync][guard]") {
  CHECK(parse_sync_limit("10%")->percent);
  CHECK(parse_sync_limit("10%")->value == 10);
  CHECK(parse_sync_limit("0")->value == 0);
  for (const std::string_view bad : {"", "%", "-1", "1.5", "0x10", "101%", "10 %", "ten"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_sync_limit(bad));
  }
}
