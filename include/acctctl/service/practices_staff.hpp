#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acctctl/service/session.hpp"

// Who is who: practices and their staff (R1).
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

} // namespace acctctl
