#include "store/sqlite/schema.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "acctctl/audit_chain.hpp"
#include "acctctl/fields/account_fields.hpp"
#include "acctctl/lookalike.hpp"
#include "store/sqlite/columns.hpp"

namespace acctctl::sqlite {
namespace {

// Version 1. Invariants that the rules keep are also constraints here, as a backstop:
// one owner and at most one alert recipient per client (R2, R9), both active with login;
// usernames unique in the store and emails unique per client, on case-folded keys (R14).
// Removed users are deleted (R6); documents keep the submitter's name.
constexpr const char* k_schema_v1 = R"sql(
CREATE TABLE practices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TABLE staff (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL,
  email_key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('support', 'admin', 'member')),
  practice_id INTEGER REFERENCES practices(id),
  created_at TEXT NOT NULL,
  CHECK ((role = 'support') = (practice_id IS NULL))
);
CREATE INDEX staff_by_practice ON staff(practice_id);
CREATE TABLE clients (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  practice_id INTEGER NOT NULL REFERENCES practices(id),
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  contact_email TEXT,
  professional_id INTEGER REFERENCES staff(id),
  created_at TEXT NOT NULL,
  UNIQUE (practice_id, name_key)
);
CREATE INDEX clients_by_name ON clients(name_key);
CREATE TABLE access_grants (
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  client_id INTEGER NOT NULL REFERENCES clients(id),
  granted_at TEXT NOT NULL,
  PRIMARY KEY (staff_id, client_id)
) WITHOUT ROWID;
CREATE INDEX access_by_client ON access_grants(client_id);
CREATE TABLE client_users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  client_id INTEGER NOT NULL REFERENCES clients(id),
  name TEXT NOT NULL,
  email TEXT,
  email_key TEXT,
  username TEXT,
  username_key TEXT,
  role TEXT NOT NULL CHECK (role IN ('admin', 'standard', 'submitter', 'viewer')),
  login_access INTEGER NOT NULL CHECK (login_access IN (0, 1)),
  status TEXT NOT NULL CHECK (status IN ('active', 'deactivated')),
  is_owner INTEGER NOT NULL DEFAULT 0 CHECK (is_owner IN (0, 1)),
  is_alert_recipient INTEGER NOT NULL DEFAULT 0 CHECK (is_alert_recipient IN (0, 1)),
  created_at TEXT NOT NULL,
  deactivated_at TEXT,
  CHECK ((login_access = 1) = (username IS NOT NULL)),
  CHECK ((email IS NULL) = (email_key IS NULL)),
  CHECK ((username IS NULL) = (username_key IS NULL)),
  CHECK (is_owner = 0 OR (login_access = 1 AND status = 'active')),
  CHECK (is_alert_recipient = 0 OR (login_access = 1 AND status = 'active')),
  CHECK ((status = 'deactivated') = (deactivated_at IS NOT NULL))
);
CREATE INDEX users_by_client ON client_users(client_id);
CREATE INDEX users_by_email ON client_users(email_key);
CREATE UNIQUE INDEX one_owner_per_client ON client_users(client_id) WHERE is_owner = 1;
CREATE UNIQUE INDEX one_alert_recipient_per_client ON client_users(client_id)
  WHERE is_alert_recipient = 1;
CREATE UNIQUE INDEX usernames_unique ON client_users(username_key) WHERE username_key IS NOT NULL;
CREATE UNIQUE INDEX emails_unique_per_client ON client_users(client_id, email_key)
  WHERE email_key IS NOT NULL;
CREATE TABLE user_permissions (
  user_id INTEGER NOT NULL REFERENCES client_users(id) ON DELETE CASCADE,
  permission TEXT NOT NULL CHECK (permission IN ('submit-documents', 'view-documents', 'export',
    'manage-users', 'manage-settings', 'view-invoices', 'pay-invoices', 'messaging')),
  PRIMARY KEY (user_id, permission)
) WITHOUT ROWID;
CREATE TABLE documents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  client_id INTEGER NOT NULL REFERENCES clients(id),
  title TEXT NOT NULL,
  submitted_by_id INTEGER REFERENCES client_users(id) ON DELETE SET NULL,
  submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL
);
CREATE INDEX documents_by_client ON documents(client_id);
CREATE INDEX documents_by_submitter ON documents(submitted_by_id);
CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  practice_id INTEGER,
  client_id INTEGER,
  client TEXT,
  user_id INTEGER,
  user TEXT,
  detail TEXT NOT NULL
);
CREATE INDEX audit_by_client ON audit_events(client_id);
CREATE INDEX audit_by_user ON audit_events(user_id);
)sql";

} // namespace

// IF NOT EXISTS: init runs it again on every store, so that a dropped guard is put back.
const char* const k_audit_guard_sql = R"sql(
CREATE TRIGGER IF NOT EXISTS audit_events_are_not_edited BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_events_are_not_deleted BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
)sql";

const char* const k_drop_audit_guard_sql = R"sql(
DROP TRIGGER IF EXISTS audit_events_are_not_edited;
DROP TRIGGER IF EXISTS audit_events_are_not_deleted;
)sql";

namespace {

// Version 2: what a listing and a batch read in one row. The folded name sorts a client's users
// through an index instead of a sort of every row, and the permissions are a column (names
// joined by ",", in canonical order) instead of a table read by a subquery per user.
constexpr const char* k_schema_v2 = R"sql(
ALTER TABLE client_users ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE client_users ADD COLUMN permissions TEXT NOT NULL DEFAULT '';
UPDATE client_users SET name_key = acctctl_fold(name),
  permissions = coalesce((SELECT group_concat(permission, ',') FROM user_permissions p
                          WHERE p.user_id = client_users.id), '');
DROP TABLE user_permissions;
CREATE INDEX users_by_client_name ON client_users(client_id, name_key, id);
)sql";

// Version 3: a practice admin's audit list reads the practice's newest events through an
// index instead of scanning the whole trail backwards (issue 10's scale check).
constexpr const char* k_schema_v3 = R"sql(
CREATE INDEX audit_by_practice ON audit_events(practice_id);
)sql";

// Version 4: the audit object's connected_as, batch and hash (SPEC §4, §4.1), and the staff
// object's status and db_role (SPEC §3.3, §6.3; a SQLite store keeps db_role null). Events written
// before it keep a null connected_as and batch (acctctl did not know them); their chains are
// computed once here (chain_existing_events), with the append-only guard lifted for that alone
// (the store's open puts it back in the same transaction). No index on batch: `audit list
// --batch` is a rare forensic read, and the index cost every event it indexed (bench/chain_cost.py:
// deactivating 100,000 users took 1.35x the time before the chains with it, 1.17x without).
constexpr const char* k_schema_v4 = R"sql(
ALTER TABLE audit_events ADD COLUMN connected_as TEXT;
ALTER TABLE audit_events ADD COLUMN batch TEXT;
ALTER TABLE audit_events ADD COLUMN hash TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
  CHECK (status IN ('active', 'deactivated'));
ALTER TABLE staff ADD COLUMN db_role TEXT;
CREATE UNIQUE INDEX staff_db_roles_unique ON staff(db_role) WHERE db_role IS NOT NULL;
)sql";

// Version 5: scheduled access (R15, SPEC §3.2). A user may be `pending`, which the status CHECK
// of version 1 refuses, and SQLite changes a CHECK only by making the table again: this copies
// client_users into a table with the new CHECK, starts_at and ends_at (init runs it with foreign
// keys off, so that dropping the old table does not null the documents' submitters, and checks
// them before it commits). The partial indexes hold only what `due` may have to do, so that it
// costs what is due, not what is stored; a grant's `until` has its own.
constexpr const char* k_schema_v5 = R"sql(
CREATE TABLE client_users_v5 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  client_id INTEGER NOT NULL REFERENCES clients(id),
  name TEXT NOT NULL,
  email TEXT,
  email_key TEXT,
  username TEXT,
  username_key TEXT,
  role TEXT NOT NULL CHECK (role IN ('admin', 'standard', 'submitter', 'viewer')),
  login_access INTEGER NOT NULL CHECK (login_access IN (0, 1)),
  status TEXT NOT NULL CHECK (status IN ('active', 'deactivated', 'pending')),
  is_owner INTEGER NOT NULL DEFAULT 0 CHECK (is_owner IN (0, 1)),
  is_alert_recipient INTEGER NOT NULL DEFAULT 0 CHECK (is_alert_recipient IN (0, 1)),
  created_at TEXT NOT NULL,
  deactivated_at TEXT,
  name_key TEXT NOT NULL DEFAULT '',
  permissions TEXT NOT NULL DEFAULT '',
  starts_at TEXT,
  ends_at TEXT,
  CHECK ((login_access = 1) = (username IS NOT NULL)),
  CHECK ((email IS NULL) = (email_key IS NULL)),
  CHECK ((username IS NULL) = (username_key IS NULL)),
  CHECK (is_owner = 0 OR (login_access = 1 AND status = 'active' AND ends_at IS NULL)),
  CHECK (is_alert_recipient = 0 OR (login_access = 1 AND status = 'active')),
  CHECK ((status = 'deactivated') = (deactivated_at IS NOT NULL)),
  CHECK (starts_at IS NULL OR ends_at IS NULL OR starts_at < ends_at)
);
INSERT INTO client_users_v5 (id, client_id, name, email, email_key, username, username_key, role,
  login_access, status, is_owner, is_alert_recipient, created_at, deactivated_at, name_key,
  permissions)
SELECT id, client_id, name, email, email_key, username, username_key, role, login_access, status,
  is_owner, is_alert_recipient, created_at, deactivated_at, name_key, permissions
FROM client_users;
DROP TABLE client_users;
ALTER TABLE client_users_v5 RENAME TO client_users;
CREATE INDEX users_by_client ON client_users(client_id);
CREATE INDEX users_by_email ON client_users(email_key);
CREATE UNIQUE INDEX one_owner_per_client ON client_users(client_id) WHERE is_owner = 1;
CREATE UNIQUE INDEX one_alert_recipient_per_client ON client_users(client_id)
  WHERE is_alert_recipient = 1;
CREATE UNIQUE INDEX usernames_unique ON client_users(username_key) WHERE username_key IS NOT NULL;
CREATE UNIQUE INDEX emails_unique_per_client ON client_users(client_id, email_key)
  WHERE email_key IS NOT NULL;
CREATE INDEX users_by_client_name ON client_users(client_id, name_key, id);
CREATE INDEX users_starting ON client_users(starts_at) WHERE status = 'pending';
CREATE INDEX users_ending ON client_users(ends_at)
  WHERE ends_at IS NOT NULL AND status <> 'deactivated';
ALTER TABLE access_grants ADD COLUMN until TEXT;
CREATE INDEX grants_ending ON access_grants(until) WHERE until IS NOT NULL;
)sql";

// Version 6: look-alike usernames (SPEC §2, R14). Each username's confusable skeleton (TS #39),
// unique among users as the username's key is. Filled by fill_username_skeletons, which then
// makes the index.
constexpr const char* k_schema_v6 = R"sql(
ALTER TABLE client_users ADD COLUMN username_skeleton TEXT;
)sql";

// Version 7: CHECKs that SQLite 3.40 evaluates by comparisons. It codes an `IN` of more than two
// values as a temporary B-tree, built for every row an INSERT or an UPDATE of the column writes
// (31,000 instructions per added user for the status CHECK; bench/schedule_cost.py), so the role
// and status CHECKs become `=` joined by OR. Same rules; the table is made again as in version 5.
constexpr const char* k_schema_v7 = R"sql(
CREATE TABLE client_users_v7 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  client_id INTEGER NOT NULL REFERENCES clients(id),
  name TEXT NOT NULL,
  email TEXT,
  email_key TEXT,
  username TEXT,
  username_key TEXT,
  role TEXT NOT NULL
    CHECK (role = 'admin' OR role = 'standard' OR role = 'submitter' OR role = 'viewer'),
  login_access INTEGER NOT NULL CHECK (login_access IN (0, 1)),
  status TEXT NOT NULL CHECK (status = 'active' OR status = 'deactivated' OR status = 'pending'),
  is_owner INTEGER NOT NULL DEFAULT 0 CHECK (is_owner IN (0, 1)),
  is_alert_recipient INTEGER NOT NULL DEFAULT 0 CHECK (is_alert_recipient IN (0, 1)),
  created_at TEXT NOT NULL,
  deactivated_at TEXT,
  name_key TEXT NOT NULL DEFAULT '',
  permissions TEXT NOT NULL DEFAULT '',
  starts_at TEXT,
  ends_at TEXT,
  username_skeleton TEXT,
  CHECK ((login_access = 1) = (username IS NOT NULL)),
  CHECK ((email IS NULL) = (email_key IS NULL)),
  CHECK ((username IS NULL) = (username_key IS NULL)),
  CHECK (is_owner = 0 OR (login_access = 1 AND status = 'active' AND ends_at IS NULL)),
  CHECK (is_alert_recipient = 0 OR (login_access = 1 AND status = 'active')),
  CHECK ((status = 'deactivated') = (deactivated_at IS NOT NULL)),
  CHECK (starts_at IS NULL OR ends_at IS NULL OR starts_at < ends_at)
);
INSERT INTO client_users_v7 (id, client_id, name, email, email_key, username, username_key, role,
  login_access, status, is_owner, is_alert_recipient, created_at, deactivated_at, name_key,
  permissions, starts_at, ends_at, username_skeleton)
SELECT id, client_id, name, email, email_key, username, username_key, role, login_access, status,
  is_owner, is_alert_recipient, created_at, deactivated_at, name_key, permissions, starts_at,
  ends_at, username_skeleton
FROM client_users;
DROP TABLE client_users;
ALTER TABLE client_users_v7 RENAME TO client_users;
CREATE INDEX users_by_client ON client_users(client_id);
CREATE INDEX users_by_email ON client_users(email_key);
CREATE UNIQUE INDEX one_owner_per_client ON client_users(client_id) WHERE is_owner = 1;
CREATE UNIQUE INDEX one_alert_recipient_per_client ON client_users(client_id)
  WHERE is_alert_recipient = 1;
CREATE UNIQUE INDEX usernames_unique ON client_users(username_key) WHERE username_key IS NOT NULL;
CREATE UNIQUE INDEX emails_unique_per_client ON client_users(client_id, email_key)
  WHERE email_key IS NOT NULL;
CREATE INDEX users_by_client_name ON client_users(client_id, name_key, id);
CREATE INDEX users_starting ON client_users(starts_at) WHERE status = 'pending';
CREATE INDEX users_ending ON client_users(ends_at)
  WHERE ends_at IS NOT NULL AND status <> 'deactivated';
CREATE UNIQUE INDEX usernames_look_unique ON client_users(username_skeleton)
  WHERE username_skeleton IS NOT NULL;
)sql";

// The skeletons of the usernames a store already holds, in id order: where two earlier users
// look alike, the later one keeps a null skeleton, so the index can be made and `check` names
// the pair (it compares every username's skeleton, stored or not).
void fill_username_skeletons(Database& db) {
  std::vector<std::pair<Id, std::string>> users;
  Statement read(db, "SELECT id, username FROM client_users WHERE username IS NOT NULL "
                     "ORDER BY id");
  while (read.step()) {
    users.emplace_back(read.integer(0), read.text(1));
  }
  Statement write(db, "UPDATE client_users SET username_skeleton = ? WHERE id = ?");
  std::unordered_set<std::string> seen;
  for (const auto& [id, username] : users) {
    std::string skeleton = confusable_skeleton(username);
    if (seen.insert(skeleton).second) {
      write.reset();
      write.bind(1, skeleton).bind(2, id).run();
    }
  }
  db.exec("CREATE UNIQUE INDEX usernames_look_unique ON client_users(username_skeleton) "
          "WHERE username_skeleton IS NOT NULL");
}

// In slices of ids, so that memory stays flat on a long trail and no statement reads rows that
// another statement is changing.
void chain_existing_events(Database& db) {
  constexpr std::int64_t k_slice = 10000;
  ChainExtender chain;
  Statement read(db, fmt::format("SELECT {} FROM audit_events a WHERE a.id > ? ORDER BY a.id "
                                 "LIMIT {}",
                                 columns::listed<k_audit_field_table, 'a'>(), k_slice));
  Statement write(db, "UPDATE audit_events SET hash = ? WHERE id = ?");
  std::vector<AuditEvent> slice;
  Id after = 0;
  do {
    slice.clear();
    read.reset();
    read.bind(1, after);
    while (read.step()) {
      slice.push_back(columns::read_row(read, k_audit_field_table));
    }
    for (AuditEvent& event : slice) {
      chain.extend(event);
      write.reset();
      write.bind(1, event.hash).bind(2, event.id).run();
      after = event.id;
    }
  } while (static_cast<std::int64_t>(slice.size()) == k_slice);
}

const char* const k_v1_scripts[] = {k_schema_v1, k_audit_guard_sql};
const char* const k_v2_scripts[] = {k_schema_v2};
const char* const k_v3_scripts[] = {k_schema_v3};
const char* const k_v4_scripts[] = {k_drop_audit_guard_sql, k_schema_v4};
const char* const k_v5_scripts[] = {k_schema_v5};
const char* const k_v6_scripts[] = {k_schema_v6};
const char* const k_v7_scripts[] = {k_schema_v7};
const Migration k_migrations[] = {
    {1, k_v1_scripts}, {2, k_v2_scripts},
    {3, k_v3_scripts}, {4, k_v4_scripts, &chain_existing_events},
    {5, k_v5_scripts}, {6, k_v6_scripts, &fill_username_skeletons},
    {7, k_v7_scripts},
};

} // namespace

std::span<const Migration> schema_migrations() {
  return k_migrations;
}

int latest_schema_version(std::span<const Migration> migrations) {
  int latest = 0;
  for (const Migration& step : migrations) {
    latest = std::max(latest, step.version);
  }
  return latest;
}

void migrate(Database& db, std::span<const Migration> migrations) {
  const auto current = static_cast<int>(db.query_int("PRAGMA user_version"));
  for (const Migration& step : migrations) {
    if (step.version <= current) {
      continue;
    }
    for (const char* script : step.scripts) {
      db.exec(script);
    }
    if (step.finish != nullptr) {
      step.finish(db);
    }
    // PRAGMA takes no bound parameters; the version is our own integer, not input.
    db.exec(fmt::format("PRAGMA user_version = {}", step.version).c_str());
  }
  db.exec(fmt::format("PRAGMA application_id = {}", k_application_id).c_str());
}

} // namespace acctctl::sqlite
