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

} // namespace acctctl
