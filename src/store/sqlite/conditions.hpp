#pragma once

#include <variant>

#include "store/sql/conditions.hpp"
#include "store/sqlite/database.hpp"

namespace acctctl::sqlite {

// Binds the values of `conditions` (src/store/sql/) from index `first` on; returns the next
// free index.
inline int bind(Statement& statement, const sql::Conditions& conditions, int first = 1) {
  int index = first;
  for (const sql::Conditions::Value& value : conditions.values()) {
    std::visit([&](const auto& v) { statement.bind(index, v); }, value);
    ++index;
  }
  return index;
}

} // namespace acctctl::sqlite
