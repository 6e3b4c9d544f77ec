// The forms of a store location (SPEC.md §6): a PostgreSQL URL, a SQLite path, and the
// keyword/value string refused as either; how a location may be shown.
#include "acctctl/error.hpp"
#include "acctctl/store.hpp"
#include "store/engines.hpp"

namespace acctctl {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_keyword_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// libpq takes any text with an = for keyword/value; a path may hold one too (./a=b.db), so
// only text that starts like libpq's keyword= counts.
bool is_keyword_value(std::string_view location) {
  std::size_t at = 0;
  while (at < location.size() && is_space(location[at])) {
    ++at;
  }
  const std::size_t keyword = at;
  while (at < location.size() && is_keyword_char(location[at])) {
    ++at;
  }
  if (at == keyword) {
    return false;
  }
  while (at < location.size() && is_space(location[at])) {
    ++at;
  }
  return at < location.size() && location[at] == '=';
}

} // namespace

bool is_postgres_url(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

bool names_a_server(std::string_view location) {
  return is_postgres_url(location);
}

void check_location_form(std::string_view location) {
  if (!is_postgres_url(location) && is_keyword_value(location)) {
    throw Error(ExitCode::usage,
                "the store (--db or ACCTCTL_DB) is a libpq keyword/value string (host=… "
                "password=…), not shown: use a postgresql:// URL (a SQLite file whose name "
                "starts like that: ./NAME)");
  }
}

std::string shown_location(const std::string& location) {
  return is_postgres_url(location) ? shown_postgres_url(location) : location;
}

std::optional<std::string> location_for_everyone(const std::string& location) {
  if (!is_postgres_url(location) && !is_keyword_value(location)) {
    return std::nullopt; // a SQLite path: no libpq to load
  }
  const std::string hidden(location.size(), 'x');
  try {
    if (!may_hold_password(location)) {
      return std::nullopt;
    }
    return is_postgres_url(location) ? shown_postgres_url(location) : hidden;
  } catch (const Error&) {
    return hidden; // libpq is missing, or cannot read the URL: nothing of it may show
  }
}

} // namespace acctctl
