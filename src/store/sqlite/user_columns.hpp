#pragma once

#include <array>
#include <string>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

#include "acctctl/fields/user_fields.hpp"
#include "acctctl/store/change_set.hpp"
#include "acctctl/values.hpp"
#include "store/sqlite/columns.hpp"
#include "store/sqlite/sqlite_store.hpp"

// client_users as the user field table (user_fields.hpp) lays it out (sqlite_columns.hpp),
// and the UPDATE of a user's changed columns.
namespace acctctl::sqlite::user_columns {

// How many columns a SELECT of select_list() returns: a listing's next column follows them.
inline constexpr int k_read_count = static_cast<int>(k_user_field_table.size());

// A user's id comes first: a loop can tell which user a row is before reading it whole.
inline constexpr int k_id_column = 0;
static_assert(k_user_field_table[k_id_column].key == "id");

// "u.id, u.client_id, …": the columns a user is read from, for `SELECT … FROM client_users u`.
inline std::string select_list() {
  return columns::select_list(k_user_field_table, "u");
}

// Into `user`, which a listing reuses row after row (its strings keep their buffers).
inline void read_user_into(const Statement& row, ClientUser& user) {
  columns::read_into(row, 0, k_user_field_table, user);
}

inline ClientUser read_user(const Statement& row) {
  return columns::read_row(row, k_user_field_table);
}

inline std::string insert_sql() {
  return columns::insert_sql("client_users", k_user_field_table);
}

inline void bind_insert(Statement& statement, const ClientUser& user) {
  columns::bind_insert(statement, k_user_field_table, user);
}

// "name = ?, name_key = ?": the assignments of a field's columns, its derived ones too.
inline std::string assignments(const UserField& field) {
  std::string sets = fmt::format("{} = ?", field.column);
  for_each_derived_column(field, [&](std::string_view column, DeriveColumn) {
    sets += fmt::format(", {} = ?", column);
  });
  return sets;
}

// "name = ?, name_key = ?, …": the assignments of the columns of `changed` only: setting a
// column rewrites its indexes' entries even when the value stays, and a status change is
// most of a batch.
inline std::string assignments(UserFieldMask changed) {
  std::string sets;
  for (const UserField& field : k_user_field_table) {
    if ((field.mask & changed) != 0) {
      sets += fmt::format("{}{}", sets.empty() ? "" : ", ", assignments(field));
    }
  }
  return sets;
}

// Which rows an UPDATE writes: one id, or every id of a JSON array (a run of equal changes).
enum class UpdatedRows { one, json_array };

// The UPDATE of `changed`'s columns, built once per mask and kind: a batch runs the same
// few again and again.
inline const std::string& update_sql(UserFieldMask changed, UpdatedRows rows) {
  static std::array<std::array<std::string, user_field::k_all + 1>, 2> built;
  std::string& sql = built.at(static_cast<std::size_t>(rows)).at(changed);
  if (sql.empty()) {
    sql =
        fmt::format("UPDATE client_users SET {} WHERE {}", assignments(changed),
                    rows == UpdatedRows::one ? "id = ?" : "id IN (SELECT value FROM json_each(?))");
  }
  return sql;
}

// Binds the values of `changed`'s columns from `user`; returns the index of the next parameter,
// the row's id or the ids' array.
inline int bind_assignments(Statement& statement, const ClientUser& user, UserFieldMask changed) {
  int index = 1;
  for (const UserField& field : k_user_field_table) {
    if ((field.mask & changed) != 0) {
      index = columns::bind_field(statement, index, field, user);
    }
  }
  return index;
}

// Whether two updates write the same values to the same columns: one statement can do both.
inline bool same_change(const UserUpdate& a, const UserUpdate& b) {
  return a.changed == b.changed && (changed_fields(a.row, b.row) & a.changed) == 0;
}

} // namespace acctctl::sqlite::user_columns
