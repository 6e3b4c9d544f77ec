// Plans and writes that keep commands cheap at any store size (issue 10's scale check):
// EXPLAIN QUERY PLAN pins for the queries interactive commands run, and updates that write
// only the columns they change.
#include <catch2/catch.hpp>

#include "acctctl/store/change_set.hpp"
#include "sqlite_files.hpp"
#include "store/sql/listings.hpp"
#include "store/sql/scope_clause.hpp"
#include "store/sqlite/conditions.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/user_columns.hpp"
#include "temp_dir.hpp"

using namespace acctctl;
using namespace acctctl::testing;

// Interactive commands must cost the same on a store of 1,000 users or 1,000,000: these
// plans use indexes, never a scan or a sort of a client's users.
TEST_CASE("query plans: named users are probed by id, email and username index", "[store][scale]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  new_store(path);
  const bool by_id = GENERATE(false, true);
  const std::string plan = query_plan(path, sqlite::named_users_sql(by_id));
  INFO(plan);
  CHECK_THAT(plan, Catch::Contains("MULTI-INDEX OR"));
  CHECK_THAT(plan, Catch::Contains("users_by_email"));
  CHECK_THAT(plan, Catch::Contains("usernames_unique"));
  CHECK(Catch::Contains("INTEGER PRIMARY KEY").match(plan) == by_id);
  CHECK_THAT(plan, !Catch::Contains("users_by_client "));
}

TEST_CASE("query plans: a run of equal updates finds each user by id, not by a scan",
          "[store][scale]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  new_store(path);
  const std::string plan =
      query_plan(path, sqlite::user_columns::update_sql(user_update_bit("status"),
                                                        sqlite::user_columns::UpdatedRows::one));
  INFO(plan);
  CHECK_THAT(plan, Catch::Contains("SEARCH client_users USING INTEGER PRIMARY KEY"));
  CHECK_THAT(plan, !Catch::Contains("SCAN client_users"));
}

// SQLite 3.40 codes an IN of more than two values as a temporary B-tree that it fills for every
// row; in client_users' CHECKs that cost 31,000 instructions per added user (schema 7).
TEST_CASE("adding a user and changing a status check the row by comparisons, no temporary "
          "B-tree",
          "[store][scale]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  new_store(path);
  const std::string insert = bytecode(path, sqlite::user_columns::insert_sql());
  INFO(insert);
  CHECK_THAT(insert, Catch::Contains("Insert"));
  CHECK_THAT(insert, !Catch::Contains("OpenEphemeral"));
  const std::string update =
      bytecode(path, sqlite::user_columns::update_sql(user_update_bit("status"),
                                                      sqlite::user_columns::UpdatedRows::one));
  INFO(update);
  CHECK_THAT(update, Catch::Contains("Insert"));
  CHECK_THAT(update, !Catch::Contains("OpenEphemeral"));
}

// A parameter compared with a column that a partial index's WHERE names (users_starting:
// status = 'pending') makes SQLite prepare the statement again once the value is bound.
TEST_CASE("a users listing by status is prepared once, not again when its values are bound",
          "[store][scale]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  new_store(path);
  sqlite::Database db(path, SQLITE_OPEN_READWRITE);
  UserFilter filter;
  filter.client_id = 1;
  filter.status = GENERATE(UserStatus::active, UserStatus::pending, UserStatus::deactivated);
  const sql::Conditions conditions = sql::user_conditions(filter, sql::k_sqlite);
  sqlite::Statement statement(db, sqlite::user_listing_sql(conditions.where(), true));
  sqlite::bind(statement, conditions);
  while (statement.step()) {
  }
  CHECK(statement.reprepares() == 0);
}

TEST_CASE("query plans: one client's users are listed in index order, without a sort",
          "[store][scale]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  new_store(path);
  const std::string plan =
      query_plan(path, sqlite::user_listing_sql(" WHERE u.client_id = ?", true));
  INFO(plan);
  CHECK_THAT(plan, Catch::Contains("users_by_client_name"));
  CHECK_THAT(plan, !Catch::Contains("TEMP B-TREE"));
}

namespace {

// " WHERE …" for what an actor of `kind` reaches, as the store builds it.
std::string scope_where(ClientScope::Kind kind, std::string_view practice_column,
                        std::string_view client_column) {
  ClientScope scope;
  scope.kind = kind;
  return " WHERE " + scope_clause(scope, practice_column, client_column)->clause;
}

} // namespace

TEST_CASE("query plans: a practice admin's audit list reads the newest events by index",
          "[store][scale]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  new_store(path);
  const std::string admin = query_plan(
      path, sqlite::audit_listing_sql(
                scope_where(ClientScope::Kind::practice, "a.practice_id", "a.client_id"), false));
  INFO(admin);
  CHECK_THAT(admin, Catch::Contains("audit_by_practice"));
  CHECK_THAT(admin, !Catch::Contains("TEMP B-TREE")); // the index gives the newest first
  const std::string member = query_plan(
      path, sqlite::audit_listing_sql(
                scope_where(ClientScope::Kind::granted, "a.practice_id", "a.client_id"), false));
  INFO(member);
  CHECK_THAT(member, Catch::Contains("audit_by_client"));
  CHECK_THAT(member, Catch::Contains("access_grants USING PRIMARY KEY"));
  const std::string support = query_plan(path, sqlite::audit_listing_sql("", false));
  CHECK_THAT(support, !Catch::Contains("TEMP B-TREE")); // rowid order, newest first
}

TEST_CASE("query plans: clients are listed from the actor's grants or practice, not a scan",
          "[store][scale]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  new_store(path);
  const std::string member =
      query_plan(path, sqlite::client_listing_sql(
                           scope_where(ClientScope::Kind::granted, "c.practice_id", "c.id"), true));
  INFO(member);
  CHECK_THAT(member, Catch::Contains("access_grants USING PRIMARY KEY"));
  CHECK_THAT(member, !Catch::Contains("SCAN c"));
  const std::string admin = query_plan(
      path, sqlite::client_listing_sql(
                scope_where(ClientScope::Kind::practice, "c.practice_id", "c.id"), true));
  INFO(admin);
  CHECK_THAT(admin, Catch::Contains("SEARCH c USING"));
  CHECK_THAT(admin, Catch::Contains("(practice_id=?)"));
  // The counts of each client read its own users and documents by index.
  CHECK_THAT(admin, Catch::Contains("users_by_client"));
  CHECK_THAT(admin, Catch::Contains("documents_by_client"));
}

// A listing of names (a mistyped --client's suggestions, export, due) must not count every
// user in reach: as support on a 1,000,000-user store that was 0.75 s for a typo.
TEST_CASE("query plans: a listing of clients without counts reads no user or document",
          "[store][scale]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  new_store(path);
  const std::string plan = query_plan(path, sqlite::client_listing_sql("", false));
  INFO(plan);
  CHECK_THAT(plan, !Catch::Contains("documents"));
  CHECK_THAT(plan, !Catch::Contains("users_by_client "));
  CHECK_THAT(plan, !Catch::Contains("SCAN u"));
  // The owner and the alert recipient are still named, each by its partial unique index.
  CHECK_THAT(plan, Catch::Contains("one_owner_per_client"));
  CHECK_THAT(plan, Catch::Contains("one_alert_recipient_per_client"));
}

TEST_CASE("query plans: users show finds a reference by id, email and username index",
          "[store][scale]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  new_store(path);
  const std::string plan = query_plan(path, sqlite::users_by_ref_sql());
  INFO(plan);
  CHECK_THAT(plan, Catch::Contains("MULTI-INDEX OR"));
  CHECK_THAT(plan, Catch::Contains("users_by_email"));
  CHECK_THAT(plan, Catch::Contains("usernames_unique"));
  CHECK_THAT(plan, !Catch::Contains("SCAN u"));
}

// R15: what is due, and who is leaving, is read from the partial indexes of scheduled rows,
// so `due` and `users list --ending-before` cost what they find, not what the store holds.
TEST_CASE("query plans: scheduled starts and ends are read from their partial indexes",
          "[store][scale]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  new_store(path);
  ClientFilter due_clients;
  due_clients.due_by = "2026-12-01T00:00:00Z";
  const std::string clients =
      query_plan(path, sqlite::client_listing_sql(
                           sql::client_conditions(due_clients, sql::k_sqlite).where(), false));
  INFO(clients);
  CHECK_THAT(clients, Catch::Contains("users_starting"));
  CHECK_THAT(clients, Catch::Contains("users_ending"));
  CHECK_THAT(clients, Catch::Contains("grants_ending"));
  CHECK_THAT(clients, !Catch::Contains("SCAN u"));
  UserFilter ending;
  ending.status = GENERATE(UserStatus::active, UserStatus::pending);
  ending.ending_before = "2026-12-31T00:00:00Z";
  const std::string users = query_plan(
      path, sqlite::user_listing_sql(sql::user_conditions(ending, sql::k_sqlite).where(), false));
  INFO(users);
  CHECK_THAT(users, Catch::Contains("users_ending"));
  CHECK_THAT(users, !Catch::Contains("SCAN u"));
}

TEST_CASE("changed_fields names exactly the fields an update changes", "[store][scale]") {
  ClientUser before;
  before.name = "Ben";
  before.email = "ben@acme.test";
  before.username = "ben";
  ClientUser after = before;
  CHECK(changed_fields(before, after) == 0);
  after.status = UserStatus::deactivated;
  after.deactivated_at = "2026-11-25T08:00:00Z";
  CHECK(changed_fields(before, after) == user_update_bit("status"));
  after.is_alert_recipient = true;
  after.name = "Ben Baker";
  CHECK(changed_fields(before, after) ==
        (user_update_bit("status") | user_update_bit("alert_recipient") | user_update_bit("name")));
  ChangeSet changes;
  changes.updated_users.push_back({after}); // a row without its mask: every field
  changes.update(before, after);
  CHECK(changes.updated_users[0].changed == user_field::k_all);
  CHECK(changes.updated_users[1].changed == changed_fields(before, after));
}

TEST_CASE("SQLite writes only the columns an update changes", "[store][scale]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  auto store = new_store(path);
  run_sql(path, "INSERT INTO practices VALUES (1, 'P', 'p', 'x');"
                "INSERT INTO clients VALUES (1, 1, 'C', 'c', NULL, NULL, 'x');");
  ClientUser ben;
  ben.client_id = 1;
  ben.name = "Ben";
  ben.email = "ben@acme.test";
  ben.username = "ben";
  ChangeSet insert;
  insert.inserted_users.push_back(ben);
  {
    const auto tx = store->begin(TxMode::write);
    ben.id = store->apply(insert, {}).users.at(0);
    tx->commit();
  }
  ClientUser after = ben;
  after.status = UserStatus::deactivated;
  after.deactivated_at = "2026-11-25T08:00:00Z";
  after.name = "Not Written"; // outside the mask: this store leaves it as it is
  ChangeSet update;
  update.updated_users.push_back({after, user_update_bit("status")});
  {
    const auto tx = store->begin(TxMode::write);
    store->apply(update, {});
    tx->commit();
  }
  const auto tx = store->begin(TxMode::read);
  const auto users = store->load_users(1);
  REQUIRE(users.size() == 1);
  CHECK(users[0].status == UserStatus::deactivated);
  CHECK(users[0].deactivated_at == "2026-11-25T08:00:00Z");
  CHECK(users[0].name == "Ben");
}
