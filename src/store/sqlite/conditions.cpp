#include "store/sqlite/conditions.hpp"

#include "store/sql/scope_clause.hpp"

#include <fmt/format.h>

namespace acctctl::sqlite {

void Conditions::add_scope(const ClientScope& scope, std::string_view practice_column,
                           std::string_view client_column) {
  if (const auto clause = scope_clause(scope, practice_column, client_column)) {
    add(clause->clause, clause->value);
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
