#pragma once

#include <array>
#include <string>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

#include "acctctl/change_set.hpp"
#include "acctctl/user_fields.hpp"
#include "acctctl/values.hpp"
#include "sqlite_columns.hpp"
#include "sqlite_store.hpp"

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

// "name = ?, name_key = ?": the assignments of a field's columns.
inline std::string assignments(const UserField& field) {
  return field.key_column.empty() ? fmt::format("{} = ?", field.column)
                                  : fmt::format("{} = ?, {} = ?", field.column, field.key_column);
}

// The UPDATE of the columns of `changed` only: setting a column rewrites its indexes' entries
// even when the value stays, and a status change is most of a batch.
inline std::string update_sql(UserFieldMask changed) {
  std::string sets;
  for (const UserField& field : k_user_field_table) {
    if ((field.mask & changed) != 0) {
      sets += fmt::format("{}{}", sets.empty() ? "" : ", ", assignments(field));
    }
  }
  return fmt::format("UPDATE client_users SET {} WHERE id = ?", sets);
}

// update_sql(changed), built once per mask: a batch runs the same few again and again.
inline const std::string& cached_update_sql(UserFieldMask changed) {
  static std::array<std::string, user_field::all + 1> built;
  std::string& sql = built.at(changed);
  if (sql.empty()) {
    sql = update_sql(changed);
  }
  return sql;
}

inline void bind_update(Statement& statement, const ClientUser& user, UserFieldMask changed) {
  int index = 1;
  for (const UserField& field : k_user_field_table) {
    if ((field.mask & changed) != 0) {
      index = columns::bind_field(statement, index, field, user);
    }
  }
  statement.bind(index, user.id);
}

} // namespace acctctl::sqlite::user_columns
