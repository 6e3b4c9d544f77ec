#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "acctctl/model.hpp"

namespace acctctl {

// One row of a users CSV: the user to add (empty cells take the defaults), where it stands,
// and the login cell as written (none when empty or absent), which `users sync` compares.
struct RosterRow {
  std::size_t line = 0;
  NewUser user;
  std::optional<bool> login;
};

// A users CSV (SPEC.md §3.1 calls it a roster): its rows, and which optional columns the
// header names; `users sync` compares and applies only those.
struct Roster {
  bool has_role = false;
  bool has_permissions = false;
  std::vector<RosterRow> rows;
};

// `users add --csv` and `users sync --csv`: a header naming columns among name, email,
// username, role, permissions (separated by `;`), login (yes/no), start and end (WHEN,
// when.hpp, read at `now`), then one user per line. Throws Error(usage) naming the line of the
// first problem.
Roster read_roster_csv(std::string_view text, std::string_view now);
std::vector<NewUser> read_users_csv(std::string_view text, std::string_view now);

} // namespace acctctl
