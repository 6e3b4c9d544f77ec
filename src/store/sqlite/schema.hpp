#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "store/sqlite/database.hpp"

namespace acctctl::sqlite {

// "ACCT": marks a file as an acctctl store (PRAGMA application_id), so that any other SQLite
// file is refused instead of being read as an empty store.
inline constexpr std::int32_t k_application_id = 0x41434354;

// One step of the schema: the SQL scripts that take a store from `version - 1` to `version`,
// then what SQL alone cannot do (computing the audit chains), if anything.
struct Migration {
  int version;
  std::span<const char* const> scripts;
  void (*finish)(Database& db) = nullptr;
};

std::span<const Migration> schema_migrations();
int latest_schema_version(std::span<const Migration> migrations);

// Runs, inside the caller's write transaction, every step above the store's user_version in
// order and stamps application_id and user_version.
void migrate(Database& db, std::span<const Migration> migrations);

// The append-only guard on audit events (R13). `import` lifts it to replace the whole store;
// init makes it again where it is missing.
extern const char* const k_audit_guard_sql;
// Every trigger of a store, by name: what check() expects to find.
inline constexpr std::string_view k_trigger_names[] = {"audit_events_are_not_deleted",
                                                       "audit_events_are_not_edited"};
extern const char* const k_drop_audit_guard_sql;

} // namespace acctctl::sqlite
