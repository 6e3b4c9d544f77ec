// The Store contract, once, over every engine (SPEC.md §6): what rules, commands and output
// rely on must hold on SQLite and on PostgreSQL alike, so the engines cannot drift apart.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "acctctl/clock.hpp"
#include "acctctl/error.hpp"
#include "acctctl/maintenance.hpp"
#include "acctctl/session.hpp"
#include "engines.hpp"
#include "exit_code_of.hpp"

using namespace acctctl;
using namespace acctctl::testing;

namespace {

// A practice and client account to put users in; returns the client's id.
Id add_client(Store& store) {
  const auto tx = store.begin(TxMode::write);
  ChangeSet practice;
  practice.inserted_practices.push_back({0, "Ledger & Co", "2026-11-01T00:00:00Z"});
  ChangeSet client;
  client.inserted_clients.emplace_back();
  client.inserted_clients[0].practice_id = store.apply(practice, {}).practices.at(0);
  client.inserted_clients[0].name = "Acme Ltd";
  client.inserted_clients[0].created_at = "2026-11-01T00:00:00Z";
  const Id id = store.apply(client, {}).clients.at(0);
  tx->commit();
  return id;
}

ClientUser user(Id client, std::string name, std::optional<std::string> email) {
  ClientUser u;
  u.client_id = client;
  u.name = std::move(name);
  u.email = email;
  u.username = email;
  u.login_access = email.has_value();
  u.permissions = default_permissions(Role::standard);
  u.created_at = "2026-11-02T00:00:00Z";
  return u;
}

AuditEvent event(std::string action) {
  AuditEvent e;
  e.at = "2026-11-02T00:00:00Z";
  e.actor = "support@vendor.test";
  e.action = std::move(action);
  return e;
}

ClientUser owner(Id client) {
  ClientUser ann = user(client, "Ann", "ann@acme.test");
  ann.is_owner = true;
  return ann;
}

std::vector<Id> apply(Store& store, const ChangeSet& changes) {
  const auto tx = store.begin(TxMode::write);
  std::vector<Id> ids = store.apply(changes, {}).users;
  tx->commit();
  return ids;
}

AppliedIds apply_ids(Store& store, const ChangeSet& changes) {
  const auto tx = store.begin(TxMode::write);
  AppliedIds ids = store.apply(changes, {});
  tx->commit();
  return ids;
}

Id practice_of(Store& store, Id client) {
  const auto tx = store.begin(TxMode::read);
  return store.find_client(client).value().practice_id;
}

std::vector<ClientUser> users_of(Store& store, Id client) {
  const auto tx = store.begin(TxMode::read);
  return store.load_users(client);
}

} // namespace

TEST_CASE("store contract: only init creates a store, then it opens for use", "[store]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  ScratchLocation where(engine);
  std::string message;
  CHECK(exit_code_of([&] { open_store(where.location(), OpenPurpose::use); }, &message) ==
        ExitCode::store_error);
  CHECK_THAT(message, Catch::Contains("no store at") && Catch::Contains("acctctl init"));
  {
    auto store = open_store(where.location(), OpenPurpose::init);
    initialize_store(*store, SystemClock(), {"support@vendor.test", std::nullopt});
  }
  auto store = open_store(where.location(), OpenPurpose::use);
  const auto tx = store->begin(TxMode::read);
  CHECK(store->has_support_staff());
  CHECK(store->info().schema_version >= 1); // each engine its own latest
}

TEST_CASE("store contract: a newer schema is refused, even by init", "[store]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  ScratchStore scratch(engine);
  scratch.store.reset();
  scratch.where.run_sql(engine == Engine::sqlite ? "PRAGMA user_version = 99"
                                                 : "UPDATE acctctl_meta SET schema_version = 99");
  for (const OpenPurpose purpose : {OpenPurpose::use, OpenPurpose::init}) {
    std::string message;
    CHECK(exit_code_of([&] { open_store(scratch.where.location(), purpose); }, &message) ==
          ExitCode::store_error);
    CHECK_THAT(message, Catch::Contains("newer"));
  }
}

TEST_CASE("store contract: a change set inserts in order and its events get the new ids",
          "[store][R13]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  ScratchStore scratch(engine);
  Store& store = *scratch.store;
  const Id client = add_client(store);
  ChangeSet changes;
  ClientUser ann = user(client, "Ann", "ann@acme.test");
  ann.is_owner = true;
  ann.permissions = {Permission::export_data, Permission::messaging};
  changes.inserted_users = {ann, user(client, "Dora", std::nullopt)};
  changes.events.push_back({event("user.add"), 1});
  changes.events.push_back({event("user.add"), 0});
  const std::vector<Id> ids = apply(store, changes);
  REQUIRE(ids.size() == 2);
  CHECK(ids[0] < ids[1]);

  const auto users = users_of(store, client);
  REQUIRE(users.size() == 2);
  CHECK(users[0].id == ids[0]);
  CHECK(users[0].name == "Ann");
  CHECK(users[0].is_owner);
  CHECK(users[0].permissions == PermissionSet{Permission::export_data, Permission::messaging});
  CHECK(users[1].username == std::nullopt);

  std::vector<AuditEvent> events;
  {
    const auto tx = store.begin(TxMode::read);
    AuditFilter oldest_first;
    oldest_first.oldest_first = true;
    store.list_audit(oldest_first, [&](const AuditEvent& e) { events.push_back(e); });
  }
  REQUIRE(events.size() >= 2);
  CHECK(events[events.size() - 2].user_id == ids[1]); // in the order they were planned
  CHECK(events.back().user_id == ids[0]);
}

TEST_CASE("store contract: practices, staff, clients and documents are rows of a change set",
          "[store]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  ScratchStore scratch(engine);
  Store& store = *scratch.store;
  const Id client = add_client(store);
  ChangeSet changes;
  changes.inserted_practices.push_back({0, "Other Books", "2026-11-03T00:00:00Z"});
  Staff olga;
  olga.email = "olga@other.test";
  olga.name = "Olga";
  olga.role = StaffRole::support;
  olga.created_at = "2026-11-03T00:00:00Z";
  changes.inserted_staff.push_back(olga);
  changes.inserted_users.push_back(owner(client));
  Document receipts;
  receipts.client_id = client;
  receipts.title = "Receipts";
  receipts.submitted_by = "Ann";
  receipts.submitted_at = "2026-11-03T00:00:00Z";
  changes.inserted_documents.push_back(receipts);
  AppliedIds ids;
  {
    const auto tx = store.begin(TxMode::write);
    ids = store.apply(changes, {});
    tx->commit();
  }
  REQUIRE(ids.practices.size() == 1);
  REQUIRE(ids.staff.size() == 1);
  REQUIRE(ids.documents.size() == 1);
  CHECK(ids.clients.empty());
  const auto tx = store.begin(TxMode::read);
  CHECK(store.find_practice(ids.practices[0])->name == "Other Books");
  CHECK(store.find_staff(ids.staff[0])->email == "olga@other.test");
  std::vector<DocumentListing> documents;
  store.list_documents(client, std::nullopt,
                       [&](const DocumentListing& d) { documents.push_back(d); });
  REQUIRE(documents.size() == 1);
  CHECK(documents[0].document.id == ids.documents[0]);
  CHECK(documents[0].document.title == "Receipts");
}

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

  ClientUser same = user(client, "Ann Again", "ANN@acme.test");
  ChangeSet taken;
  taken.inserted_users = {same};
  CHECK(exit_code_of([&] { apply(store, taken); }) != ExitCode::success);
  CHECK(users_of(store, client).size() == 1); // nothing of either change set stayed
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
  CHECK(found.begin()->second == ids[0]);
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

TEST_CASE("store contract: search is a literal substring and listings sort alike", "[store]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  ScratchStore scratch(engine);
  Store& store = *scratch.store;
  const Id client = add_client(store);
  ClientUser owner = user(client, "zed 100%", "zed@acme.test");
  owner.is_owner = true;
  ChangeSet add;
  add.inserted_users = {owner, user(client, "Émile_x", "emile@acme.test"),
                        user(client, "bob", "bob@acme.test"), user(client, "Ann", "a@acme.test")};
  apply(store, add);
  const auto names = [&](std::optional<std::string> search) {
    const auto tx = store.begin(TxMode::read);
    UserFilter filter;
    filter.client_id = client;
    filter.search = std::move(search);
    std::vector<std::string> result;
    store.list_users(filter, [&](const UserListing& row) { result.push_back(row.user.name); });
    return result;
  };
  CHECK(names("%") == std::vector<std::string>{"zed 100%"});
  CHECK(names("_") == std::vector<std::string>{"Émile_x"});
  CHECK(names("BOB@") == std::vector<std::string>{"bob"});
  CHECK(names(std::nullopt) == std::vector<std::string>{"Ann", "bob", "zed 100%", "Émile_x"});
}

TEST_CASE("store contract: export and import round-trip the store, ids included", "[store]") {
  const Engine from = GENERATE(Engine::sqlite, Engine::postgres);
  const Engine to = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(from) << " to " << to_string(to));
  ScratchStore source(from);
  const Id client = add_client(*source.store);
  ChangeSet add;
  add.inserted_users = {owner(client), user(client, "Dora", std::nullopt)};
  add.events.push_back({event("user.add"), 0});
  apply(*source.store, add);

  SystemClock clock;
  Session source_session{*source.store, clock, "support@vendor.test"};
  std::ostringstream dump;
  export_store(source_session, dump);

  ScratchStore target(to);
  Session target_session{*target.store, clock, "support@vendor.test"};
  std::istringstream in(dump.str());
  import_store(target_session, in, "test");
  const auto imported = users_of(*target.store, client);
  REQUIRE(imported.size() == 2);
  CHECK(imported == users_of(*source.store, client));
  std::ostringstream again;
  export_store(target_session, again);
  // The second export has the first's rows, plus the store.import event.
  CHECK(again.str().find("\"ann@acme.test\"") != std::string::npos);
  CHECK(again.str().find("store.import") != std::string::npos);

  ChangeSet more;
  more.inserted_users = {user(client, "Eve", "eve@acme.test")};
  const auto ids = apply(*target.store, more);
  CHECK(ids[0] > imported.back().id); // new ids go on after the imported ones
}
