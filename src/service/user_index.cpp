#include "service/user_index.hpp"

#include <algorithm>

#include "acctctl/lookalike.hpp"
#include "acctctl/values.hpp"

namespace acctctl {
namespace {

// `key` already folded (fold_key).
const ClientUser* lookup(const std::unordered_map<std::string, Id>& index,
                         const std::unordered_map<Id, ClientUser>& users, const std::string& key,
                         std::optional<Id> except) {
  const auto found = index.find(key);
  if (found == index.end() || found->second == except) {
    return nullptr;
  }
  return &users.at(found->second);
}

} // namespace

ClientUsers::ClientUsers(const std::vector<ClientUser>& users) {
  m_users.reserve(users.size());
  m_by_email.reserve(users.size());
  m_by_username.reserve(users.size());
  for (const ClientUser& user : users) {
    put(user);
  }
}

std::vector<const ClientUser*> ClientUsers::resolve(std::string_view ref) const {
  std::vector<const ClientUser*> matches;
  const auto add = [&](const ClientUser* user) {
    if (user != nullptr && std::find(matches.begin(), matches.end(), user) == matches.end()) {
      matches.push_back(user);
    }
  };
  if (const auto id = parse_id(ref)) {
    add(find(*id));
  }
  const std::string key = fold_key(ref); // once for both look-ups
  add(lookup(m_by_email, m_users, key, std::nullopt));
  add(lookup(m_by_username, m_users, key, std::nullopt));
  return matches;
}

const ClientUser* ClientUsers::find(Id id) const {
  const auto found = m_users.find(id);
  return found == m_users.end() ? nullptr : &found->second;
}

std::vector<const ClientUser*> ClientUsers::in_id_order() const {
  std::vector<const ClientUser*> users;
  users.reserve(m_users.size());
  for (const auto& [id, user] : m_users) {
    users.push_back(&user);
  }
  std::sort(users.begin(), users.end(),
            [](const ClientUser* a, const ClientUser* b) { return a->id < b->id; });
  return users;
}

const ClientUser* ClientUsers::owner() const {
  return m_owner ? find(*m_owner) : nullptr;
}

const ClientUser* ClientUsers::alert_recipient() const {
  return m_alert_recipient ? find(*m_alert_recipient) : nullptr;
}

const ClientUser* ClientUsers::with_email(std::string_view email, std::optional<Id> except) const {
  return lookup(m_by_email, m_users, fold_key(email), except);
}

const ClientUser* ClientUsers::with_username(std::string_view username,
                                             std::optional<Id> except) const {
  return lookup(m_by_username, m_users, fold_key(username), except);
}

const ClientUser* ClientUsers::with_username_skeleton(const std::string& skeleton,
                                                      std::optional<Id> except) const {
  if (!m_by_skeleton) {
    m_by_skeleton.emplace();
    m_by_skeleton->reserve(m_users.size());
    for (const auto& [id, user] : m_users) {
      if (user.username) {
        m_by_skeleton->emplace(confusable_skeleton(*user.username), id);
      }
    }
  }
  return lookup(*m_by_skeleton, m_users, skeleton, except);
}

void ClientUsers::put(const ClientUser& user) {
  const auto existing = m_users.find(user.id);
  if (existing != m_users.end() && existing->second.email == user.email &&
      existing->second.username == user.username) {
    // A status or flag change (the bulk of a batch): the email and username keys stay.
    existing->second = user;
    if (m_owner == user.id && !user.is_owner) {
      m_owner.reset();
    }
    if (m_alert_recipient == user.id && !user.is_alert_recipient) {
      m_alert_recipient.reset();
    }
    m_owner = user.is_owner ? std::optional<Id>(user.id) : m_owner;
    m_alert_recipient = user.is_alert_recipient ? std::optional<Id>(user.id) : m_alert_recipient;
    return;
  }
  if (existing != m_users.end()) {
    unindex(existing->second);
  }
  m_users.insert_or_assign(user.id, user);
  index(user);
}

void ClientUsers::erase(Id id) {
  const auto existing = m_users.find(id);
  if (existing == m_users.end()) {
    return;
  }
  unindex(existing->second);
  m_users.erase(existing);
}

void ClientUsers::index(const ClientUser& user) {
  if (user.email) {
    m_by_email.emplace(fold_key(*user.email), user.id);
  }
  if (user.username) {
    m_by_username.emplace(fold_key(*user.username), user.id);
    if (m_by_skeleton) {
      m_by_skeleton->emplace(confusable_skeleton(*user.username), user.id);
    }
  }
  if (user.is_owner) {
    m_owner = user.id;
  }
  if (user.is_alert_recipient) {
    m_alert_recipient = user.id;
  }
}

void ClientUsers::unindex(const ClientUser& user) {
  const auto drop = [&](std::unordered_map<std::string, Id>& map, const std::string& value) {
    const auto found = map.find(fold_key(value));
    if (found != map.end() && found->second == user.id) {
      map.erase(found);
    }
  };
  if (user.email) {
    drop(m_by_email, *user.email);
  }
  if (user.username) {
    drop(m_by_username, *user.username);
    if (m_by_skeleton) {
      const auto found = m_by_skeleton->find(confusable_skeleton(*user.username));
      if (found != m_by_skeleton->end() && found->second == user.id) {
        m_by_skeleton->erase(found);
      }
    }
  }
  if (m_owner == user.id) {
    m_owner.reset();
  }
  if (m_alert_recipient == user.id) {
    m_alert_recipient.reset();
  }
}

} // namespace acctctl
