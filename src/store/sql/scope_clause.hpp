#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "acctctl/rules.hpp"

namespace acctctl {

// R1 as SQL, for every engine: the clause (one `?`) that keeps the rows of the client
// accounts `scope` reaches, and the id it binds; none when the scope is everything.
// A grant that reaches its client now: its `until`, if any, has not come (SPEC §3.2), before
// `due` deletes it. acctctl_now() is each engine's own.
inline constexpr std::string_view k_grant_in_force = "(until IS NULL OR until > acctctl_now())";

struct ScopeClause {
  std::string clause;
  Id value = 0;
};

inline std::optional<ScopeClause> scope_clause(const ClientScope& scope,
                                               std::string_view practice_column,
                                               std::string_view client_column) {
  switch (scope.kind) {
  case ClientScope::Kind::everything:
    break;
  case ClientScope::Kind::practice:
    return ScopeClause{fmt::format("{} = ?", practice_column), scope.practice_id};
  case ClientScope::Kind::granted:
    return ScopeClause{fmt::format("{} IN (SELECT client_id FROM access_grants WHERE staff_id = ? "
                                   "AND {})",
                                   client_column, k_grant_in_force),
                       scope.staff_id};
  }
  return std::nullopt;
}

} // namespace acctctl
