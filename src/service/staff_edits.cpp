// staff edit, and binding database roles (SPEC §3, §6.3).
#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/service/practices_staff.hpp"
#include "acctctl/values.hpp"
#include "service/audit_events.hpp"
#include "service/event_detail.hpp"
#include "service/references.hpp"

namespace acctctl {
namespace {

nlohmann::ordered_json optional_text(const std::optional<std::string>& text) {
  return text ? nlohmann::ordered_json(*text) : nlohmann::ordered_json(nullptr);
}

// {"name": {"before": …, "after": …}, …} for the fields that change.
nlohmann::ordered_json staff_changes(const Staff& before, const Staff& after) {
  nlohmann::ordered_json detail = nlohmann::ordered_json::object();
  const auto changed = [&](const char* key, nlohmann::ordered_json old_value,
                           nlohmann::ordered_json new_value) {
    if (old_value != new_value) {
      detail[key] = {{"before", std::move(old_value)}, {"after", std::move(new_value)}};
    }
  };
  changed("name", before.name, after.name);
  changed("role", to_string(before.role), to_string(after.role));
  changed("db_role", optional_text(before.db_role), optional_text(after.db_role));
  return detail;
}

} // namespace

Decision check_role_binding(Session& session, const Staff& target, const std::string& role) {
  if (!session.store.binds_database_roles()) {
    throw Error(ExitCode::usage, "--db-role binds a PostgreSQL role; on a SQLite store the file "
                                 "is the boundary and there are no database roles (SPEC §6.3)");
  }
  if (!session.store.database_role_exists(role)) {
    throw Error(ExitCode::not_found,
                fmt::format("the server has no database role {}: create it first (createuser "
                            "{}; GRANT acctctl_operator TO {})",
                            in_quotes(role), role, role));
  }
  return decide_role_binding(target, role, session.store.staff_bound_to(role));
}

StaffEditResult edit_staff(Session& session, std::string_view staff_ref, const StaffEdit& edit) {
  const auto transaction = session.store.begin(TxMode::write);
  const Staff actor = authenticate(session);
  const Staff before = resolve_staff(session.store, staff_ref);
  require(decide_staff_edit(actor, before));
  Staff after = before;
  if (edit.name) {
    after.name = *edit.name;
  }
  if (edit.role) {
    if (before.is_support()) {
      throw Error(ExitCode::usage, fmt::format("{} is support staff, who have no practice role: "
                                               "--role applies to practice staff",
                                               before.email));
    }
    after.role = *edit.role;
  }
  if (edit.db_role) {
    if (*edit.db_role) {
      require(check_role_binding(session, before, **edit.db_role));
    }
    after.db_role = *edit.db_role;
  }
  const std::optional<Practice> practice =
      after.practice_id ? session.store.find_practice(*after.practice_id) : std::nullopt;
  StaffListing listing{after, practice ? std::optional(practice->name) : std::nullopt};
  const nlohmann::ordered_json detail = staff_changes(before, after);
  if (detail.empty()) {
    return {listing, false};
  }
  ChangeSet changes;
  changes.updated_staff.push_back(after);
  changes.events.push_back({make_event(session, actor, "staff.edit",
                                       {after.practice_id, {}, {}, {}, {}}, detail_json(detail)),
                            std::nullopt});
  session.store.apply(changes, {});
  transaction->commit();
  return {listing, true};
}

} // namespace acctctl
