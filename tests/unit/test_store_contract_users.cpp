// The Store contract for client users, once over every engine (SPEC.md §6): change sets of
// users, the database's own guard of R2 and R14, and how references resolve.
#include <catch2/catch.hpp>

#include <algorithm>

#include "contract_rows.hpp"
#include "engines.hpp"
#include "exit_code_of.hpp"

using namespace acctctl;
using namespace acctctl::testing;

namespace {

// How each engine reports a unique index's refusal: SQLite as an inconsistent change (exit 1,
// naming the columns), PostgreSQL as a conflict (23505) that a batch plans again (exit 6).
ExitCode refused_by_index(Engine engine) {
  return engine == Engine::sqlite ? ExitCode::store_error : ExitCode::busy;
}

} // namespace

TEST_CASE("store contract: the owner moves between two users in one change set (R4)",
          "[store][R4]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  ScratchStore scratch(engine);
  Store& store = *scratch.store;
  const Id client = add_client(store);
  ChangeSet add;
  add.inserted_users = {owner(client), user(client, "Ben", "ben@acme.test")};
  apply(store, add);
  auto users = users_of(store, client);
  users[0].is_owner = false;
  users[1].is_owner = true;
  users[1].permissions = {Permission::view_invoices};
  ChangeSet transfer;
  transfer.updated_users = {{users[0]}, {users[1]}};
  apply(store, transfer);
  const auto after = users_of(store, client);
  CHECK_FALSE(after[0].is_owner);
  CHECK(after[1].is_owner);
  CHECK(after[1].permissions == PermissionSet{Permission::view_invoices});
  CHECK(after[0].permissions == default_permissions(Role::standard));
}

TEST_CASE("store contract: the database itself refuses a second owner (R2) and a taken "
          "username (R14)",
          "[store][R2][R14]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  ScratchStore scratch(engine);
  Store& store = *scratch.store;
  const Id client = add_client(store);
  ChangeSet add;
  add.inserted_users = {owner(client)};
  apply(store, add);

  ClientUser second = user(client, "Ben", "ben@acme.test");
  second.is_owner = true;
  ChangeSet two_owners;
  two_owners.inserted_users = {second};
  CHECK(exit_code_of([&] { apply(store, two_owners); }) != ExitCode::success);

  // Ann's username, in another case, with an email nobody has: only the username index
  // (on the folded key) can refuse it.
  ClientUser same_username = user(client, "Ann Again", "ann.again@acme.test");
  same_username.username = "ANN@acme.test";
  ChangeSet taken;
  taken.inserted_users = {same_username};
  std::string message;
  CHECK(exit_code_of([&] { apply(store, taken); }, &message) == refused_by_index(engine));
  if (engine == Engine::sqlite) {
    CHECK_THAT(message, Catch::Contains("client_users.username_key"));
  }
  CHECK(users_of(store, client).size() == 1); // nothing of either change set stayed

  // And the email index on its own: Ann's email, in another case, with a free username.
  ClientUser same_email = user(client, "Ann Twice", "Ann@Acme.test");
  same_email.username = "ann-twice";
  ChangeSet email_taken;
  email_taken.inserted_users = {same_email};
  CHECK(exit_code_of([&] { apply(store, email_taken); }, &message) == refused_by_index(engine));
  if (engine == Engine::sqlite) {
    CHECK_THAT(message, Catch::Contains("client_users.client_id, client_users.email_key"));
  }
  CHECK(users_of(store, client).size() == 1);

  // Each was refused for its one repeated value: with both changed, the same insert passes.
  same_username.username = "ann-again";
  taken.inserted_users = {same_username};
  apply(store, taken);
  CHECK(users_of(store, client).size() == 2);
}

TEST_CASE("store contract: the database itself refuses a second alert recipient (R9)",
          "[store][R9]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  ScratchStore scratch(engine);
  Store& store = *scratch.store;
  const Id client = add_client(store);
  ClientUser ann = owner(client);
  ann.is_alert_recipient = true;
  ChangeSet add;
  add.inserted_users = {ann, user(client, "Ben", "ben@acme.test")};
  apply(store, add);

  const auto recipients = [&] {
    std::vector<std::string> names;
    for (const ClientUser& row : users_of(store, client)) {
      if (row.is_alert_recipient) {
        names.push_back(row.name);
      }
    }
    return names;
  };
  // By raw SQL, as an operator's hand edit would: Ben flagged while Ann keeps the flag.
  const std::string flag_ben = engine == Engine::sqlite
                                   ? "UPDATE client_users SET is_alert_recipient = 1 "
                                     "WHERE name = 'Ben'"
                                   : "UPDATE client_users SET is_alert_recipient = true "
                                     "WHERE name = 'Ben'";
  std::string message;
  CHECK(exit_code_of([&] { scratch.where.run_sql(flag_ben); }, &message) ==
        refused_by_index(engine));
  if (engine == Engine::sqlite) {
    CHECK_THAT(message, Catch::Contains("UNIQUE constraint failed: client_users.client_id"));
  }
  CHECK(recipients() == std::vector<std::string>{"Ann"});

  // Through the store, past the rules: an update that sets the flag, and an insert.
  const auto users = users_of(store, client);
  REQUIRE(users.size() == 2);
  ClientUser ben = users[1];
  ben.is_alert_recipient = true;
  ChangeSet flag;
  flag.update(users[1], ben);
  CHECK(exit_code_of([&] { apply(store, flag); }) == refused_by_index(engine));
  ClientUser cy = user(client, "Cy", "cy@acme.test");
  cy.is_alert_recipient = true;
  ChangeSet second;
  second.inserted_users = {cy};
  CHECK(exit_code_of([&] { apply(store, second); }) == refused_by_index(engine));
  CHECK(recipients() == std::vector<std::string>{"Ann"});
  CHECK(users_of(store, client).size() == 2);

  // Another client account has its own recipient: the index is per client.
  ChangeSet other_client;
  other_client.inserted_clients.push_back(
      {0, practice_of(store, client), "Birch LLC", {}, {}, "2026-11-01T00:00:00Z"});
  const Id birch = apply_ids(store, other_client).clients.at(0);
  ClientUser zed = user(birch, "Zed", "zed@birch.test");
  zed.is_owner = true;
  zed.is_alert_recipient = true;
  ChangeSet birch_users;
  birch_users.inserted_users = {zed};
  apply(store, birch_users);
  CHECK(users_of(store, birch).at(0).is_alert_recipient);
}

TEST_CASE("store contract: a removal frees its username for an insert of the same change set",
          "[store][R6][R14]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  ScratchStore scratch(engine);
  Store& store = *scratch.store;
  const Id client = add_client(store);
  ChangeSet add;
  add.inserted_users = {owner(client), user(client, "Ben", "ben@acme.test")};
  const auto ids = apply(store, add);
  ChangeSet again;
  again.removed_users = {ids[1]};
  again.inserted_users = {user(client, "Ben Anew", "ben@acme.test")};
  const auto new_ids = apply(store, again);
  CHECK(new_ids[0] > ids[1]); // R6: a new user, a new id
  const auto users = users_of(store, client);
  REQUIRE(users.size() == 2);
  CHECK(users[1].name == "Ben Anew");
}

TEST_CASE("store contract: usernames are found for a whole batch, case-insensitively",
          "[store][R14]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  ScratchStore scratch(engine);
  Store& store = *scratch.store;
  const Id client = add_client(store);
  ChangeSet add;
  add.inserted_users = {owner(client)};
  const auto ids = apply(store, add);
  const auto tx = store.begin(TxMode::read);
  const auto found = store.find_usernames({"ANN@ACME.TEST", "nobody@acme.test"});
  REQUIRE(found.size() == 1);
  CHECK(found.begin()->second.id == ids[0]);
  CHECK(found.begin()->second.username == "ann@acme.test");
}

TEST_CASE("store contract: a look-alike username is found and its insert refused (R14, TS 39)",
          "[store][R14]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  ScratchStore scratch(engine);
  Store& store = *scratch.store;
  const Id client = add_client(store);
  ChangeSet add;
  ClientUser paypal = user(client, "Pat", "pat@acme.test");
  paypal.username = "paypal";
  add.inserted_users = {owner(client), paypal};
  const auto ids = apply(store, add);
  {
    const auto tx = store.begin(TxMode::read);
    // A capital I for the l, and a Cyrillic а: the same skeleton as "paypal".
    const auto found = store.find_usernames({"paypaI", "p\u0430ypal", "paypal2"});
    REQUIRE(found.size() == 1);
    CHECK(found.begin()->second.id == ids[1]);
    CHECK(found.begin()->second.username == "paypal");
  }
  // The database's own wall: a look-alike that planning did not see is refused all the same.
  ClientUser alike = user(client, "Imposter", "imp@acme.test");
  alike.username = "paypaI";
  ChangeSet sneak;
  sneak.inserted_users = {alike};
  CHECK(exit_code_of([&] { apply(store, sneak); }) != ExitCode::success);
  CHECK(users_of(store, client).size() == 2);
}

TEST_CASE("store contract: each reference names the client's users it matches (SPEC 3)",
          "[store][references]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  ScratchStore scratch(engine);
  Store& store = *scratch.store;
  const Id client = add_client(store);
  ChangeSet other_client;
  other_client.inserted_clients.push_back(
      {0, practice_of(store, client), "Birch LLC", {}, {}, "2026-11-01T00:00:00Z"});
  const Id birch = apply_ids(store, other_client).clients.at(0);
  ClientUser ben = user(client, "Ben", "ben@acme.test");
  ben.username = "benb";
  ClientUser eve = user(client, "Eve", "eve@acme.test");
  eve.username = "BEN@acme.test"; // Ben's email, as Eve's username: "ben@acme.test" names both
  ClientUser zed = user(birch, "Zed", "zed@acme.test");
  zed.is_owner = true;
  ChangeSet add;
  add.inserted_users = {owner(client), ben, eve, zed};
  const auto ids = apply(store, add);
  const std::vector<std::string> refs = {
      "ANN@ACME.TEST", std::to_string(ids[1]), "benb",           "benb",
      "ben@acme.test", "zed@acme.test",        " ann@acme.test", "Ann"};
  const auto tx = store.begin(TxMode::read);
  const NamedUsers named = store.load_users_named(client, refs);
  REQUIRE(named.matches.size() == refs.size());
  const auto ids_named = [&](std::size_t ref) {
    std::vector<Id> found;
    for (const std::uint32_t position : named.matches[ref].positions()) {
      found.push_back(named.users.at(position).id);
    }
    std::sort(found.begin(), found.end());
    return found;
  };
  CHECK(ids_named(0) == std::vector<Id>{ids[0]});         // an email, case-insensitively
  CHECK(ids_named(1) == std::vector<Id>{ids[1]});         // an id
  CHECK(ids_named(2) == std::vector<Id>{ids[1]});         // a username
  CHECK(ids_named(3) == std::vector<Id>{ids[1]});         // again: the same user, loaded once
  CHECK(ids_named(4) == std::vector<Id>{ids[1], ids[2]}); // ambiguous: both are named
  CHECK(ids_named(5).empty());                            // another client's user
  CHECK(ids_named(6).empty());                            // no trimming
  CHECK(ids_named(7).empty());                            // a name is not a reference
  CHECK(named.users.size() == 3);
}

TEST_CASE("store contract: equal updates and a moving flag are written in order, each with "
          "its own values",
          "[store][R9]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  ScratchStore scratch(engine);
  Store& store = *scratch.store;
  const Id client = add_client(store);
  ClientUser ben = user(client, "Ben", "ben@acme.test");
  ben.is_alert_recipient = true;
  ChangeSet add;
  add.inserted_users = {owner(client), ben, user(client, "Cy", "cy@acme.test"),
                        user(client, "Dee", "dee@acme.test"), user(client, "Eve", "eve@acme.test")};
  const auto ids = apply(store, add);
  const auto rows = users_of(store, client);
  REQUIRE(rows.size() == 5);
  const auto deactivated = [&](ClientUser row, const char* at) {
    row.status = UserStatus::deactivated;
    row.deactivated_at = at;
    row.is_alert_recipient = false;
    return row;
  };
  ChangeSet changes; // R9: Ben's alerts move to Ann, cleared before they are set
  changes.update(rows[1], deactivated(rows[1], "2026-11-25T08:00:00Z"));
  changes.update(rows[2], deactivated(rows[2], "2026-11-25T08:00:00Z")); // Cy and Dee: one
  changes.update(rows[3], deactivated(rows[3], "2026-11-25T08:00:00Z")); // change, twice
  changes.update(rows[4], deactivated(rows[4], "2026-11-25T09:00:00Z")); // Eve: another time
  ClientUser ann = rows[0];
  ann.is_alert_recipient = true;
  changes.update(rows[0], ann);
  apply(store, changes);
  const auto after = users_of(store, client);
  REQUIRE(after.size() == 5);
  CHECK(after[0].is_alert_recipient);
  CHECK_FALSE(after[1].is_alert_recipient);
  for (std::size_t i = 1; i < 5; ++i) {
    CHECK(after[i].status == UserStatus::deactivated);
  }
  CHECK(after[3].deactivated_at == "2026-11-25T08:00:00Z");
  CHECK(after[4].deactivated_at == "2026-11-25T09:00:00Z");
  CHECK(after[4].id == ids[4]);
}

TEST_CASE("store contract: a permission change is written, a status change keeps permissions",
          "[store]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  ScratchStore scratch(engine);
  Store& store = *scratch.store;
  const Id client = add_client(store);
  ChangeSet add;
  add.inserted_users = {owner(client), user(client, "Ben", "ben@acme.test"),
                        user(client, "Cy", "cy@acme.test")};
  apply(store, add);
  const auto users = users_of(store, client);
  ClientUser ben = users[1];
  ben.permissions = {Permission::view_invoices, Permission::messaging};
  ClientUser cy = users[2];
  cy.status = UserStatus::deactivated;
  cy.deactivated_at = "2026-11-25T08:00:00Z";
  ChangeSet changes;
  changes.update(users[1], ben);
  changes.update(users[2], cy);
  apply(store, changes);
  const auto after = users_of(store, client);
  CHECK(after[1].permissions == PermissionSet{Permission::view_invoices, Permission::messaging});
  CHECK(after[2].permissions == default_permissions(Role::standard));
  CHECK(after[2].status == UserStatus::deactivated);
}
