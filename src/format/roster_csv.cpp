// users add --csv: the columns of SPEC.md §3, one NewUser per row, every value checked.
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/fields/user_fields.hpp"
#include "acctctl/format/csv.hpp"
#include "acctctl/format/roster_csv.hpp"
#include "acctctl/user_change.hpp"
#include "acctctl/utf8.hpp"
#include "acctctl/values.hpp"
#include "acctctl/when.hpp"

namespace acctctl {
namespace {

// The columns of a users CSV: the user fields the table puts in the roster, in table order.
constexpr std::size_t k_column_count =
    std::count_if(k_user_field_table.begin(), k_user_field_table.end(),
                  [](const UserField& field) { return !field.roster_column.empty(); });

constexpr std::array<const UserField*, k_column_count> k_columns = [] {
  std::array<const UserField*, k_column_count> columns{};
  std::size_t next = 0;
  for (const UserField& field : k_user_field_table) {
    if (!field.roster_column.empty()) {
      columns.at(next++) = &field;
    }
  }
  return columns;
}();

std::vector<std::string_view> column_names() {
  std::vector<std::string_view> names;
  names.reserve(k_columns.size());
  for (const UserField* field : k_columns) {
    names.push_back(field->roster_column);
  }
  return names;
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  return text;
}

PermissionSet parse_permission_list(std::string_view list, std::size_t line) {
  PermissionSet permissions;
  while (!list.empty()) {
    const auto separator = list.find(';');
    const std::string_view name = trim_spaces(list.substr(0, separator));
    const auto permission = parse_permission(name);
    if (!permission) {
      throw Error(ExitCode::usage,
                  fmt::format("line {}: unknown permission {} (known: {})", line, in_quotes(name),
                              fmt::join(permission_names(), ", ")));
    }
    permissions.insert(*permission);
    list = separator == std::string_view::npos ? std::string_view{} : list.substr(separator + 1);
  }
  return permissions;
}

// Runs a value check with the line number in front of its complaint.
template <typename Check> auto at_line(std::size_t line, Check check) {
  try {
    return check();
  } catch (const Error& error) {
    throw Error(error.code(), fmt::format("line {}: {}", line, error.what()));
  }
}

// The start and end columns hold a WHEN (SPEC §3.2), not the stored UTC text alone.
std::optional<WhenEdge> when_edge_of(const UserField& field) {
  if (field.key == "starts_at") {
    return WhenEdge::start;
  }
  if (field.key == "ends_at") {
    return WhenEdge::end;
  }
  return std::nullopt;
}

// One cell into its field of `user`, as the field's kind reads it and checked by its value
// rule. False for an empty cell of an optional field: the row does not give it.
bool read_cell(const UserField& field, std::string_view cell, std::size_t line,
               std::string_view now, ClientUser& user) {
  if (const std::optional<WhenEdge> edge = when_edge_of(field)) {
    if (cell.empty()) {
      return false;
    }
    const std::string what = fmt::format("the {}", field.roster_column);
    field.set(user,
              std::string_view(at_line(line, [&] { return check_when(what, cell, *edge, now); })));
    return true;
  }
  switch (field.kind) {
  case FieldKind::text:
  case FieldKind::optional_text: {
    if (cell.empty() && field.kind == FieldKind::optional_text) {
      return false;
    }
    const std::string what = fmt::format("the {}", field.key);
    const std::string text = field.check == nullptr
                                 ? std::string(cell)
                                 : at_line(line, [&] { return field.check(what, cell); });
    field.set(user, std::string_view(text));
    return true;
  }
  case FieldKind::choice:
    if (cell.empty()) {
      return false;
    }
    if (!field.set(user, cell)) {
      throw Error(ExitCode::usage,
                  fmt::format("line {}: unknown {} {} (known: {})", line, field.key,
                              in_quotes(cell),
                              fmt::join(field.choices != nullptr ? field.choices()
                                                                 : std::vector<std::string>{},
                                        ", ")));
    }
    return true;
  case FieldKind::permissions:
    if (cell.empty()) {
      return false;
    }
    field.set(user, parse_permission_list(cell, line));
    return true;
  case FieldKind::flag: {
    const std::string answer = lowercase_ascii(cell);
    if (answer.empty()) {
      return false;
    }
    if (answer != "yes" && answer != "no") {
      throw Error(ExitCode::usage, fmt::format("line {}: {} is {}; expected yes or no", line,
                                               field.roster_column, in_quotes(cell)));
    }
    field.set(user, answer == "yes");
    return true;
  }
  case FieldKind::id:
  case FieldKind::optional_id:
  case FieldKind::object:
    break;
  }
  throw Error(ExitCode::usage,
              fmt::format("line {}: the {} column cannot be read", line, field.roster_column));
}

// What a row gives, as users add and users sync take it: the user to add (the cells it
// leaves empty take the defaults) and its login cell as written.
RosterRow row_of(std::size_t line, const ClientUser& cells,
                 const std::array<bool, k_column_count>& given) {
  const auto gives = [&](std::string_view key) {
    for (std::size_t i = 0; i < k_column_count; ++i) {
      if (k_columns.at(i)->key == key) {
        return given.at(i);
      }
    }
    return false;
  };
  RosterRow row{line, {}, std::nullopt};
  row.user.name = cells.name;
  row.user.email = cells.email;
  row.user.username = cells.username;
  if (gives("role")) {
    row.user.role = cells.role;
  }
  if (gives("permissions")) {
    row.user.permissions = cells.permissions;
  }
  if (gives("login_access")) {
    row.login = cells.login_access;
  }
  row.user.starts_at = cells.starts_at; // none when the cell is empty
  row.user.ends_at = cells.ends_at;
  row.user.login_access = row.login.value_or(true);
  return row;
}

} // namespace

Roster read_roster_csv(std::string_view text, std::string_view now) {
  const std::vector<CsvRecord> records = parse_csv(text);
  if (records.empty()) {
    throw Error(ExitCode::usage,
                fmt::format("line 1: no header line ({})", fmt::join(column_names(), ",")));
  }
  // Which field of the file holds each column; -1 where the file has none.
  std::array<int, k_column_count> field_of{};
  field_of.fill(-1);
  const CsvRecord& header = records.front();
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = lowercase_ascii(trim_spaces(header.fields[i]));
    const auto* column = std::find_if(k_columns.begin(), k_columns.end(),
                                      [&](const UserField* f) { return f->roster_column == name; });
    if (column == k_columns.end()) {
      throw Error(ExitCode::usage,
                  fmt::format("line {}: unknown column {} (known: {})", header.line,
                              in_quotes(header.fields[i]), fmt::join(column_names(), ", ")));
    }
    int& slot = field_of.at(static_cast<std::size_t>(column - k_columns.begin()));
    if (slot >= 0) {
      throw Error(ExitCode::usage,
                  fmt::format("line {}: column {} appears twice", header.line, name));
    }
    slot = static_cast<int>(i);
  }
  for (std::size_t c = 0; c < k_column_count; ++c) {
    if (k_columns.at(c)->kind == FieldKind::text && field_of.at(c) < 0) {
      throw Error(ExitCode::usage, fmt::format("line {}: the header has no {} column", header.line,
                                               k_columns.at(c)->roster_column));
    }
  }

  Roster roster;
  const auto has = [&](std::string_view key) {
    for (std::size_t c = 0; c < k_column_count; ++c) {
      if (k_columns.at(c)->key == key) {
        return field_of.at(c) >= 0;
      }
    }
    return false;
  };
  roster.has_role = has("role");
  roster.has_permissions = has("permissions");
  roster.rows.reserve(records.size() - 1);
  for (std::size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& record = records[r];
    const std::size_t line = record.line;
    if (record.fields.size() == 1 && record.fields.front().empty()) {
      continue; // a blank line
    }
    if (record.fields.size() != header.fields.size()) {
      throw Error(ExitCode::usage, fmt::format("line {}: {} fields where the header has {}", line,
                                               record.fields.size(), header.fields.size()));
    }
    ClientUser cells;
    std::array<bool, k_column_count> given{};
    for (std::size_t c = 0; c < k_column_count; ++c) {
      const int at = field_of.at(c);
      const std::string_view cell =
          at < 0 ? std::string_view{}
                 : std::string_view(record.fields[static_cast<std::size_t>(at)]);
      given.at(c) = read_cell(*k_columns.at(c), cell, line, now, cells);
    }
    RosterRow row = row_of(line, cells, given);
    if (const ChangedUser becomes = at_line(line, [&] { return new_user(row.user); });
        !becomes.decision.applies()) {
      throw Error(ExitCode::usage,
                  becomes.user.login_access
                      ? fmt::format("line {}: a login user needs an email or a username (or "
                                    "login no)",
                                    line)
                      : fmt::format("line {}: a user without login has no username", line));
    }
    roster.rows.push_back(std::move(row));
  }
  return roster;
}

std::vector<NewUser> read_users_csv(std::string_view text, std::string_view now) {
  Roster roster = read_roster_csv(text, now);
  std::vector<NewUser> users;
  users.reserve(roster.rows.size());
  for (RosterRow& row : roster.rows) {
    users.push_back(std::move(row.user));
  }
  return users;
}

} // namespace acctctl
