#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "acctctl/rules.hpp"
#include "acctctl/service/session.hpp"
#include "acctctl/service/users.hpp"
#include "acctctl/store/change_set.hpp"
#include "service/user_index.hpp"

// What adding and editing users share: users add, portal add, users edit and users sync.
namespace acctctl {

enum class EmailDefault { none, contact_email };

// The row a NewUser becomes (new_user in user_change.hpp), with the client's contact email
// when `email_default` asks for it. Throws Error(usage) for a login user with neither email
// nor username.
ClientUser build_user(const NewUser& spec, const ClientAccount& client, EmailDefault email_default,
                      const std::string& now);

// Plans adding `user` (from build_user) as users add and users sync do: R2 (the first user
// becomes the owner), then R14 against `users` (those planned so far, which it joins) and the
// usernames `taken`; when both apply, its insert and its audit event at `at`. The decision,
// the insert and the email go to `item`; `placeholder` (below 0) indexes the user until the
// store numbers the row.
void plan_added_user(ClientUser user, Id placeholder, ClientUsers& users,
                     const TakenUsernames& taken, const ClientAccount& client, const Staff& actor,
                     std::string at, PlannedItem& item, ChangeSet& writes);

// R14 against the client's users (those planned earlier in the batch included) and the
// usernames `taken` elsewhere in the store (by confusable skeleton: a look-alike is taken too).
Conflicts find_conflicts(const ClientUsers& users, const TakenUsernames& taken,
                         const ClientUser& user, std::optional<Id> except);

// The usernames among `usernames`, or look-alikes of them, that the store has already, in one
// look-up.
TakenUsernames taken_usernames(Session& session, const std::vector<std::string>& usernames);
std::vector<std::string> usernames_of(const std::vector<ClientUser>& users);

} // namespace acctctl
