#pragma once

#include <optional>
#include <string>

#include "acctctl/service/batch.hpp"
#include "acctctl/service/session.hpp"

// Scheduled access (R15, SPEC §3.2): what `acctctl due` applies.
namespace acctctl {

// Every start, end and grant `until` due at or before now, in the client accounts the actor
// administers (support: all; a practice admin: the practice's; `client_ref`: that one only;
// anyone else: exit 5). One transaction per client account, so a busy client does not hold up
// the others; rows carry `client`. A second run finds nothing to do.
BatchReport apply_due(Session& session, const std::optional<std::string>& client_ref,
                      const BatchOptions& options);

} // namespace acctctl
