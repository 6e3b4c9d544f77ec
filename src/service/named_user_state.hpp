#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "acctctl/service/session.hpp"
#include "acctctl/store/named_users.hpp"

namespace acctctl {

// A client account as a batch over named users plans against it (users deactivate, enable,
// remove): only the users its references name, as the store resolved them, and each one's
// state as the batch changes it. A later mention of a user sees the earlier change, and a
// removed user is no longer there. The rules of a status change look at the user alone, so
// the rest of a client of 200,000 is never loaded.
class NamedUserContext {
public:
  // R1 first (exit 5), then the users `refs` name and their document counts.
  NamedUserContext(Session& session, const Staff& actor, std::string_view client_ref,
                   const std::vector<std::string>& refs);

  const ClientAccount& client() const { return m_client; }
  std::string subject() const;

  // The user that reference number `index`, `ref`, names now: none when nothing matches
  // (see not_found_reason). Throws Error(usage) listing the candidates when it names several.
  ClientUser* user_named(std::size_t index, std::string_view ref);
  // The user is gone for the rest of the batch (R6).
  void remove(const ClientUser& user);
  std::int64_t documents_of(Id user_id) const;

  // Why `ref` names nothing, with the closest emails and usernames of the client. The first
  // call loads them; only the first few references that miss get suggestions, so a batch of
  // 100,000 stale references costs one load, not one search each.
  std::string not_found_reason(std::string_view ref);

private:
  Session& m_session;
  ClientAccount m_client;
  NamedUsers m_named;
  std::vector<bool> m_removed; // by position in m_named.users
  std::unordered_map<Id, std::int64_t> m_documents;
  std::optional<std::vector<std::string>> m_references; // for suggestions, loaded when needed
  int m_misses_to_suggest_for = 3; // the first three misses of a batch (acctctl(1))
};

} // namespace acctctl
