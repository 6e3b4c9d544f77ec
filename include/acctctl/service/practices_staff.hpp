#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acctctl/service/batch.hpp"
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
  std::optional<std::string> db_role;      // SPEC §6.3 (PostgreSQL only)
};

// `status`: none lists every status (SPEC: --status defaults to active).
void list_staff(Session& session, const std::optional<std::string>& practice_ref,
                std::optional<StaffStatus> status, const Sink<StaffListing>& sink);
// --support: support only; --practice P: support or an admin of P. Emails are unique (exit 4).
StaffListing add_staff(Session& session, const NewStaff& staff);

// staff edit: what to change; a role to bind, or none to unbind (--no-db-role).
struct StaffEdit {
  std::optional<std::string> name;
  std::optional<StaffRole> role; // admin or member
  std::optional<std::optional<std::string>> db_role;
};
struct StaffEditResult {
  StaffListing staff;
  bool changed = false;
};
// Support, or an admin of the staff member's practice (R1); a database role binds one staff
// member (SPEC §6.3: exit 4). Audited as staff.edit with the fields' before and after.
StaffEditResult edit_staff(Session& session, std::string_view staff_ref, const StaffEdit& edit);

// staff offboard (SPEC §3.3): in one transaction, the leaver's access grants are revoked (and
// granted to `successor_ref`, if given, where they lack it), the clients whose professional
// they are get the successor or none, and they become deactivated. Support, or an admin of
// their practice (exit 5); the successor is active staff of the same practice, the last active
// admin of a practice and the last active support member stay (exit 4). Asks [y/N] (R10).
// Rows: one per change, the grants and clients by client id and name, then the leaver's own.
BatchReport offboard_staff(Session& session, std::string_view staff_ref,
                           const std::optional<std::string>& successor_ref,
                           const BatchOptions& options, Confirmer& confirmer);

// SPEC §6.3: exit 2 on a store without database roles (SQLite), 3 for a role the server does
// not have, 4 for a role bound to someone else; unchanged if `target` holds it already.
Decision check_role_binding(Session& session, const Staff& target, const std::string& role);

} // namespace acctctl
