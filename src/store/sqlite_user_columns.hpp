#pragma once

#include <array>
#include <string>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

#include "acctctl/change_set.hpp"
#include "acctctl/user_fields.hpp"
#include "acctctl/values.hpp"
#include "sqlite_store.hpp"

// client_users as the user field table (user_fields.hpp) lays it out: each field's column,
// followed by its case-folded key column where it has one. The SELECT list, the INSERT and
// the UPDATE are built from that table; nothing here lists the fields again.
namespace acctctl::sqlite::user_columns {

// How many columns a SELECT of select_list() returns: a listing's next column follows them.
inline constexpr int k_read_count = static_cast<int>(k_user_field_table.size());

// "u.id, u.client_id, …": the columns a user is read from, for `SELECT … FROM client_users u`.
inline std::string select_list() {
  std::string list;
  for (const UserField& field : k_user_field_table) {
    list += fmt::format("{}u.{}", list.empty() ? "" : ", ", field.column);
  }
  return list;
}

inline FieldValue column_value(const Statement& row, int index, FieldKind kind) {
  switch (kind) {
  case FieldKind::id:
    return row.integer(index);
  case FieldKind::flag:
    return row.boolean(index);
  case FieldKind::permissions:
    return parse_permission_names(row.text_view(index));
  case FieldKind::optional_text:
    if (row.is_null(index)) {
      return {};
    }
    break;
  case FieldKind::text:
  case FieldKind::choice:
    break;
  }
  return row.text_view(index);
}

// Into `user`, which a listing reuses row after row (its strings keep their buffers). The
// schema's CHECK constraints keep out what would not fit.
inline void read_user_into(const Statement& row, ClientUser& user) {
  int index = 0;
  for (const UserField& field : k_user_field_table) {
    field.set(user, column_value(row, index, field.kind));
    ++index;
  }
}

inline ClientUser read_user(const Statement& row) {
  ClientUser user;
  read_user_into(row, user);
  return user;
}

inline void bind_value(Statement& statement, int index, const FieldValue& value) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          statement.bind_null(index);
        } else if constexpr (std::is_same_v<T, PermissionSet>) {
          statement.bind(index, permission_list_text(v));
        } else {
          statement.bind(index, v);
        }
      },
      value);
}

// A field's column and its key column, bound from index `index` on; returns the next index.
inline int bind_field(Statement& statement, int index, const UserField& field,
                      const ClientUser& user) {
  const FieldValue value = field.get(user);
  bind_value(statement, index++, value);
  if (!field.key_column.empty()) {
    const auto* text = std::get_if<std::string_view>(&value);
    statement.bind(index++, text != nullptr ? std::optional(fold_key(*text)) : std::nullopt);
  }
  return index;
}

// "name = ?, name_key = ?": the assignments of a field's columns.
inline std::string assignments(const UserField& field) {
  return field.key_column.empty() ? fmt::format("{} = ?", field.column)
                                  : fmt::format("{} = ?, {} = ?", field.column, field.key_column);
}

inline std::string insert_sql() {
  std::string names;
  std::string values;
  for (const UserField& field : k_user_field_table) {
    const int count = field.key_column.empty() ? 1 : 2;
    for (int i = 0; i < count; ++i) {
      names +=
          fmt::format("{}{}", names.empty() ? "" : ", ", i == 0 ? field.column : field.key_column);
      values += values.empty() ? "?" : ", ?";
    }
  }
  return fmt::format("INSERT INTO client_users ({}) VALUES ({})", names, values);
}

inline void bind_insert(Statement& statement, const ClientUser& user) {
  int index = 1;
  for (const UserField& field : k_user_field_table) {
    index = bind_field(statement, index, field, user);
  }
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
      index = bind_field(statement, index, field, user);
    }
  }
  statement.bind(index, user.id);
}

} // namespace acctctl::sqlite::user_columns
