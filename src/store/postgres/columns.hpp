#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "acctctl/fields/derived_columns.hpp"
#include "acctctl/fields/record_fields.hpp"
#include "acctctl/values.hpp"
#include "store/postgres/connection.hpp"

// A PostgreSQL table laid out as a record's field table (record_fields.hpp): each field's
// column, followed by its case-folded key column where it has one. Select lists, one-row
// INSERTs, the arrays of a set-based INSERT and reading rows are built from the field tables.
// A user's permissions live in their own table and are read back as one "a,b" list.
namespace acctctl::postgres::columns {

template <typename Row, std::size_t Count> using Table = std::array<RecordField<Row>, Count>;

// "s"."email": quoted, since "user" is a keyword.
inline std::string column_of(std::string_view alias, std::string_view name) {
  return fmt::format("{}.\"{}\"", alias, name);
}

template <typename Row, std::size_t Count>
std::string select_list(const Table<Row, Count>& table, std::string_view alias) {
  std::string list;
  for (const RecordField<Row>& field : table) {
    const std::string column =
        field.kind == FieldKind::permissions
            ? fmt::format("(SELECT string_agg(permission, ',') FROM user_permissions p "
                          "WHERE p.user_id = {}.id)",
                          alias)
            : column_of(alias, field.column);
    list += fmt::format("{}{}", list.empty() ? "" : ", ", column);
  }
  return list;
}

// select_list(Table, "a") for the alias `Alias`, made once.
template <const auto& Table, char Alias> const std::string& listed() {
  static constexpr std::array<char, 2> k_alias = {Alias, '\0'};
  static const std::string list = select_list(Table, k_alias.data());
  return list;
}

inline FieldValue column_value(const Result& r, int row, int column, FieldKind kind) {
  if (kind == FieldKind::permissions) {
    return parse_permission_names(r.is_null(row, column) ? "" : r.text_view(row, column));
  }
  if (r.is_null(row, column)) {
    return {};
  }
  switch (kind) {
  case FieldKind::id:
  case FieldKind::optional_id:
    return r.integer(row, column);
  case FieldKind::flag:
    return r.boolean(row, column);
  default:
    return r.text_view(row, column);
  }
}

// Row `row` of `r`, from column `at` on.
template <typename Row, std::size_t Count>
Row read_row(const Result& r, int row, const Table<Row, Count>& table, int at = 0) {
  Row into;
  for (const RecordField<Row>& field : table) {
    field.set(into, column_value(r, row, at++, field.kind));
  }
  return into;
}

template <typename Add> void add_value(const FieldValue& value, Add add) {
  std::visit(
      [&](const auto& v) {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, PermissionSet>) {
          add(permission_list_text(v));
        } else if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::monostate>) {
          add(std::optional<std::string>());
        } else {
          add(v);
        }
      },
      value);
}

// INSERT … VALUES of one row, RETURNING its id; an id of 0 takes the table's sequence.
template <typename Row, std::size_t Count>
Id insert_one(Connection& conn, std::string_view into, const Table<Row, Count>& table,
              const Row& row) {
  Params params;
  std::string names;
  std::string values;
  const auto column = [&](std::string_view name, std::string value) {
    names += fmt::format("{}\"{}\"", names.empty() ? "" : ", ", name);
    values += fmt::format("{}{}", values.empty() ? "" : ", ", value);
  };
  for (const RecordField<Row>& field : table) {
    const FieldValue value = field.get(row);
    if (field.kind == FieldKind::id && std::holds_alternative<std::monostate>(value)) {
      // The owner's sequence, through its function: no privilege on it needed (issue 26).
      column(field.column, fmt::format("(SELECT acctctl_new_ids('{}', 1))", into));
      continue;
    }
    column(field.column, params.next());
    add_value(value, [&](const auto& v) { params.add(v); });
    for_each_derived_column(field, [&](std::string_view name, DeriveColumn derive) {
      column(name, params.next());
      params.add(derived_value(derive, value));
    });
  }
  if (std::holds_alternative<std::monostate>(table[0].get(row))) {
    return conn
        .exec(fmt::format("INSERT INTO {} ({}) VALUES ({}) RETURNING id", into, names, values),
              params)
        .integer(0, 0);
  }
  // A row with its id needs no RETURNING, which row-level security would check against what
  // the session may read (a member's new client, before its grant: SPEC §6.3).
  conn.exec(fmt::format("INSERT INTO {} ({}) VALUES ({})", into, names, values), params);
  return std::get<std::int64_t>(table[0].get(row));
}

// One array of values per column (the key columns included), for a set-based INSERT or
// UPDATE through unnest().
template <typename Row, std::size_t Count> class ColumnArrays {
public:
  explicit ColumnArrays(const Table<Row, Count>& table) : m_table(table) {
    for (const RecordField<Row>& field : table) {
      const std::string_view type =
          field.kind == FieldKind::id || field.kind == FieldKind::optional_id ? "bigint[]"
          : field.kind == FieldKind::flag                                     ? "boolean[]"
                                                                              : "text[]";
      m_columns.emplace_back(field.column, type);
      for_each_derived_column(field, [&](std::string_view name, DeriveColumn) {
        m_columns.emplace_back(name, "text[]");
      });
    }
    m_arrays.resize(m_columns.size());
  }

  void add(const Row& row) {
    std::size_t next = 0;
    for (const RecordField<Row>& field : m_table) {
      const FieldValue value = field.get(row);
      ArrayLiteral& array = m_arrays.at(next++);
      add_value(value, [&](const auto& v) { array.add(v); });
      for_each_derived_column(field, [&](std::string_view, DeriveColumn derive) {
        m_arrays.at(next++).add(derived_value(derive, value));
      });
    }
  }

  Params params() const {
    Params p;
    for (const ArrayLiteral& array : m_arrays) {
      p.add(array.text());
    }
    return p;
  }

  // "unnest($1::bigint[], …) WITH ORDINALITY AS v("id", …, n)": the arrays as rows, n their
  // position.
  std::string unnest() const {
    std::string arrays;
    std::string names;
    int number = 1;
    for (const auto& [name, type] : m_columns) {
      arrays += fmt::format("{}${}::{}", arrays.empty() ? "" : ", ", number++, type);
      names += fmt::format("\"{}\", ", name);
    }
    return fmt::format("unnest({}) WITH ORDINALITY AS v({}n)", arrays, names);
  }

private:
  const Table<Row, Count>& m_table;
  std::vector<std::pair<std::string_view, std::string_view>> m_columns;
  std::vector<ArrayLiteral> m_arrays;
};

// The quoted columns of the table itself (a user's permissions have their own table), each as
// `format` makes it from the name ("{0}" or "{0} = v.{0}"), joined by ", ". `changeable_only`
// keeps those an update writes; `with_id` keeps the id.
template <typename Row, std::size_t Count>
std::string table_columns(const Table<Row, Count>& table, std::string_view format,
                          bool changeable_only, bool with_id = true) {
  std::string list;
  for (const RecordField<Row>& field : table) {
    if (field.kind == FieldKind::permissions || (changeable_only && field.mask == 0) ||
        (!with_id && field.key == "id")) {
      continue;
    }
    const auto add = [&](std::string_view name, auto&&...) {
      const std::string quoted = fmt::format("\"{}\"", name);
      list +=
          fmt::format("{}{}", list.empty() ? "" : ", ", fmt::format(fmt::runtime(format), quoted));
    };
    add(field.column);
    for_each_derived_column(field, add);
  }
  return list;
}

} // namespace acctctl::postgres::columns
