#include "acctctl/user_change.hpp"

#include <fmt/format.h>

#include "acctctl/error.hpp"

namespace acctctl {

ChangedUser change_user(const ClientUser& before, const UserChange& change) {
  ChangedUser result{before, Decision::apply()};
  ClientUser& user = result.user;
  if (change.name) {
    user.name = *change.name;
  }
  if (change.email) {
    user.email = *change.email;
  }
  if (change.role) {
    user.role = *change.role;
    user.permissions = default_permissions(*change.role);
  }
  if (change.permissions) {
    user.permissions = *change.permissions;
  }
  for (const Permission permission : change.add_permissions) {
    user.permissions.insert(permission);
  }
  for (const Permission permission : change.remove_permissions) {
    user.permissions.erase(permission);
  }
  if (change.starts_at) {
    user.starts_at = *change.starts_at;
  }
  if (change.ends_at) {
    user.ends_at = *change.ends_at;
  }
  if (user.starts_at && user.ends_at && *user.ends_at <= *user.starts_at) {
    throw Error(ExitCode::usage, fmt::format("the end of {}'s access ({}) must come after its "
                                             "start ({})",
                                             user.name, *user.ends_at, *user.starts_at));
  }
  if (!change.login_access.value_or(before.login_access)) {
    user.login_access = false;
    user.username.reset();
    if (change.username) {
      result.decision = Decision::refused("a user without login access has no username");
    }
    return result;
  }
  if (change.username) {
    user.username = *change.username;
  } else if (!before.login_access) {
    user.username = user.email;
  }
  user.login_access = true;
  result.decision = decide_login_identity(user);
  return result;
}

UserChange change_of(const NewUser& spec) {
  UserChange change;
  change.name = spec.name;
  change.email = spec.email;
  change.username = spec.username;
  change.role = spec.role.value_or(Role::standard);
  change.permissions = spec.permissions;
  change.login_access = spec.login_access;
  if (spec.starts_at) {
    change.starts_at = spec.starts_at;
  }
  if (spec.ends_at) {
    change.ends_at = spec.ends_at;
  }
  return change;
}

ChangedUser new_user(const NewUser& spec) {
  ClientUser nobody;
  nobody.login_access = false;
  return change_user(nobody, change_of(spec));
}

} // namespace acctctl
