#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "acctctl/store.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/search_path.hpp"

namespace acctctl::postgres {

// 5: audit ids through acctctl_audit_ids(), which `audit follow` relies on (access_control.cpp);
// no table changed, but a binary that writes without it would hide its events from followers.
// 8 and 9 likewise: acctctl_batch_committed, which tells a lost COMMIT's outcome, by a batch and
// then by one of its events.
inline constexpr int k_schema_version = 9;
// Every trigger of a store, by name (schema.cpp's guards): what check() expects to find.
inline constexpr std::string_view k_trigger_names[] = {
    "audit_events_are_chained", "audit_events_are_not_edited", "audit_events_are_not_truncated",
    "client_users_keep_owners_and_document_owners", "client_users_keys_follow_values"};

// What the store's schema (search_path.hpp) holds.
struct SchemaState {
  bool has_meta = false;      // acctctl_meta exists
  bool has_tables = false;    // any table at all
  std::optional<int> version; // acctctl_meta's, when it is acctctl's
  std::string name;           // the schema
  std::string table_owners;   // the roles that own its tables, "a, b"
  int table_owner_count = 0;
  // SPEC §6.3: the session is administrative if it owns the tables or is a superuser (an
  // empty schema: whoever makes the store will own it).
  bool administrative = false;
  std::string encoding;       // the database's: init refuses all but UTF8
  bool schema_exists = false; // init creates tables, not the schema
};

SchemaState read_schema_state(Connection& conn, const StoreSchema& schema);
// Exit 1 for somebody else's tables, tables that several roles own (not one store that one
// role made: a shadow of it, perhaps), a newer schema, an older one outside init, and (outside
// init) an empty schema: "no store at URL: run `acctctl init`".
void check_schema_state(const SchemaState& state, const std::string& shown, OpenPurpose purpose);
// Creates or upgrades the tables inside the caller's transaction, from `from` (none: empty).
void migrate(Connection& conn, std::optional<int> from);

} // namespace acctctl::postgres
