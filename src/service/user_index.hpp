#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "acctctl/model.hpp"

namespace acctctl {

// The users of one client account, indexed by id, email and username (case-insensitively),
// so that references resolve and rules can ask who owns the account. A batch plans against
// a copy that it updates item by item, so the second mention of a user sees the first change.
class ClientUsers {
public:
  ClientUsers() = default;
  explicit ClientUsers(const std::vector<ClientUser>& users);

  // Every user whose id, email or username is `ref` (SPEC.md §3: exact, case-insensitive for
  // emails and usernames, no trimming). More than one match means the reference is ambiguous.
  std::vector<const ClientUser*> resolve(std::string_view ref) const;

  const ClientUser* find(Id id) const;
  const ClientUser* owner() const;
  const ClientUser* alert_recipient() const;
  const ClientUser* with_email(std::string_view email, std::optional<Id> except = {}) const;
  const ClientUser* with_username(std::string_view username, std::optional<Id> except = {}) const;
  // A user whose username has this confusable skeleton (R14: it looks the same).
  const ClientUser* with_username_skeleton(const std::string& skeleton,
                                           std::optional<Id> except = {}) const;
  bool empty() const { return m_users.empty(); }
  std::vector<const ClientUser*> in_id_order() const;
  std::size_t size() const { return m_users.size(); }

  void put(const ClientUser& user); // adds or replaces by id
  void erase(Id id);

private:
  void index(const ClientUser& user);
  void unindex(const ClientUser& user);

  std::unordered_map<Id, ClientUser> m_users;
  std::optional<Id> m_owner;
  std::optional<Id> m_alert_recipient;
  std::unordered_map<std::string, Id> m_by_email;
  std::unordered_map<std::string, Id> m_by_username;
  // By confusable skeleton, made on the first with_username_skeleton: only batches that add or
  // rename usernames ask, and a skeleton per user would cost every other batch its time.
  mutable std::optional<std::unordered_map<std::string, Id>> m_by_skeleton;
};

} // namespace acctctl
