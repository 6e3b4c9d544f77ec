#include "service/user_changes.hpp"

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/values.hpp"

namespace acctctl {

ClientUser build_user(const NewUser& spec, const ClientAccount& client, EmailDefault email_default,
                      const std::string& now) {
  ClientUser user;
  user.client_id = client.id;
  user.name = spec.name;
  user.email = spec.email;
  if (!user.email && email_default == EmailDefault::contact_email) {
    user.email = client.contact_email;
    if (!user.email && !spec.username) {
      throw Error(ExitCode::usage,
                  fmt::format("client {} has no contact email to give {}: pass --email (or "
                              "--username)",
                              client.name, in_quotes(spec.name)));
    }
  }
  user.role = spec.role.value_or(Role::standard);
  user.permissions = spec.permissions.value_or(default_permissions(user.role));
  user.login_access = spec.login_access;
  if (spec.login_access) {
    user.username = spec.username ? spec.username : user.email;
    if (!decide_login_identity(user).applies()) {
      throw Error(ExitCode::usage,
                  fmt::format("{} needs an email or a username to log in (or --no-login)",
                              in_quotes(spec.name)));
    }
  }
  user.created_at = now;
  return user;
}

Conflicts find_conflicts(const ClientUsers& users, const std::unordered_map<std::string, Id>& taken,
                         const ClientUser& user, std::optional<Id> except) {
  Conflicts conflicts;
  if (user.email) {
    conflicts.same_email_in_client = users.with_email(*user.email, except);
  }
  if (user.username) {
    const auto holder = taken.find(fold_key(*user.username));
    conflicts.username_taken = users.with_username(*user.username, except) != nullptr ||
                               (holder != taken.end() && holder->second != except);
  }
  return conflicts;
}

std::unordered_map<std::string, Id> taken_usernames(Session& session,
                                                    const std::vector<std::string>& usernames) {
  return session.store.find_usernames(usernames);
}

std::vector<std::string> usernames_of(const std::vector<ClientUser>& users) {
  std::vector<std::string> usernames;
  for (const ClientUser& user : users) {
    if (user.username) {
      usernames.push_back(*user.username);
    }
  }
  return usernames;
}

} // namespace acctctl
