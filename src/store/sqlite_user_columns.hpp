#pragma once

#include <array>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "acctctl/change_set.hpp"
#include "acctctl/values.hpp"
#include "sqlite_store.hpp"

// The columns of client_users, each next to how a user is bound into it and read back from
// it. The SELECT list, the INSERT and the UPDATE are built from this one table, so a new
// column is one line here, not a count and three positional lists to keep in step.
namespace acctctl::sqlite::user_columns {

struct Column {
  std::string_view name;
  UserFieldMask field; // the field an UPDATE changes it with; 0: never (id, client_id…)
  void (*bind)(Statement& statement, int index, const ClientUser& user);
  void (*read)(const Statement& row, int index, ClientUser& user); // null: the fold keys
};

// clang-format off
inline constexpr std::array<Column, 16> k_columns{{
    {"id", 0,
     [](Statement& s, int i, const ClientUser& u) { s.bind(i, id_or_null(u.id)); },
     [](const Statement& r, int i, ClientUser& u) { u.id = r.integer(i); }},
    {"client_id", 0,
     [](Statement& s, int i, const ClientUser& u) { s.bind(i, u.client_id); },
     [](const Statement& r, int i, ClientUser& u) { u.client_id = r.integer(i); }},
    {"created_at", 0,
     [](Statement& s, int i, const ClientUser& u) { s.bind(i, u.created_at); },
     [](const Statement& r, int i, ClientUser& u) { r.assign_text(i, u.created_at); }},
    {"name", user_field::name,
     [](Statement& s, int i, const ClientUser& u) { s.bind(i, u.name); },
     [](const Statement& r, int i, ClientUser& u) { r.assign_text(i, u.name); }},
    {"name_key", user_field::name,
     [](Statement& s, int i, const ClientUser& u) { s.bind(i, fold_key(u.name)); }, nullptr},
    {"email", user_field::email,
     [](Statement& s, int i, const ClientUser& u) { s.bind(i, u.email); },
     [](const Statement& r, int i, ClientUser& u) { r.assign_optional_text(i, u.email); }},
    {"email_key", user_field::email,
     [](Statement& s, int i, const ClientUser& u) { s.bind(i, folded(u.email)); }, nullptr},
    {"username", user_field::username,
     [](Statement& s, int i, const ClientUser& u) { s.bind(i, u.username); },
     [](const Statement& r, int i, ClientUser& u) { r.assign_optional_text(i, u.username); }},
    {"username_key", user_field::username,
     [](Statement& s, int i, const ClientUser& u) { s.bind(i, folded(u.username)); }, nullptr},
    {"role", user_field::role,
     [](Statement& s, int i, const ClientUser& u) { s.bind(i, to_string(u.role)); },
     [](const Statement& r, int i, ClientUser& u) {
       u.role = parse_role(r.text_view(i)).value_or(Role::standard);
     }},
    {"login_access", user_field::login_access,
     [](Statement& s, int i, const ClientUser& u) { s.bind(i, u.login_access); },
     [](const Statement& r, int i, ClientUser& u) { u.login_access = r.boolean(i); }},
    {"status", user_field::status,
     [](Statement& s, int i, const ClientUser& u) { s.bind(i, to_string(u.status)); },
     [](const Statement& r, int i, ClientUser& u) {
       u.status = parse_user_status(r.text_view(i)).value_or(UserStatus::active);
     }},
    {"is_owner", user_field::owner,
     [](Statement& s, int i, const ClientUser& u) { s.bind(i, u.is_owner); },
     [](const Statement& r, int i, ClientUser& u) { u.is_owner = r.boolean(i); }},
    {"is_alert_recipient", user_field::alert_recipient,
     [](Statement& s, int i, const ClientUser& u) { s.bind(i, u.is_alert_recipient); },
     [](const Statement& r, int i, ClientUser& u) { u.is_alert_recipient = r.boolean(i); }},
    {"deactivated_at", user_field::status,
     [](Statement& s, int i, const ClientUser& u) { s.bind(i, u.deactivated_at); },
     [](const Statement& r, int i, ClientUser& u) { r.assign_optional_text(i, u.deactivated_at); }},
    {"permissions", user_field::permissions,
     [](Statement& s, int i, const ClientUser& u) {
       s.bind(i, permission_list_text(u.permissions));
     },
     [](const Statement& r, int i, ClientUser& u) {
       u.permissions = parse_permission_names(r.text_view(i));
     }},
}};
// clang-format on

// How many columns a SELECT of select_list() returns: a listing's next column follows them.
// (Not constexpr: UBSan builds do not take a function pointer's comparison as a constant.)
inline const int k_read_count = [] {
  int count = 0;
  for (const Column& column : k_columns) {
    count += column.read != nullptr ? 1 : 0;
  }
  return count;
}();

// "u.id, u.client_id, …": the columns a user is read from, for `SELECT … FROM client_users u`.
inline std::string select_list() {
  std::string list;
  for (const Column& column : k_columns) {
    if (column.read != nullptr) {
      list += fmt::format("{}u.{}", list.empty() ? "" : ", ", column.name);
    }
  }
  return list;
}

// Into `user`, which a listing reuses row after row (its strings keep their buffers).
inline void read_user_into(const Statement& row, ClientUser& user) {
  int index = 0;
  for (const Column& column : k_columns) {
    if (column.read != nullptr) {
      column.read(row, index++, user);
    }
  }
}

inline ClientUser read_user(const Statement& row) {
  ClientUser user;
  read_user_into(row, user);
  return user;
}

inline std::string insert_sql() {
  std::string names;
  std::string values;
  for (const Column& column : k_columns) {
    names += fmt::format("{}{}", names.empty() ? "" : ", ", column.name);
    values += values.empty() ? "?" : ", ?";
  }
  return fmt::format("INSERT INTO client_users ({}) VALUES ({})", names, values);
}

inline void bind_insert(Statement& statement, const ClientUser& user) {
  int index = 1;
  for (const Column& column : k_columns) {
    column.bind(statement, index++, user);
  }
}

// The UPDATE of the columns of `changed` only: setting a column rewrites its indexes' entries
// even when the value stays, and a status change is most of a batch.
inline std::string update_sql(UserFieldMask changed) {
  std::string sets;
  for (const Column& column : k_columns) {
    if ((column.field & changed) != 0) {
      sets += fmt::format("{}{} = ?", sets.empty() ? "" : ", ", column.name);
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
  for (const Column& column : k_columns) {
    if ((column.field & changed) != 0) {
      column.bind(statement, index++, user);
    }
  }
  statement.bind(index, user.id);
}

} // namespace acctctl::sqlite::user_columns
