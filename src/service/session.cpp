#include "acctctl/service/session.hpp"

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/interrupt.hpp"
#include "acctctl/values.hpp"

namespace acctctl {

void Session::checkpoint(std::size_t done, std::size_t total) const {
  throw_if_interrupted();
  if (progress) {
    progress(done, total);
  }
}

namespace {

bool names_actor(const std::optional<std::string>& claimed) {
  return claimed && !claimed->empty();
}

// R1: an email matches as stored, not through a fold that makes ſupport@… support@….
std::optional<Staff> staff_named(Store& store, const std::string& email) {
  return folds_into_ascii(email) ? std::nullopt : store.find_staff_by_email(email);
}

// SPEC §6.3: on a bound connection the actor is the role's staff member; --as may name them
// and nobody else.
Staff bound_actor(Session& session, const ConnectionIdentity& identity) {
  const std::optional<Staff> staff = session.store.find_staff(identity.staff_id.value_or(0));
  if (!staff) { // the policies hide a deactivated member's own row
    throw Error(ExitCode::denied,
                fmt::format("connected as role {}, whose staff member is deactivated and may do "
                            "nothing: permission denied",
                            identity.role));
  }
  if (names_actor(session.actor_email) &&
      (folds_into_ascii(*session.actor_email) ||
       fold_key(*session.actor_email) != fold_key(staff->email))) {
    throw Error(ExitCode::denied,
                fmt::format("connected as role {}, who is staff {}: acting as {} is denied",
                            identity.role, staff->email, in_quotes(*session.actor_email)));
  }
  return *staff;
}

} // namespace

Staff authenticate(Session& session) {
  const ConnectionIdentity identity = session.store.connection_identity();
  if (identity.kind == ConnectionIdentity::Kind::unbound) {
    throw Error(ExitCode::denied,
                fmt::format("database role {} is not bound to a staff member: permission denied "
                            "(support or the practice's admin binds it with `acctctl staff edit "
                            "STAFF --db-role {}`)",
                            identity.role, identity.role));
  }
  Staff actor;
  if (identity.kind == ConnectionIdentity::Kind::bound) {
    actor = bound_actor(session, identity);
  } else {
    if (!names_actor(session.actor_email)) {
      throw Error(ExitCode::usage,
                  "no actor: say who is acting with --as EMAIL or ACCTCTL_ACTOR=EMAIL");
    }
    std::optional<Staff> named = staff_named(session.store, *session.actor_email);
    if (!named) {
      throw Error(ExitCode::denied, fmt::format("{} is not staff of this store: permission denied",
                                                in_quotes(*session.actor_email)));
    }
    actor = std::move(*named);
  }
  require(decide_staff_may_act(actor));
  return actor;
}

void require(const Decision& decision) {
  if (decision.fails()) {
    throw Error(decision.exit_code(), decision.reason);
  }
}

namespace {

template <typename Row>
Id insert_one(Store& store, std::vector<Row> ChangeSet::*rows, std::vector<Id> AppliedIds::*ids,
              const Row& row) {
  ChangeSet changes;
  (changes.*rows).push_back(row);
  return (store.apply(changes, {}).*ids).at(0);
}

} // namespace

Id insert_row(Store& store, const Practice& practice) {
  return insert_one(store, &ChangeSet::inserted_practices, &AppliedIds::practices, practice);
}

Id insert_row(Store& store, const Staff& staff) {
  return insert_one(store, &ChangeSet::inserted_staff, &AppliedIds::staff, staff);
}

Id insert_row(Store& store, const ClientAccount& client) {
  return insert_one(store, &ChangeSet::inserted_clients, &AppliedIds::clients, client);
}

Id insert_row(Store& store, const Document& document) {
  return insert_one(store, &ChangeSet::inserted_documents, &AppliedIds::documents, document);
}

} // namespace acctctl
