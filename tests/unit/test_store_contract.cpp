// The Store contract, once, over every engine (SPEC.md §6): what rules, commands and output
// rely on must hold on SQLite and on PostgreSQL alike, so the engines cannot drift apart.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

#include "acctctl/clock.hpp"
#include "acctctl/error.hpp"
#include "acctctl/service/session.hpp"
#include "acctctl/service/store_admin.hpp"
#include "contract_rows.hpp"
#include "engines.hpp"
#include "exit_code_of.hpp"

using namespace acctctl;
using namespace acctctl::testing;

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

// ---- check(): each invariant, broken in the store behind the engine's back ------------------

namespace {

// What every engine's check() verifies after its own engine checks, in order.
const std::vector<std::string> k_invariant_checks = {
    "foreign keys",
    "R2 one owner per client account",
    "R2 owner is active with login",
    "R9 at most one alert recipient",
    "R14 usernames unique in the store",
    "R14 usernames do not look alike",
    "R14 emails unique in a client account",
    "names' sort keys",
};

// A client account whose users keep every invariant: Ann the owner, Ben who receives the
// alerts, Cleo, and Dora without login.
struct HealthyStore {
  explicit HealthyStore(Engine kind)
      : engine(kind), scratch(kind), client(add_client(*scratch.store)) {
    ClientUser ben = user(client, "Ben", "ben@acme.test");
    ben.is_alert_recipient = true;
    ChangeSet changes;
    changes.inserted_users = {owner(client), ben, user(client, "Cleo", "cleo@acme.test"),
                              user(client, "Dora", std::nullopt)};
    ids = apply(*scratch.store, changes);
  }

  // Runs `sql` on the store's database directly, its CHECK and foreign key constraints
  // lifted: the rules are constraints too, and check() is for a store where they were
  // dropped or bypassed (a raw connection of SQLite leaves foreign keys off).
  void tamper(const std::string& sql) const {
    if (engine == Engine::postgres) {
      scratch.where.run_sql(
          "DO $$ DECLARE c record; BEGIN FOR c IN SELECT conrelid::regclass AS t, conname "
          "FROM pg_constraint WHERE contype IN ('c', 'f') "
          "AND connamespace = current_schema()::regnamespace LOOP "
          "EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.t, c.conname); "
          "END LOOP; END $$; " +
          sql);
    } else {
      scratch.where.run_sql("PRAGMA ignore_check_constraints = ON; " + sql);
    }
  }

  std::vector<CheckFinding> check() const {
    const auto tx = scratch.store->begin(TxMode::read);
    return scratch.store->check();
  }

  Engine engine;
  ScratchStore scratch;
  Id client;
  std::vector<Id> ids; // Ann, Ben, Cleo, Dora
};

// The invariant checks that report a problem. The engine's own check may see one too: SQLite's
// integrity_check reports rows that break a CHECK constraint.
std::vector<std::string> failing(const std::vector<CheckFinding>& findings) {
  std::vector<std::string> names;
  for (const CheckFinding& finding : findings) {
    const bool invariant = std::find(k_invariant_checks.begin(), k_invariant_checks.end(),
                                     finding.check) != k_invariant_checks.end();
    if (invariant && !finding.ok) {
      names.push_back(finding.check);
    }
  }
  return names;
}

std::string detail_of(const std::vector<CheckFinding>& findings, std::string_view check) {
  for (const CheckFinding& finding : findings) {
    if (finding.check == check) {
      return finding.detail;
    }
  }
  return "(no such check)";
}

} // namespace

TEST_CASE("store contract: check() runs every invariant check, and a healthy store passes them",
          "[store][check]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  const HealthyStore healthy(engine);
  const std::vector<CheckFinding> findings = healthy.check();
  std::vector<std::string> names;
  for (const CheckFinding& finding : findings) {
    names.push_back(finding.check);
    CHECK(finding.ok);
    CHECK(finding.detail.empty());
  }
  // The engine's own, the triggers, on PostgreSQL the server's walls (SPEC §6.3), then the
  // invariants.
  const std::vector<std::string> own =
      engine == Engine::sqlite
          ? std::vector<std::string>{"integrity", "file mode", "triggers"}
          : std::vector<std::string>{"schema",   "encoding",           "triggers",
                                     "policies", "row-level security", "privileges"};
  REQUIRE(names.size() == k_invariant_checks.size() + own.size());
  CHECK(std::vector(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(own.size())) == own);
  CHECK(std::vector(names.begin() + static_cast<std::ptrdiff_t>(own.size()), names.end()) ==
        k_invariant_checks);
}

TEST_CASE("store contract: check() reports what the engine checks of its own", "[store][check]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  const HealthyStore store(engine);
  // SQLite's integrity_check sees a row that breaks a CHECK constraint; PostgreSQL's schema
  // check, a second acctctl_meta row.
  store.tamper(engine == Engine::sqlite
                   ? "UPDATE client_users SET role = 'boss' WHERE name = 'Dora'"
                   : "INSERT INTO acctctl_meta VALUES ('acctctl', 2)");
  const auto findings = store.check();
  REQUIRE_FALSE(findings.empty());
  CHECK(findings.front().check == (engine == Engine::sqlite ? "integrity" : "schema"));
  CHECK_FALSE(findings.front().ok);
  CHECK_THAT(findings.front().detail,
             Catch::Contains(engine == Engine::sqlite ? "CHECK constraint failed"
                                                      : "acctctl_meta holds 2 rows"));
  CHECK(failing(findings).empty()); // no invariant is broken
}

TEST_CASE("store contract: check() names a dropped guard and an added trigger, and init puts "
          "the guard back",
          "[store][check][R13]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  const HealthyStore store(engine);
  store.tamper(engine == Engine::sqlite
                   ? "DROP TRIGGER audit_events_are_not_edited; CREATE TRIGGER sneaky AFTER "
                     "INSERT ON practices BEGIN SELECT 1; END;"
                   : "DROP TRIGGER audit_events_are_not_edited ON audit_events; "
                     "CREATE FUNCTION sneaky() RETURNS trigger LANGUAGE plpgsql AS "
                     "'BEGIN RETURN NEW; END'; CREATE TRIGGER sneaky AFTER INSERT ON practices "
                     "FOR EACH ROW EXECUTE FUNCTION sneaky();");
  const auto findings = store.check();
  CHECK_THAT(detail_of(findings, "triggers"),
             Catch::Equals("missing audit_events_are_not_edited (`acctctl init` puts them back); "
                           "not made by acctctl: sneaky"));
  CHECK(failing(findings).empty());
  const auto reopened = open_store(store.scratch.where.location(), OpenPurpose::init);
  const auto tx = reopened->begin(TxMode::read);
  CHECK(detail_of(reopened->check(), "triggers") == "not made by acctctl: sneaky");
}

TEST_CASE("store contract: check() counts a disabled trigger as missing", "[store][check][R13]") {
  const HealthyStore store(Engine::postgres);
  store.tamper("ALTER TABLE client_users DISABLE TRIGGER client_users_keys_follow_values");
  CHECK_THAT(
      detail_of(store.check(), "triggers"),
      Catch::StartsWith("missing client_users_keys_follow_values (") &&
          Catch::EndsWith("not made by acctctl: client_users_keys_follow_values (disabled)"));
}

TEST_CASE("store contract: check() reports a row that refers to a missing one", "[store][check]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  const HealthyStore store(engine);
  store.tamper("INSERT INTO documents (client_id, title, submitted_by, submitted_at) "
               "VALUES (999, 'Orphan', 'Ann', '2026-11-03T00:00:00Z')");
  const auto findings = store.check();
  CHECK(failing(findings) == std::vector<std::string>{"foreign keys"});
  CHECK_THAT(detail_of(findings, "foreign keys"),
             Catch::Matches("documents row [0-9]+ refers to a missing clients"));
}

TEST_CASE("store contract: check() reports R2, a client account without its owner",
          "[store][check][R2]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  const HealthyStore store(engine);
  store.tamper("UPDATE client_users SET is_owner = FALSE WHERE name = 'Ann'");
  const auto findings = store.check();
  CHECK(failing(findings) == std::vector<std::string>{"R2 one owner per client account"});
  CHECK(detail_of(findings, "R2 one owner per client account") == "Acme Ltd has 0 owners");
}

TEST_CASE("store contract: check() reports R2, an owner who is deactivated", "[store][check][R2]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  const HealthyStore store(engine);
  store.tamper("UPDATE client_users SET status = 'deactivated', "
               "deactivated_at = '2026-11-03T00:00:00Z' WHERE name = 'Ann'");
  const auto findings = store.check();
  CHECK(failing(findings) == std::vector<std::string>{"R2 owner is active with login"});
  CHECK(detail_of(findings, "R2 owner is active with login") ==
        fmt::format("Ann (id {}) is owner without being an active login user", store.ids[0]));
}

TEST_CASE("store contract: check() reports R9, two alert recipients", "[store][check][R9]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  const HealthyStore store(engine);
  store.tamper("DROP INDEX one_alert_recipient_per_client; "
               "UPDATE client_users SET is_alert_recipient = TRUE WHERE name = 'Cleo'");
  const auto findings = store.check();
  CHECK(failing(findings) == std::vector<std::string>{"R9 at most one alert recipient"});
  CHECK(detail_of(findings, "R9 at most one alert recipient") == "Acme Ltd has 2 alert recipients");
}

TEST_CASE("store contract: check() reports R14, a username used twice", "[store][check][R14]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  const HealthyStore store(engine);
  // The same once folded, with a key that is right: only the uniqueness is broken.
  store.tamper("DROP INDEX usernames_unique; UPDATE client_users SET username = "
               "'BEN@acme.test', username_key = 'ben@acme.test' WHERE name = 'Cleo'");
  const auto findings = store.check();
  // The username changed behind acctctl's back, its skeleton did not.
  CHECK(failing(findings) == std::vector<std::string>{"R14 usernames unique in the store",
                                                      "R14 usernames do not look alike"});
  CHECK(detail_of(findings, "R14 usernames unique in the store") ==
        "username BEN@acme.test is used 2 times");
  CHECK(detail_of(findings, "R14 usernames do not look alike") ==
        fmt::format("user id {} has a stale username skeleton", store.ids[2]));
}

TEST_CASE("store contract: check() reports R14, two usernames that look alike",
          "[store][check][R14][lookalike]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  const HealthyStore store(engine);
  // Ben's own skeleton given to Cleo's look-alike, past the index: only the look is the same.
  store.tamper("DROP INDEX usernames_look_unique; UPDATE client_users SET username = "
               "'ben@acrne.test', username_key = 'ben@acrne.test', username_skeleton = "
               "(SELECT username_skeleton FROM client_users WHERE name = 'Ben') "
               "WHERE name = 'Cleo'");
  const auto findings = store.check();
  CHECK(failing(findings) == std::vector<std::string>{"R14 usernames do not look alike"});
  CHECK(detail_of(findings, "R14 usernames do not look alike") ==
        "usernames ben@acme.test, ben@acrne.test look alike (Unicode TS #39)");
}

TEST_CASE("store contract: check() reports R14, a stale username key", "[store][check][R14]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  const HealthyStore store(engine);
  store.tamper("UPDATE client_users SET username_key = 'someone' WHERE name = 'Cleo'");
  const auto findings = store.check();
  CHECK(failing(findings) == std::vector<std::string>{"R14 usernames unique in the store"});
  CHECK(detail_of(findings, "R14 usernames unique in the store") ==
        fmt::format("user id {} has a stale username key", store.ids[2]));
}

TEST_CASE("store contract: check() reports R14, a username used twice behind a stale key",
          "[store][check][R14]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  const HealthyStore store(engine);
  // The keys differ, so only the usernames folded again show that they are one.
  store.tamper("DROP INDEX usernames_unique; UPDATE client_users SET username = "
               "'BEN@acme.test', username_key = 'someone' WHERE name = 'Cleo'");
  const auto findings = store.check();
  CHECK(failing(findings) == std::vector<std::string>{"R14 usernames unique in the store",
                                                      "R14 usernames do not look alike"});
  CHECK(detail_of(findings, "R14 usernames unique in the store") ==
        fmt::format("username BEN@acme.test is used 2 times; user id {} has a stale username key",
                    store.ids[2]));
}

TEST_CASE("store contract: check() reports R14, an email used twice in a client account",
          "[store][check][R14]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  const HealthyStore store(engine);
  store.tamper("DROP INDEX emails_unique_per_client; UPDATE client_users SET email = "
               "'Ben@Acme.test', email_key = 'ben@acme.test' WHERE name = 'Cleo'");
  const auto findings = store.check();
  CHECK(failing(findings) == std::vector<std::string>{"R14 emails unique in a client account"});
  CHECK(detail_of(findings, "R14 emails unique in a client account") ==
        fmt::format("email Ben@Acme.test is used 2 times in client id {}", store.client));
}

TEST_CASE("store contract: check() reports R14, a stale email key", "[store][check][R14]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  const HealthyStore store(engine);
  store.tamper("UPDATE client_users SET email_key = 'someone@acme.test' WHERE name = 'Cleo'");
  const auto findings = store.check();
  CHECK(failing(findings) == std::vector<std::string>{"R14 emails unique in a client account"});
  CHECK(detail_of(findings, "R14 emails unique in a client account") ==
        fmt::format("user id {} has a stale email key", store.ids[2]));
}

TEST_CASE("store contract: check() reports R14, an email used twice behind a stale key",
          "[store][check][R14]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  const HealthyStore store(engine);
  store.tamper("DROP INDEX emails_unique_per_client; UPDATE client_users SET email = "
               "'Ben@Acme.test', email_key = 'someone@acme.test' WHERE name = 'Cleo'");
  const auto findings = store.check();
  CHECK(failing(findings) == std::vector<std::string>{"R14 emails unique in a client account"});
  CHECK(detail_of(findings, "R14 emails unique in a client account") ==
        fmt::format("email Ben@Acme.test is used 2 times in client id {}; user id {} has a stale "
                    "email key",
                    store.client, store.ids[2]));
}

TEST_CASE("store contract: check() reports a stale name key", "[store][check]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  const HealthyStore store(engine);
  store.tamper("UPDATE client_users SET name_key = 'zoe' WHERE name = 'Cleo'");
  const auto findings = store.check();
  CHECK(failing(findings) == std::vector<std::string>{"names' sort keys"});
  CHECK(detail_of(findings, "names' sort keys") ==
        fmt::format("user id {} has a stale name key", store.ids[2]));
}

TEST_CASE("store contract: check() names five violations and counts the rest", "[store][check]") {
  const Engine engine = GENERATE(Engine::sqlite, Engine::postgres);
  INFO(to_string(engine));
  const HealthyStore store(engine);
  ChangeSet more;
  for (const char* name : {"Eve", "Fay", "Gus", "Hal"}) {
    more.inserted_users.push_back(user(store.client, name, std::nullopt));
  }
  apply(*store.scratch.store, more);
  store.tamper("UPDATE client_users SET name_key = 'stale'");
  const auto findings = store.check();
  CHECK(failing(findings) == std::vector<std::string>{"names' sort keys"});
  CHECK_THAT(detail_of(findings, "names' sort keys"),
             Catch::EndsWith("has a stale name key; and 3 more"));
}
