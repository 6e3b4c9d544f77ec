// users add --csv: the columns of SPEC.md §3, one NewUser per row, every value checked.
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/format/csv.hpp"
#include "acctctl/format/roster_csv.hpp"
#include "acctctl/user_change.hpp"
#include "acctctl/values.hpp"

namespace acctctl {
namespace {

constexpr std::array<std::string_view, 6> k_columns = {"name", "email",       "username",
                                                       "role", "permissions", "login"};

std::string lowercase_ascii(std::string_view text) {
  std::string result(text);
  for (char& c : result) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return result;
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

} // namespace

Roster read_roster_csv(std::string_view text) {
  const std::vector<CsvRecord> records = parse_csv(text);
  if (records.empty()) {
    throw Error(ExitCode::usage,
                "line 1: no header line (name,email,username,role,permissions,login)");
  }
  // Which field holds each known column; -1 where the file has none.
  std::array<int, k_columns.size()> field_of{};
  field_of.fill(-1);
  const CsvRecord& header = records.front();
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = lowercase_ascii(trim_spaces(header.fields[i]));
    const auto* column = std::find(k_columns.begin(), k_columns.end(), name);
    if (column == k_columns.end()) {
      throw Error(ExitCode::usage,
                  fmt::format("line {}: unknown column {} (known: {})", header.line,
                              in_quotes(header.fields[i]), fmt::join(k_columns, ", ")));
    }
    int& slot = field_of[static_cast<std::size_t>(column - k_columns.begin())];
    if (slot >= 0) {
      throw Error(ExitCode::usage,
                  fmt::format("line {}: column {} appears twice", header.line, name));
    }
    slot = static_cast<int>(i);
  }
  if (field_of[0] < 0) {
    throw Error(ExitCode::usage,
                fmt::format("line {}: the header has no name column", header.line));
  }

  Roster roster;
  roster.has_role = field_of[3] >= 0;
  roster.has_permissions = field_of[4] >= 0;
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
    const auto value = [&](std::size_t column) -> std::string_view {
      return field_of[column] < 0
                 ? std::string_view{}
                 : std::string_view(record.fields[static_cast<std::size_t>(field_of[column])]);
    };
    NewUser user;
    user.name = at_line(line, [&] { return check_name("the name", value(0)); });
    if (!value(1).empty()) {
      user.email = at_line(line, [&] { return check_email("the email", value(1)); });
    }
    if (!value(2).empty()) {
      user.username = at_line(line, [&] { return check_username(value(2)); });
    }
    if (!value(3).empty()) {
      user.role = parse_role(value(3));
      if (!user.role) {
        throw Error(ExitCode::usage,
                    fmt::format("line {}: unknown role {} (known: {})", line, in_quotes(value(3)),
                                fmt::join(role_names(), ", ")));
      }
    }
    if (!value(4).empty()) {
      user.permissions = parse_permission_list(value(4), line);
    }
    const std::string login = lowercase_ascii(value(5));
    std::optional<bool> login_cell;
    if (login == "no" || login == "yes") {
      login_cell = login == "yes";
      user.login_access = *login_cell;
    } else if (!login.empty()) {
      throw Error(ExitCode::usage, fmt::format("line {}: login is {}; expected yes or no", line,
                                               in_quotes(value(5))));
    }
    if (const ChangedUser becomes = new_user(user); !becomes.decision.applies()) {
      throw Error(ExitCode::usage,
                  becomes.user.login_access
                      ? fmt::format("line {}: a login user needs an email or a username (or "
                                    "login no)",
                                    line)
                      : fmt::format("line {}: a user without login has no username", line));
    }
    roster.rows.push_back({line, std::move(user), login_cell});
  }
  return roster;
}

std::vector<NewUser> read_users_csv(std::string_view text) {
  Roster roster = read_roster_csv(text);
  std::vector<NewUser> users;
  users.reserve(roster.rows.size());
  for (RosterRow& row : roster.rows) {
    users.push_back(std::move(row.user));
  }
  return users;
}

} // namespace acctctl
