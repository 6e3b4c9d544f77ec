#include "store/postgres/search_path.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "acctctl/error.hpp"

namespace acctctl::postgres {

std::string first_search_path_entry(std::string_view setting) {
  std::size_t at = setting.find_first_not_of(" \t");
  if (at == std::string_view::npos) {
    return {};
  }
  std::string name;
  if (setting[at] == '"') {
    for (++at; at < setting.size(); ++at) {
      if (setting[at] == '"') {
        if (at + 1 < setting.size() && setting[at + 1] == '"') {
          name += '"'; // "" inside quotes is one "
          ++at;
          continue;
        }
        break;
      }
      name += setting[at];
    }
    return name;
  }
  for (; at < setting.size() && setting[at] != ','; ++at) {
    const char c = setting[at];
    name += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  name.erase(name.find_last_not_of(" \t") + 1);
  return name;
}

namespace {

// Whether the connection's startup options (the URL's options, else PGOPTIONS) set search_path.
bool asks_for_search_path(const ConnInfo& conninfo) {
  const char* from_environment = std::getenv("PGOPTIONS");
  const std::string options =
      conninfo.value_of("options").value_or(from_environment ? from_environment : "");
  return options.find("search_path") != std::string::npos;
}

} // namespace

StoreSchema pin_store_schema(Connection& conn, const std::optional<std::string>& configured) {
  // "client": set by the startup packet (the URL's options, PGOPTIONS); a search_path from
  // the server's defaults or ALTER ROLE is not the store's choice.
  const Result current = conn.exec("SELECT current_setting('search_path'), source, session_user "
                                   "FROM pg_catalog.pg_settings WHERE name = 'search_path'");
  std::string name = "public";
  const bool asked_for = asks_for_search_path(conn.conninfo());
  if (asked_for && current.text(0, 1) != "client") {
    throw Error(ExitCode::store_error,
                fmt::format("the store at {} names its schema in the startup options "
                            "(search_path), but the server did not get them: a pooler such as "
                            "PgBouncer drops or refuses startup options; name the schema with "
                            "ACCTCTL_PG_SCHEMA instead; nothing changed",
                            conn.shown()));
  }
  if (current.text(0, 1) == "client") {
    name = first_search_path_entry(current.text(0, 0));
    if (name == "$user") {
      name = current.text(0, 2);
    }
  } else if (configured && !configured->empty()) {
    name = *configured;
  }
  // The server quotes the name; the quoted name, the server's own, is then safe to write into
  // each transaction's SET LOCAL. Not the session's: behind a pooler in transaction pooling, a
  // session setting stays on the server connection for the next client (issue 26).
  StoreSchema schema;
  schema.name = name;
  schema.session_user = current.text(0, 2);
  schema.quoted = conn.exec("SELECT pg_catalog.quote_ident($1)", Params().add(name)).text(0, 0);
  schema.pin_sql = fmt::format("SET LOCAL search_path = {}, pg_temp", schema.quoted);
  return schema;
}

} // namespace acctctl::postgres
