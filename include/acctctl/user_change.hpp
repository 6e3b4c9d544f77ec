#pragma once

#include <optional>
#include <string>
#include <vector>

#include "acctctl/model.hpp"
#include "acctctl/rules.hpp"

// What a user becomes: a new user, an edit and a roster row are each a change of a user, and
// the defaults and the login transitions of SPEC.md §1 are applied here, once.
namespace acctctl {

// What a change asks for; a field that is not given stays as it is.
struct UserChange {
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> username;
  std::optional<Role> role;                   // brings the role's default permissions
  std::optional<PermissionSet> permissions;   // then replaces them
  std::vector<Permission> add_permissions;    // then these are granted
  std::vector<Permission> remove_permissions; // and these taken away
  std::optional<bool> login_access;
  // R15's times (canonical UTC): set, or cleared by an empty inner value (--no-start).
  std::optional<std::optional<std::string>> starts_at;
  std::optional<std::optional<std::string>> ends_at;
};

// The user as a change leaves them, and the login rules' decision on it.
struct ChangedUser {
  ClientUser user;
  Decision decision;
};

// SPEC.md §1: a user without login access has no username (a change that names one is
// refused); a user who gains login access logs in with the username given, else their email;
// a login user keeps their username unless given another; a login user with neither is
// refused (decide_login_identity).
// An end that does not come after the start throws Error(usage) (SPEC §3.2).
ChangedUser change_user(const ClientUser& before, const UserChange& change);

// A NewUser as a change: the role standard unless given, login access as asked.
UserChange change_of(const NewUser& spec);

// A NewUser as the user they become: a change of a user who is not there yet, so without
// login access before it (the username then defaults to the email).
ChangedUser new_user(const NewUser& spec);

} // namespace acctctl
