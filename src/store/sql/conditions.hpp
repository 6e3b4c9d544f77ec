#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "acctctl/rules.hpp"
#include "store/sql/dialect.hpp"

namespace acctctl::sql {

// A WHERE clause assembled from fixed SQL fragments, each `?` written as the engine's
// placeholder; values are only ever bound, never spliced into the text.
class Conditions {
public:
  using Value = std::variant<std::int64_t, bool, std::string>;

  explicit Conditions(const Dialect& dialect) : m_dialect(&dialect) {}

  // `clause` has one `?` for each of `values`, in order.
  template <typename... Values> void add(std::string_view clause, Values&&... values) {
    std::string text;
    std::size_t next = 0;
    ((text += placeholder(clause, next), m_values.emplace_back(std::forward<Values>(values))), ...);
    text += clause.substr(next);
    m_clauses.push_back(std::move(text));
  }

  // R1 as a filter: the rows of client accounts that `scope` reaches.
  void add_scope(const ClientScope& scope, std::string_view practice_column,
                 std::string_view client_column);

  // " WHERE a AND b", or nothing when there is no condition.
  std::string where() const;
  // The placeholder of a value bound after the conditions' own (a LIMIT).
  std::string next_placeholder() const;
  // What the placeholders stand for, in their order.
  const std::vector<Value>& values() const { return m_values; }

private:
  // The text of `clause` up to its next `?`, then that value's placeholder.
  std::string placeholder(std::string_view clause, std::size_t& next) const;

  const Dialect* m_dialect;
  std::vector<std::string> m_clauses;
  std::vector<Value> m_values;
};

} // namespace acctctl::sql
