#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acctctl/service/batch.hpp"
#include "acctctl/service/session.hpp"

// Which client accounts a practice member may manage (R1): access grants.
namespace acctctl {

// access grant|revoke STAFF CLIENT…: support or an admin of the clients' practice; one batch.
// `until`: the grants end then (SPEC §3.2; canonical UTC); a grant held already takes it.
BatchReport grant_access(Session& session, std::string_view staff_ref,
                         const std::vector<std::string>& client_refs,
                         const std::optional<std::string>& until, const BatchOptions& options);
BatchReport revoke_access(Session& session, std::string_view staff_ref,
                          const std::vector<std::string>& client_refs, const BatchOptions& options);
// Support sees every grant, a practice admin those of the practice, a member their own.
void list_access(Session& session, const std::optional<std::string>& staff_ref,
                 const Sink<AccessGrant>& sink);

} // namespace acctctl
