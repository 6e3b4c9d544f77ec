#pragma once

#include <optional>
#include <string>

#include "acctctl/store.hpp"
#include "store/postgres/connection.hpp"

namespace acctctl::postgres {

inline constexpr int k_schema_version = 3;

// What the connection's schema (the first of search_path) holds.
struct SchemaState {
  bool has_meta = false;      // acctctl_meta exists
  bool has_tables = false;    // any table at all
  std::optional<int> version; // acctctl_meta's, when it is acctctl's
};

SchemaState read_schema_state(Connection& conn);
// Exit 1 for somebody else's tables, a newer schema, an older one outside init, and (outside
// init) an empty schema: "no store at URL: run `acctctl init`".
void check_schema_state(const SchemaState& state, const std::string& shown, OpenPurpose purpose);
// Creates or upgrades the tables inside the caller's transaction, from `from` (none: empty).
void migrate(Connection& conn, std::optional<int> from);

} // namespace acctctl::postgres
