#include "store/sql/conditions.hpp"

#include <fmt/format.h>

#include "store/sql/scope_clause.hpp"

namespace acctctl::sql {

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

std::string Conditions::next_placeholder() const {
  if (!m_dialect->numbers_placeholders) {
    return std::string(1, m_dialect->placeholder);
  }
  return fmt::format("{}{}", m_dialect->placeholder, m_values.size() + 1);
}

std::string Conditions::placeholder(std::string_view clause, std::size_t& next) const {
  const auto mark = clause.find('?', next);
  std::string text(clause.substr(next, mark - next));
  text += next_placeholder();
  next = mark + 1;
  return text;
}

} // namespace acctctl::sql
