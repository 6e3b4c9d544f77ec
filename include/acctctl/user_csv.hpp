#pragma once

#include <string_view>
#include <vector>

#include "acctctl/users.hpp"

namespace acctctl {

// `users add --csv`: a header naming columns among name, email, username, role, permissions
// (separated by `;`) and login (yes/no), then one user per line. Empty cells take the
// defaults. Throws Error(usage) naming the line of the first problem.
std::vector<NewUser> read_users_csv(std::string_view text);

} // namespace acctctl
