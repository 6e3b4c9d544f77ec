#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "acctctl/audit_chain.hpp"
#include "acctctl/service/session.hpp"

// The audit trail as staff read it (R13).
namespace acctctl {

struct AuditQuery {
  std::optional<std::string> client_ref;
  std::optional<std::string> user_ref;
  std::optional<std::string> since; // canonical UTC (clock.hpp)
  std::optional<std::string> batch; // one command run's events
  std::optional<std::int64_t> limit = 100;
};

// Newest first; practice staff see the events of the clients and practice they reach.
void list_audit(Session& session, const AuditQuery& query, const Sink<AuditEvent>& sink);

// SPEC §4.1: recomputes the chains the actor may read (support: the store's too; practice staff:
// the clients they reach), streaming. Exit 1 naming the first event that breaks its chain.
std::vector<ChainSummary> verify_audit(Session& session,
                                       const std::optional<std::string>& client_ref);

// `audit follow` (SPEC §4.1): every event committed after a position, each once, oldest first,
// in the actor's reach. The CLI calls poll() until a signal comes; the follower keeps no
// connection state between polls but its position.
class AuditFollower {
public:
  // `after`: the last id the caller printed; none: from now on. Resolves --client once
  // (exit 3 or 5 here, before anything is printed).
  AuditFollower(Session& session, const std::optional<std::string>& client_ref,
                std::optional<Id> after);
  // Hands `sink` every new event up to the store's horizon, oldest first; returns how many.
  std::size_t poll(const Sink<AuditEvent>& sink);
  Id position() const { return m_position; }

private:
  Session& m_session;
  std::optional<Id> m_client_id;
  Id m_position = 0;
};

} // namespace acctctl
