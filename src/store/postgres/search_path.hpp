#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/postgres/connection.hpp"

// The one schema a PostgreSQL store lives in (SPEC §6.2): the first entry of a search_path
// the connection was started with (the URL's ?options=-csearch_path%3DNAME, or PGOPTIONS),
// else ACCTCTL_PG_SCHEMA, else public. Resolved once and pinned in every transaction, so that
// a schema named after the login — first in the server's default `"$user", public` — which
// any role with CREATE on the database could make for another, is never used by accident.
namespace acctctl::postgres {

struct StoreSchema {
  std::string name;         // as the catalog spells it
  std::string quoted;       // as SQL names it: "My Schema"
  std::string pin_sql;      // SET LOCAL search_path = "name", pg_temp
  std::string session_user; // who connected, read with the setting (SPEC §6.3's connected_as)
};

// The store's schema, which each transaction pins with pin_sql (the session's search_path is
// left as it is); `configured` is ACCTCTL_PG_SCHEMA's value.
StoreSchema pin_store_schema(Connection& conn, const std::optional<std::string>& configured);

// The first entry of a search_path setting as an identifier: `"My Schema", public` gives
// My Schema, `Accts, public` gives accts (unquoted names fold to lower case), "" gives "".
std::string first_search_path_entry(std::string_view setting);

} // namespace acctctl::postgres
