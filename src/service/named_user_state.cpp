#include "service/named_user_state.hpp"
#include "service/references.hpp"

#include <array>
#include <unordered_set>

#include <fmt/format.h>

#include "service/client_state.hpp"

namespace acctctl {

NamedUserContext::NamedUserContext(Session& session, const Staff& actor,
                                   std::string_view client_ref,
                                   const std::vector<std::string>& refs)
    : m_session(session), m_client(resolve_client(session, actor, client_ref)) {
  session.store.lock_client(m_client.id);
  m_named = session.store.load_users_named(m_client.id, refs);
  m_removed.resize(m_named.users.size());
  m_documents = session.store.count_documents_by_user(m_client.id);
}

std::string NamedUserContext::subject() const {
  return client_subject(m_client);
}

ClientUser* NamedUserContext::user_named(std::size_t index, std::string_view ref) {
  std::array<ClientUser*, 3> present{};
  std::size_t count = 0;
  for (const std::uint32_t position : m_named.matches.at(index).positions()) {
    if (!m_removed[position]) {
      present.at(count++) = &m_named.users[position];
    }
  }
  if (count > 1) {
    throw_ambiguous_user(ref, m_client, {present.begin(), present.begin() + count});
  }
  return count == 0 ? nullptr : present.front();
}

void NamedUserContext::remove(const ClientUser& user) {
  m_removed.at(static_cast<std::size_t>(&user - m_named.users.data())) = true;
}

std::int64_t NamedUserContext::documents_of(Id user_id) const {
  const auto found = m_documents.find(user_id);
  return found == m_documents.end() ? 0 : found->second;
}

std::string NamedUserContext::not_found_reason(std::string_view ref) {
  if (m_misses_to_suggest_for == 0) {
    return no_user_reason(ref, m_client, {});
  }
  --m_misses_to_suggest_for;
  if (!m_references) {
    std::unordered_set<Id> removed; // earlier in this batch: not to be suggested
    for (std::size_t position = 0; position < m_removed.size(); ++position) {
      if (m_removed[position]) {
        removed.insert(m_named.users[position].id);
      }
    }
    m_references.emplace();
    for (const ClientUser& user : m_session.store.load_users(m_client.id)) {
      if (!removed.contains(user.id)) {
        add_references(user, *m_references);
      }
    }
  }
  return no_user_reason(ref, m_client, *m_references);
}

} // namespace acctctl
