// Practices and staff.
#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/service/practices_staff.hpp"
#include "acctctl/values.hpp"
#include "service/audit_events.hpp"
#include "service/event_detail.hpp"
#include "service/references.hpp"

namespace acctctl {
namespace {

nlohmann::ordered_json staff_detail(const Staff& staff, const std::optional<Practice>& practice) {
  nlohmann::ordered_json detail = {
      {"email", staff.email},
      {"name", staff.name},
      {"role", to_string(staff.role)},
      {"practice", practice ? nlohmann::ordered_json(practice->name) : nullptr}};
  if (staff.db_role) {
    detail["db_role"] = *staff.db_role;
  }
  return detail;
}

} // namespace

void list_practices(Session& session, const Sink<PracticeSummary>& sink) {
  const auto transaction = session.store.begin(TxMode::read);
  const Staff actor = authenticate(session);
  session.store.list_practices(decide_practice_listing(actor, std::nullopt).practice_id, sink);
}

PracticeSummary add_practice(Session& session, std::string_view name) {
  const auto transaction = session.store.begin(TxMode::write);
  const Staff actor = authenticate(session);
  require(decide_support_only(actor, "add a practice"));
  if (!session.store.find_practices_by_name(name).empty()) {
    throw Error(ExitCode::refused,
                fmt::format("a practice named {} exists already", in_quotes(name)));
  }
  Practice practice{0, std::string(name), session.clock.now()};
  practice.id = insert_row(session.store, practice);
  record_event(session, actor, "practice.add", {practice.id, {}, {}, {}, {}},
               detail_json({{"name", {{"before", nullptr}, {"after", practice.name}}}}));
  transaction->commit();
  return {practice, 0, 0};
}

void list_staff(Session& session, const std::optional<std::string>& practice_ref,
                std::optional<StaffStatus> status, const Sink<StaffListing>& sink) {
  const auto transaction = session.store.begin(TxMode::read);
  const Staff actor = authenticate(session);
  std::optional<Practice> requested;
  if (practice_ref) {
    requested = resolve_practice(session.store, *practice_ref);
  }
  const PracticeListing listing = decide_practice_listing(actor, requested);
  require(listing.decision);
  session.store.list_staff(listing.practice_id, [&](const StaffListing& row) {
    if (!status || row.staff.status == *status) {
      sink(row);
    }
  });
}

StaffListing add_staff(Session& session, const NewStaff& spec) {
  const auto transaction = session.store.begin(TxMode::write);
  const Staff actor = authenticate(session);
  std::optional<Practice> practice;
  if (spec.role == StaffRole::support) {
    require(decide_support_only(actor, "add support staff"));
  } else {
    practice = resolve_practice(session.store, spec.practice_ref.value_or(""));
    require(decide_practice_administration(actor, practice->id, practice->name));
  }
  if (const auto existing = session.store.find_staff_by_email(spec.email)) {
    throw Error(ExitCode::refused, fmt::format("staff email {} is already used by {} (id {})",
                                               spec.email, existing->name, existing->id));
  }
  Staff staff;
  staff.email = spec.email;
  staff.name = spec.name;
  staff.role = spec.role;
  staff.practice_id = practice ? std::optional<Id>(practice->id) : std::nullopt;
  staff.created_at = session.clock.now();
  if (spec.db_role) {
    require(check_role_binding(session, staff, *spec.db_role));
    staff.db_role = spec.db_role;
  }
  staff.id = insert_row(session.store, staff);
  record_event(session, actor, "staff.add", {staff.practice_id, {}, {}, {}, {}},
               detail_json(staff_detail(staff, practice)));
  transaction->commit();
  return {staff, practice ? std::optional<std::string>(practice->name) : std::nullopt};
}

} // namespace acctctl
