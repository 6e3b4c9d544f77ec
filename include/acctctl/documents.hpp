#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "acctctl/session.hpp"

namespace acctctl {

// Files a document under a user (a document owner without login too); R5: not if deactivated.
DocumentListing add_document(Session& session, std::string_view client_ref,
                             std::string_view user_ref, std::string_view title);
void list_documents(Session& session, std::string_view client_ref,
                    const std::optional<std::string>& user_ref, const Sink<DocumentListing>& sink);

struct AuditQuery {
  std::optional<std::string> client_ref;
  std::optional<std::string> user_ref;
  std::optional<std::string> since; // canonical UTC (clock.hpp)
  std::optional<std::int64_t> limit = 100;
};

// Newest first; practice staff see the events of the clients and practice they reach.
void list_audit(Session& session, const AuditQuery& query, const Sink<AuditEvent>& sink);

} // namespace acctctl
