#include "conditions.hpp"

#include <fmt/format.h>

namespace acctctl::sqlite {

void Conditions::add_scope(const ClientScope& scope, std::string_view practice_column,
                           std::string_view client_column) {
  switch (scope.kind) {
  case ClientScope::Kind::everything:
    return;
  case ClientScope::Kind::practice:
    add(fmt::format("{} = ?", practice_column), scope.practice_id);
    return;
  case ClientScope::Kind::granted:
    add(fmt::format("{} IN (SELECT client_id FROM access_grants WHERE staff_id = ?)",
                    client_column),
        scope.staff_id);
    return;
  }
}

std::string Conditions::where() const {
  if (m_clauses.empty()) {
    return {};
  }
  return fmt::format(" WHERE {}", fmt::join(m_clauses, " AND "));
}

int Conditions::bind(Statement& statement, int first) const {
  int index = first;
  for (const Value& value : m_values) {
    std::visit([&](const auto& v) { statement.bind(index, v); }, value);
    ++index;
  }
  return index;
}

} // namespace acctctl::sqlite
