#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acctctl/batch.hpp"
#include "acctctl/session.hpp"

// Who is who: practices, their staff, and which client accounts a member may manage (R1).
namespace acctctl {

// Support sees every practice; practice staff see their own.
void list_practices(Session& session, const Sink<PracticeSummary>& sink);
PracticeSummary add_practice(Session& session, std::string_view name); // support only

struct NewStaff {
  std::string email;
  std::string name;
  StaffRole role = StaffRole::member;
  std::optional<std::string> practice_ref; // none exactly for support
};

void list_staff(Session& session, const std::optional<std::string>& practice_ref,
                const Sink<StaffListing>& sink);
// --support: support only; --practice P: support or an admin of P. Emails are unique (exit 4).
StaffListing add_staff(Session& session, const NewStaff& staff);

// access grant|revoke STAFF CLIENT…: support or an admin of the clients' practice; one batch.
BatchReport grant_access(Session& session, std::string_view staff_ref,
                         const std::vector<std::string>& client_refs, const BatchOptions& options);
BatchReport revoke_access(Session& session, std::string_view staff_ref,
                          const std::vector<std::string>& client_refs, const BatchOptions& options);
// Support sees every grant, a practice admin those of the practice, a member their own.
void list_access(Session& session, const std::optional<std::string>& staff_ref,
                 const Sink<AccessGrant>& sink);

} // namespace acctctl
