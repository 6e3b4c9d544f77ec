#include "service/user_changes.hpp"

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/lookalike.hpp"
#include "acctctl/user_change.hpp"
#include "acctctl/values.hpp"
#include "service/audit_events.hpp"

namespace acctctl {

ClientUser build_user(const NewUser& spec, const ClientAccount& client, EmailDefault email_default,
                      const std::string& now) {
  NewUser filled = spec;
  if (!filled.email && email_default == EmailDefault::contact_email) {
    filled.email = client.contact_email;
    if (!filled.email && !filled.username) {
      throw Error(ExitCode::usage,
                  fmt::format("client {} has no contact email to give {}: pass --email (or "
                              "--username)",
                              client.name, in_quotes(spec.name)));
    }
  }
  ChangedUser built = new_user(filled);
  if (!built.decision.applies()) {
    throw Error(ExitCode::usage,
                built.user.login_access
                    ? fmt::format("{} needs an email or a username to log in (or --no-login)",
                                  in_quotes(spec.name))
                    : fmt::format("{}: {}", in_quotes(spec.name), built.decision.reason));
  }
  built.user.client_id = client.id;
  built.user.created_at = now;
  settle_start(built.user, now); // R15: a start still to come makes them pending
  return std::move(built.user);
}

void plan_added_user(ClientUser user, Id placeholder, ClientUsers& users,
                     const TakenUsernames& taken, const ClientAccount& client, const Staff& actor,
                     std::string at, PlannedItem& item, ChangeSet& writes) {
  user.id = placeholder;
  UserDecision added = decide_new_user(std::move(user), !users.empty()); // R2
  item.decision = std::move(added.decision);
  user = std::move(*added.after);
  if (item.decision.applies()) {
    item.decision = decide_uniqueness(user, find_conflicts(users, taken, user, std::nullopt));
  }
  if (item.decision.applies()) {
    users.put(user);
    ClientUser row = user;
    row.id = 0;
    item.inserted_user = writes.inserted_users.size();
    writes.events.push_back({make_event(std::move(at), actor, "user.add", subject_of(client, row),
                                        user_changes(nullptr, &row)),
                             item.inserted_user});
    writes.inserted_users.push_back(std::move(row));
  }
  item.email = std::move(user.email); // the candidate is not read again
}

Conflicts find_conflicts(const ClientUsers& users, const TakenUsernames& taken,
                         const ClientUser& user, std::optional<Id> except) {
  Conflicts conflicts;
  if (user.email) {
    conflicts.same_email_in_client = users.with_email(*user.email, except);
  }
  if (user.username) {
    // This batch's own users first (their planned usernames), then the rest of the store.
    const std::string skeleton = confusable_skeleton(*user.username);
    if (const ClientUser* planned = users.with_username(*user.username, except);
        planned != nullptr) {
      conflicts.username_taken_as = &*planned->username;
    } else if (const ClientUser* alike = users.with_username_skeleton(skeleton, except);
               alike != nullptr) {
      conflicts.username_taken_as = &*alike->username;
    } else if (const auto holder = taken.find(skeleton); holder != taken.end() &&
                                                         holder->second.id != except &&
                                                         users.find(holder->second.id) == nullptr) {
      conflicts.username_taken_as = &holder->second.username;
    }
  }
  return conflicts;
}

TakenUsernames taken_usernames(Session& session, const std::vector<std::string>& usernames) {
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
