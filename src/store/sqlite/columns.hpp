#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

#include "acctctl/fields/derived_columns.hpp"
#include "acctctl/fields/record_fields.hpp"
#include "store/sqlite/sqlite_store.hpp"

// A table of SQLite laid out as a record's field table (record_fields.hpp): each field's
// column, followed by its case-folded key column where it has one. The SELECT lists, the
// INSERTs and the binding are built from the field tables; nothing here lists fields.
namespace acctctl::sqlite::columns {

template <typename Row, std::size_t Count> using Table = std::array<RecordField<Row>, Count>;

// "s.id, s.email, …": the columns a record is read from, for `SELECT … FROM staff s`.
template <typename Row, std::size_t Count>
std::string select_list(const Table<Row, Count>& table, std::string_view alias) {
  std::string list;
  for (const RecordField<Row>& field : table) {
    list += fmt::format("{}{}.{}", list.empty() ? "" : ", ", alias, field.column);
  }
  return list;
}

// select_list(Table, "a") for the alias `Alias`, made once.
template <const auto& Table, char Alias> const std::string& listed() {
  static constexpr std::array<char, 2> k_alias = {Alias, '\0'};
  static const std::string list = select_list(Table, k_alias.data());
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
  case FieldKind::optional_id:
    if (row.is_null(index)) {
      return {};
    }
    return row.integer(index);
  case FieldKind::optional_text: {
    const auto text = row.optional_text_view(index);
    return text ? FieldValue(*text) : FieldValue();
  }
  case FieldKind::text:
  case FieldKind::choice:
  case FieldKind::object:
    break;
  }
  return row.text_view(index);
}

// Into `into` from column `at` on; a listing reuses one row, whose strings keep their buffers.
// The schema's CHECK constraints keep out what would not fit.
template <typename Row, std::size_t Count>
void read_into(const Statement& row, int at, const Table<Row, Count>& table, Row& into) {
  for (const RecordField<Row>& field : table) {
    field.set(into, column_value(row, at, field.kind));
    ++at;
  }
}

template <typename Row, std::size_t Count>
Row read_row(const Statement& row, const Table<Row, Count>& table, int at = 0) {
  Row into;
  read_into(row, at, table, into);
  return into;
}

// `value` borrows from a row that lives until the statement has run.
inline void bind_value(Statement& statement, int index, const FieldValue& value) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          statement.bind_null(index);
        } else if constexpr (std::is_same_v<T, PermissionSet>) {
          statement.bind_borrowed(index, permission_list_text(v)); // a text that lives for good
        } else if constexpr (std::is_same_v<T, std::string_view>) {
          statement.bind_borrowed(index, v); // the row's own text: it outlives the statement's run
        } else {
          statement.bind(index, v);
        }
      },
      value);
}

// A field's column and its derived columns, bound from `index` on; returns the next index.
template <typename Row>
int bind_field(Statement& statement, int index, const RecordField<Row>& field, const Row& row) {
  const FieldValue value = field.get(row);
  bind_value(statement, index++, value);
  for_each_derived_column(field, [&](std::string_view, DeriveColumn derive) {
    statement.bind(index++, derived_value(derive, value));
  });
  return index;
}

// "INSERT INTO practices (id, name, name_key, created_at) VALUES (?, ?, ?, ?)".
template <typename Row, std::size_t Count>
std::string insert_sql(std::string_view into, const Table<Row, Count>& table) {
  std::string names;
  std::string values;
  const auto add = [&](std::string_view name, auto&&...) {
    names += fmt::format("{}{}", names.empty() ? "" : ", ", name);
    values += values.empty() ? "?" : ", ?";
  };
  for (const RecordField<Row>& field : table) {
    add(field.column);
    for_each_derived_column(field, add);
  }
  return fmt::format("INSERT INTO {} ({}) VALUES ({})", into, names, values);
}

template <typename Row, std::size_t Count>
void bind_insert(Statement& statement, const Table<Row, Count>& table, const Row& row) {
  int index = 1;
  for (const RecordField<Row>& field : table) {
    index = bind_field(statement, index, field, row);
  }
}

} // namespace acctctl::sqlite::columns
