#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "acctctl/service/session.hpp"

// The audit trail as staff read it (R13).
namespace acctctl {

struct AuditQuery {
  std::optional<std::string> client_ref;
  std::optional<std::string> user_ref;
  std::optional<std::string> since; // canonical UTC (clock.hpp)
  std::optional<std::int64_t> limit = 100;
};

// Newest first; practice staff see the events of the clients and practice they reach.
void list_audit(Session& session, const AuditQuery& query, const Sink<AuditEvent>& sink);

} // namespace acctctl
