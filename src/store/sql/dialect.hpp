#pragma once

#include <string_view>

namespace acctctl::sql {

// What the engines spell differently in the SQL they otherwise share (src/store/sql/).
struct Dialect {
  // The placeholder's mark: SQLite's `?` (a value's number is its position) or PostgreSQL's
  // `$` (each carries its number: $1, $2). Both read `?2` / `$2` as "the second value".
  char placeholder;
  bool numbers_placeholders;
  std::string_view position_of; // (text, needle): 1-based, 0 when absent; never a pattern
  std::string_view true_literal;
  std::string_view false_literal;
  std::string_view nulls_first; // after an ascending sort key: NULL before every value
};

// SQLite keeps 1 and 0: its partial indexes are written with them, and a query must say the
// same to use them. It sorts NULL first already; PostgreSQL sorts it last unless told.
inline constexpr Dialect k_sqlite{'?', false, "instr", "1", "0", ""};
inline constexpr Dialect k_postgres{'$', true, "strpos", "true", "false", " NULLS FIRST"};

} // namespace acctctl::sql
