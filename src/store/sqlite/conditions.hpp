#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "acctctl/rules.hpp"
#include "store/sqlite/database.hpp"

namespace acctctl::sqlite {

// A WHERE clause assembled from fixed SQL fragments with `?` placeholders; values are only
// ever bound, never spliced into the text.
class Conditions {
public:
  using Value = std::variant<std::int64_t, std::string>;

  // `clause` has one `?` for each of `values`, in order.
  template <typename... Values> void add(std::string clause, Values&&... values) {
    m_clauses.push_back(std::move(clause));
    (m_values.emplace_back(std::forward<Values>(values)), ...);
  }

  // R1 as a filter: the rows of client accounts that `scope` reaches.
  void add_scope(const ClientScope& scope, std::string_view practice_column,
                 std::string_view client_column);

  std::string where() const;
  // Binds the values from index `first` on; returns the next free index.
  int bind(Statement& statement, int first = 1) const;

private:
  std::vector<std::string> m_clauses;
  std::vector<Value> m_values;
};

} // namespace acctctl::sqlite
