// The SQLite store (SPEC.md §6): recognising files, schema versions, settings, faults.
#include <chrono>
#include <csignal>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <sqlite3.h>

#include "acctctl/audit_chain.hpp"
#include "acctctl/error.hpp"
#include "acctctl/interrupt.hpp"
#include "acctctl/lookalike.hpp"
#include "acctctl/service/store_admin.hpp"
#include "acctctl/service/users.hpp"
#include "sqlite_files.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

using namespace acctctl;
using namespace acctctl::testing;

namespace {

ExitCode open_fails_with(const std::string& path, OpenPurpose purpose,
                         std::string* message = nullptr) {
  try {
    open_sqlite_store(path, purpose);
  } catch (const Error& error) {
    if (message != nullptr) {
      *message = error.what();
    }
    return error.code();
  }
  return ExitCode::success;
}

} // namespace

TEST_CASE("init creates the store with its folders, stamped as ours", "[store]") {
  TempDir dir;
  const std::string path = dir.file("deep/er/acctctl.db");
  new_store(path);
  CHECK(pragma(path, "application_id") == sqlite::k_application_id);
  CHECK(pragma(path, "user_version") == sqlite::latest_schema_version(sqlite::schema_migrations()));
}

TEST_CASE("init is idempotent and keeps what the store holds", "[store]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  new_store(path);
  {
    auto again = open_sqlite_store(path, OpenPurpose::init);
    const InitReport report = initialize_store(*again, SystemClock(), {});
    CHECK_FALSE(report.support_added);
  }
  auto store = open_sqlite_store(path, OpenPurpose::use);
  const auto transaction = store->begin(TxMode::read);
  CHECK(store->find_staff_by_email("SUPPORT@vendor.test"));
}

TEST_CASE("init on a store without support staff needs --support-email", "[store]") {
  auto store = open_sqlite_store(":memory:", OpenPurpose::init);
  CHECK_THROWS_AS(initialize_store(*store, SystemClock(), {}), Error);
}

TEST_CASE("no store is created by accident: a missing file is exit 1", "[store]") {
  TempDir dir;
  const std::string path = dir.file("store/acctctl.db");
  std::string message;
  CHECK(open_fails_with(path, OpenPurpose::use, &message) == ExitCode::store_error);
  CHECK_THAT(message, Catch::Contains("acctctl init"));
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK_FALSE(std::filesystem::exists(dir.file("store")));
}

TEST_CASE("an empty file is not a store", "[store]") {
  TempDir dir;
  const std::string path = dir.file("empty.db");
  write_file(path, "");
  CHECK(open_fails_with(path, OpenPurpose::use) == ExitCode::store_error);
  CHECK(read_file(path).empty());
}

TEST_CASE("a file that is not SQLite is refused and left untouched", "[store]") {
  TempDir dir;
  const std::string path = dir.file("notes.db");
  std::string text;
  for (int i = 0; i < 100; ++i) {
    text += "this is not a database at all\n";
  }
  write_file(path, text);
  for (const OpenPurpose purpose : {OpenPurpose::use, OpenPurpose::init}) {
    std::string message;
    CHECK(open_fails_with(path, purpose, &message) == ExitCode::store_error);
    CHECK_THAT(message, Catch::Contains("not an acctctl store"));
    CHECK(read_file(path) == text);
  }
}

TEST_CASE("another application's SQLite file is refused and left untouched", "[store]") {
  TempDir dir;
  const std::string path = dir.file("foreign.db");
  run_sql(path, "CREATE TABLE notes(x); INSERT INTO notes VALUES (1);");
  const std::string before = read_file(path);
  for (const OpenPurpose purpose : {OpenPurpose::use, OpenPurpose::init}) {
    std::string message;
    CHECK(open_fails_with(path, purpose, &message) == ExitCode::store_error);
    CHECK_THAT(message, Catch::Contains("another application"));
  }
  CHECK(read_file(path) == before);
}

// A failed open must not leave the signal hook pointing at a closed connection: a Ctrl-C
// after it would call sqlite3_interrupt on freed memory (ASan reports it in .ci/sanitize).
// Raising the interrupt is safe here: ctest runs each test case in its own process.
TEST_CASE("a refused store leaves no interrupt hook behind, and a signal after it is safe",
          "[store][interrupt]") {
  {
    auto store = open_sqlite_store(":memory:", OpenPurpose::init);
    CHECK(interrupt_hook_is_set());
  }
  CHECK_FALSE(interrupt_hook_is_set());
  TempDir dir;
  const std::string path = dir.file("foreign.db");
  run_sql(path, "CREATE TABLE notes(x);");
  REQUIRE(open_fails_with(path, OpenPurpose::use) == ExitCode::store_error);
  CHECK_FALSE(interrupt_hook_is_set());
  request_interrupt(SIGINT);
  CHECK(pending_interrupt() == SIGINT);
}

TEST_CASE("a store of a newer schema is refused, even by init", "[store]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  new_store(path);
  run_sql(path, "PRAGMA user_version = 99");
  const std::string before = read_file(path);
  for (const OpenPurpose purpose : {OpenPurpose::use, OpenPurpose::init}) {
    std::string message;
    CHECK(open_fails_with(path, purpose, &message) == ExitCode::store_error);
    CHECK_THAT(message, Catch::Contains("newer"));
  }
  CHECK(read_file(path) == before);
}

TEST_CASE("an older store is refused until init migrates it forward, keeping its data",
          "[store][migration]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  const auto v1 = sqlite::schema_migrations(); // today's: "v1" below is this binary's latest
  const int latest = sqlite::latest_schema_version(v1);
  {
    sqlite::SqliteStore store(path, OpenPurpose::init, {}, v1);
    initialize_store(store, SystemClock(), {"support@vendor.test", std::nullopt});
  }
  // A binary one version ahead: its migrations are today's plus a step that adds a column.
  const char* const v2_scripts[] = {"ALTER TABLE practices ADD COLUMN website TEXT"};
  std::vector<sqlite::Migration> v2(v1.begin(), v1.end());
  v2.push_back({latest + 1, v2_scripts});

  CHECK_THROWS_WITH(sqlite::SqliteStore(path, OpenPurpose::use, {}, v2),
                    Catch::Contains("run `acctctl init`"));
  {
    sqlite::SqliteStore upgraded(path, OpenPurpose::init, {}, v2);
    const auto transaction = upgraded.begin(TxMode::read);
    CHECK(upgraded.find_staff_by_email("support@vendor.test"));
    CHECK(upgraded.info().schema_version == latest + 1);
  }
  CHECK(pragma(path, "user_version") == latest + 1);
  sqlite::SqliteStore reopened(path, OpenPurpose::use, {}, v2);
  // This binary (v1) now finds the store newer than itself.
  CHECK(open_fails_with(path, OpenPurpose::use) == ExitCode::store_error);
}

TEST_CASE("schema 4 chains a version-3 store's events, which then verify and go on",
          "[store][migration][audit]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  const auto all = sqlite::schema_migrations();
  REQUIRE(sqlite::latest_schema_version(all) >= 4);
  {
    const std::vector<sqlite::Migration> up_to_v3(all.begin(), all.begin() + 3);
    sqlite::SqliteStore store(path, OpenPurpose::init, {}, up_to_v3);
  }
  run_sql(path, "INSERT INTO practices VALUES (1, 'P', 'p', 'x');"
                "INSERT INTO clients VALUES (1, 1, 'C', 'c', NULL, NULL, 'x');"
                "INSERT INTO audit_events (id, at, actor, action, practice_id, client_id, client, "
                "detail) VALUES (1, 't1', 's@v.test', 'practice.add', 1, NULL, NULL, '{}'), "
                "(2, 't2', 's@v.test', 'client.add', 1, 1, 'C', '{\"name\":\"C\"}'), "
                "(3, 't3', 's@v.test', 'client.edit', 1, 1, 'C', '{}');");
  auto store = open_sqlite_store(path, OpenPurpose::init);
  std::vector<AuditEvent> events;
  {
    const auto transaction = store->begin(TxMode::read);
    AuditFilter oldest_first;
    oldest_first.oldest_first = true;
    store->list_audit(oldest_first, [&](const AuditEvent& event) { events.push_back(event); });
  }
  REQUIRE(events.size() == 3);
  ChainVerifier chains;
  for (const AuditEvent& event : events) {
    CHECK(chains.add(event));
    CHECK_FALSE(event.connected_as); // not known before schema 4
    CHECK_FALSE(event.batch);
  }
  CHECK(events[0].hash == chain_hash(k_chain_genesis, events[0]));
  CHECK(events[2].hash == chain_hash(events[1].hash, events[2]));
  // A new event extends the client's chain from its migrated head.
  {
    const auto transaction = store->begin(TxMode::write);
    ChangeSet changes;
    AuditEvent added;
    added.at = "t4";
    added.actor = "s@v.test";
    added.action = "client.edit";
    added.practice_id = 1;
    added.client_id = 1;
    changes.events.push_back({added, std::nullopt});
    store->apply(changes, {});
    transaction->commit();
  }
  const auto transaction = store->begin(TxMode::read);
  AuditFilter newest;
  newest.limit = 1;
  store->list_audit(newest, [&](const AuditEvent& event) {
    CHECK(event.id == 4);
    CHECK(event.hash == chain_hash(events[2].hash, event));
    CHECK(event.connected_as.has_value());
    CHECK(event.batch.has_value());
  });
}

TEST_CASE("schema 2 keeps a version-1 store's users, their permissions and their order",
          "[store][migration]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  const auto all = sqlite::schema_migrations();
  REQUIRE(sqlite::latest_schema_version(all) >= 2);
  {
    const std::vector<sqlite::Migration> only_v1(all.begin(), all.begin() + 1);
    sqlite::SqliteStore store(path, OpenPurpose::init, {}, only_v1);
  }
  run_sql(path, "INSERT INTO practices VALUES (1, 'P', 'p', 'x');"
                "INSERT INTO clients VALUES (1, 1, 'C', 'c', NULL, NULL, 'x');"
                "INSERT INTO client_users (id, client_id, name, email, email_key, username, "
                "username_key, role, login_access, status, is_owner, created_at) VALUES "
                "(1, 1, 'zoe', 'z@c.test', 'z@c.test', 'z@c.test', 'z@c.test', 'admin', 1, "
                "'active', 1, 'x'), (2, 1, 'Émile', NULL, NULL, NULL, NULL, 'viewer', 0, "
                "'active', 0, 'x'), (3, 1, 'Anna', NULL, NULL, NULL, NULL, 'viewer', 0, "
                "'active', 0, 'x');"
                "INSERT INTO user_permissions VALUES (1, 'export'), (1, 'messaging');");
  auto store = open_sqlite_store(path, OpenPurpose::init);
  const auto transaction = store->begin(TxMode::read);
  const auto users = store->load_users(1);
  REQUIRE(users.size() == 3);
  CHECK(users[0].permissions == PermissionSet{Permission::export_data, Permission::messaging});
  CHECK(users[1].permissions.empty());
  std::vector<std::string> names;
  UserFilter filter;
  filter.client_id = 1;
  store->list_users(filter, [&](const UserListing& row) { names.push_back(row.user.name); });
  CHECK(names == std::vector<std::string>{"Anna", "zoe", "Émile"});
  for (const CheckFinding& finding : store->check()) {
    CHECK(finding.ok);
  }
}

TEST_CASE("a corrupt store is exit 1 with a message, never a crash", "[store]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  new_store(path);
  std::string bytes = read_file(path);
  REQUIRE(bytes.size() > 8192);
  for (std::size_t i = 4096; i < bytes.size(); ++i) {
    bytes[i] = static_cast<char>(i * 7);
  }
  write_file(path, bytes);
  // Either reading fails with exit 1, or the integrity check reports the damage.
  bool noticed = false;
  try {
    auto store = open_sqlite_store(path, OpenPurpose::use);
    const auto transaction = store->begin(TxMode::read);
    store->find_staff_by_email("support@vendor.test");
    for (const CheckFinding& finding : store->check()) {
      noticed = noticed || !finding.ok;
    }
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::store_error);
    noticed = true;
  }
  CHECK(noticed);
  CHECK(read_file(path) == bytes);
}

TEST_CASE("the journal is the rollback journal unless SQLite has the WAL-reset fix", "[store]") {
  CHECK_FALSE(sqlite_wal_is_safe(3040001)); // Debian 12
  CHECK_FALSE(sqlite_wal_is_safe(3051002));
  CHECK_FALSE(sqlite_wal_is_safe(3050006));
  CHECK_FALSE(sqlite_wal_is_safe(3045000));
  CHECK(sqlite_wal_is_safe(3051003));
  CHECK(sqlite_wal_is_safe(3050007));
  CHECK(sqlite_wal_is_safe(3044006));
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  auto store = new_store(path);
  // The expectation is written out, not computed with the function under test: fixed
  // releases are 3.44.6+ (3.44.x), 3.50.7+ (3.50.x) and 3.51.3 on.
  const int version = sqlite3_libversion_number();
  const bool fixed = version >= 3051003 || (version >= 3050007 && version < 3051000) ||
                     (version >= 3044006 && version < 3045000);
  INFO("SQLite " << sqlite3_libversion());
  CHECK(store->info().engine_detail == (fixed ? "journal mode wal" : "journal mode delete"));
  if (version == 3040001) { // Debian 12, where CI runs
    CHECK(store->info().engine_detail == "journal mode delete");
  }
}

TEST_CASE("foreign keys are enforced", "[store]") {
  auto store = open_sqlite_store(":memory:", OpenPurpose::init);
  const auto transaction = store->begin(TxMode::write);
  ClientUser orphan;
  orphan.client_id = 999;
  orphan.name = "Nobody's";
  orphan.login_access = false;
  ChangeSet changes;
  changes.inserted_users.push_back(orphan);
  CHECK_THROWS_AS(store->apply(changes, {}), Error);
}

TEST_CASE("audit events cannot be edited or deleted (R13)", "[store][R13]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  new_store(path);
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  CHECK(sqlite3_exec(db, "UPDATE audit_events SET actor = 'x'", nullptr, nullptr, nullptr) ==
        SQLITE_CONSTRAINT);
  CHECK(sqlite3_exec(db, "DELETE FROM audit_events", nullptr, nullptr, nullptr) ==
        SQLITE_CONSTRAINT);
  sqlite3_close(db);
}

TEST_CASE("a second writer waits for the busy timeout, then gets exit 6", "[store]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  auto holder = new_store(path);
  const auto lock = holder->begin(TxMode::write);
  StoreOptions quick;
  quick.busy_timeout_ms = 300;
  auto waiter = open_sqlite_store(path, OpenPurpose::use, quick);
  const auto start = std::chrono::steady_clock::now();
  try {
    waiter->begin(TxMode::write);
    FAIL("the write lock was taken twice");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::busy);
  }
  // It waited out the timeout rather than failing at once (and not much longer).
  const auto waited = std::chrono::steady_clock::now() - start;
  CHECK(waited >= std::chrono::milliseconds(250));
  CHECK(waited < std::chrono::seconds(5));
}

TEST_CASE("schema 5 keeps a version-4 store's users, documents, grants and events, and takes "
          "pending users",
          "[store][migration][R15]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  const auto all = sqlite::schema_migrations();
  REQUIRE(sqlite::latest_schema_version(all) >= 5);
  {
    const std::vector<sqlite::Migration> up_to_v4(all.begin(), all.begin() + 4);
    sqlite::SqliteStore store(path, OpenPurpose::init, {}, up_to_v4);
  }
  run_sql(
      path,
      "INSERT INTO practices VALUES (1, 'P', 'p', 'x');"
      "INSERT INTO staff (id, email, email_key, name, role, practice_id, created_at) VALUES "
      "(1, 'm@p.test', 'm@p.test', 'M', 'member', 1, 'x');"
      "INSERT INTO clients VALUES (1, 1, 'C', 'c', NULL, NULL, 'x');"
      "INSERT INTO access_grants VALUES (1, 1, 'g');"
      "INSERT INTO client_users (id, client_id, name, email, email_key, username, username_key, "
      "role, login_access, status, is_owner, is_alert_recipient, created_at, deactivated_at, "
      "name_key, permissions) VALUES "
      "(1, 1, 'Ann', 'a@c.test', 'a@c.test', 'ann', 'ann', 'admin', 1, 'active', 1, 1, 'x', "
      "NULL, 'ann', 'manage-users'),"
      "(2, 1, 'Ben', 'b@c.test', 'b@c.test', NULL, NULL, 'viewer', 0, 'deactivated', 0, 0, 'x', "
      "'y', 'ben', '');"
      "INSERT INTO documents VALUES (1, 1, 'Contract', 2, 'Ben', 'x');");
  const std::string users_before = query_text(
      path, "SELECT group_concat(id || name || status || permissions || is_owner, ';') FROM "
            "client_users");
  {
    const std::vector<sqlite::Migration> up_to_v5(all.begin(), all.begin() + 5);
    sqlite::SqliteStore store(path, OpenPurpose::init, {}, up_to_v5);
  }
  CHECK(pragma(path, "user_version") == 5);
  CHECK(query_text(path, "SELECT group_concat(id || name || status || permissions || is_owner, "
                         "';') FROM client_users") == users_before);
  // Making client_users again must not fire ON DELETE SET NULL: the document keeps its submitter.
  CHECK(query_text(path, "SELECT submitted_by_id FROM documents") == "2");
  CHECK(query_text(path, "SELECT count(*) FROM access_grants WHERE until IS NULL") == "1");
  CHECK(query_text(path, "SELECT count(*) FROM pragma_foreign_key_check") == "0");
  CHECK(query_text(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND "
                         "tbl_name = 'client_users'") == "9");
  CHECK(sql_succeeds(path, "INSERT INTO client_users (client_id, name, role, login_access, "
                           "status, created_at, starts_at) VALUES (1, 'Cy', 'viewer', 0, "
                           "'pending', 'x', '2027-01-01T00:00:00Z')"));
  // The owner's access cannot end (R15), in the store's own CHECK too.
  CHECK_FALSE(sql_succeeds(path, "UPDATE client_users SET ends_at = '2027-01-01T00:00:00Z' "
                                 "WHERE id = 1"));
}

TEST_CASE("schema 6 gives a version-5 store's usernames their skeletons, the later of a "
          "look-alike pair none, and check names the pair",
          "[store][migration][R14][lookalike]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  const auto all = sqlite::schema_migrations();
  REQUIRE(sqlite::latest_schema_version(all) >= 6);
  {
    const std::vector<sqlite::Migration> up_to_v5(all.begin(), all.begin() + 5);
    sqlite::SqliteStore store(path, OpenPurpose::init, {}, up_to_v5);
  }
  run_sql(path,
          "INSERT INTO practices VALUES (1, 'P', 'p', 'x');"
          "INSERT INTO clients VALUES (1, 1, 'C', 'c', NULL, NULL, 'x');"
          "INSERT INTO client_users (id, client_id, name, name_key, username, username_key, "
          "role, login_access, status, is_owner, is_alert_recipient, created_at, permissions) "
          "VALUES (1, 1, 'Pat', 'pat', 'paypal', 'paypal', 'admin', 1, 'active', 1, 0, 'x', ''),"
          "(2, 1, 'Imp', 'imp', 'paypaI', 'paypai', 'viewer', 1, 'active', 0, 0, 'x', ''),"
          "(3, 1, 'Zed', 'zed', 'zed', 'zed', 'viewer', 1, 'active', 0, 0, 'x', '');");
  const std::vector<sqlite::Migration> up_to_v6(all.begin(), all.begin() + 6);
  { sqlite::SqliteStore store(path, OpenPurpose::init, {}, up_to_v6); }
  CHECK(pragma(path, "user_version") == 6);
  CHECK(query_text(path, "SELECT group_concat(id || ':' || coalesce(username_skeleton, '-'), "
                         "' ') FROM client_users") ==
        fmt::format("1:{0} 2:- 3:{1}", confusable_skeleton("paypal"), confusable_skeleton("zed")));
  sqlite::SqliteStore store(path, OpenPurpose::use, {}, up_to_v6);
  const auto tx = store.begin(TxMode::read);
  bool named = false;
  for (const CheckFinding& finding : store.check()) {
    if (finding.check == "R14 usernames do not look alike") {
      CHECK_FALSE(finding.ok);
      CHECK_THAT(finding.detail, Catch::Contains("usernames paypal, paypaI look alike"));
      named = true;
    }
  }
  CHECK(named);
}

TEST_CASE("schema 7 keeps a version-6 store's users of every role and status, and its CHECKs "
          "refuse what they refused",
          "[store][migration][R15]") {
  TempDir dir;
  const std::string path = dir.file("acctctl.db");
  const auto all = sqlite::schema_migrations();
  REQUIRE(sqlite::latest_schema_version(all) >= 7);
  {
    const std::vector<sqlite::Migration> up_to_v6(all.begin(), all.begin() + 6);
    sqlite::SqliteStore store(path, OpenPurpose::init, {}, up_to_v6);
  }
  run_sql(path,
          "INSERT INTO practices VALUES (1, 'P', 'p', 'x');"
          "INSERT INTO clients VALUES (1, 1, 'C', 'c', NULL, NULL, 'x');"
          "INSERT INTO client_users (id, client_id, name, name_key, email, email_key, username, "
          "username_key, username_skeleton, role, login_access, status, is_owner, "
          "is_alert_recipient, created_at, deactivated_at, permissions, starts_at, ends_at) VALUES "
          "(1, 1, 'Ann', 'ann', 'a@c.test', 'a@c.test', 'ann', 'ann', 'ann', 'admin', 1, "
          "'active', 1, 1, 'x', NULL, 'manage-users', NULL, NULL),"
          "(2, 1, 'Ben', 'ben', 'b@c.test', 'b@c.test', NULL, NULL, NULL, 'viewer', 0, "
          "'deactivated', 0, 0, 'x', 'y', '', NULL, NULL),"
          "(3, 1, 'Cy', 'cy', NULL, NULL, 'cy', 'cy', 'cy', 'submitter', 1, 'pending', 0, 0, 'x', "
          "NULL, 'submit-documents', '2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z'),"
          "(4, 1, 'Di', 'di', NULL, NULL, NULL, NULL, NULL, 'standard', 0, 'active', 0, 0, 'x', "
          "NULL, '', NULL, '2027-03-01T00:00:00Z');"
          "INSERT INTO documents VALUES (1, 1, 'Contract', 2, 'Ben', 'x');");
  const std::string every_column =
      "SELECT group_concat(json_array(id, client_id, name, name_key, email, email_key, "
      "username, username_key, username_skeleton, role, login_access, status, is_owner, "
      "is_alert_recipient, created_at, deactivated_at, permissions, starts_at, ends_at), ';') "
      "FROM (SELECT * FROM client_users ORDER BY id)";
  const std::string indexes = "SELECT group_concat(name, ' ') FROM (SELECT name FROM "
                              "sqlite_schema WHERE type = 'index' AND tbl_name = 'client_users' "
                              "ORDER BY name)";
  const std::string users_before = query_text(path, every_column);
  const std::string indexes_before = query_text(path, indexes);
  REQUIRE(users_before.find("pending") != std::string::npos);
  { auto store = open_sqlite_store(path, OpenPurpose::init); }
  CHECK(pragma(path, "user_version") == 7);
  CHECK(query_text(path, every_column) == users_before);
  CHECK(query_text(path, indexes) == indexes_before);
  CHECK(query_text(path, "SELECT submitted_by_id FROM documents") == "2");
  CHECK(query_text(path, "SELECT count(*) FROM pragma_foreign_key_check") == "0");
  CHECK_FALSE(sql_succeeds(path, "UPDATE client_users SET status = 'gone' WHERE id = 4"));
  CHECK_FALSE(sql_succeeds(path, "UPDATE client_users SET role = 'owner' WHERE id = 4"));
  CHECK_FALSE(sql_succeeds(path, "UPDATE client_users SET role = NULL WHERE id = 4"));
  CHECK(sql_succeeds(path, "UPDATE client_users SET role = 'viewer', status = 'pending' WHERE "
                           "id = 4"));
  // A look-alike username is still refused by the index that schema 6 made.
  CHECK_FALSE(sql_succeeds(path, "UPDATE client_users SET username_skeleton = 'ann' WHERE id = 3"));
}
