#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "acctctl/rules.hpp"
#include "acctctl/service/session.hpp"
#include "acctctl/service/users.hpp"
#include "service/user_index.hpp"

// What adding and editing users share: users add, portal add, users edit and users sync.
namespace acctctl {

enum class EmailDefault { none, contact_email };

// The row a NewUser becomes: role and permission defaults, the username defaulting to the
// email. Throws Error(usage) for a login user with neither.
ClientUser build_user(const NewUser& spec, const ClientAccount& client, EmailDefault email_default,
                      const std::string& now);

// R14 against the client's users (those planned earlier in the batch included) and the
// usernames `taken` elsewhere in the store ({folded username: id}).
Conflicts find_conflicts(const ClientUsers& users, const std::unordered_map<std::string, Id>& taken,
                         const ClientUser& user, std::optional<Id> except);

// The usernames among `usernames` that the store has already, in one look-up.
std::unordered_map<std::string, Id> taken_usernames(Session& session,
                                                    const std::vector<std::string>& usernames);
std::vector<std::string> usernames_of(const std::vector<ClientUser>& users);

} // namespace acctctl
