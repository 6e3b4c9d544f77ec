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

Staff authenticate(Session& session) {
  if (!session.actor_email || session.actor_email->empty()) {
    throw Error(ExitCode::usage,
                "no actor: say who is acting with --as EMAIL or ACCTCTL_ACTOR=EMAIL");
  }
  // R1: an email matches as stored, not through a fold that makes ſupport@… support@….
  auto actor = folds_into_ascii(*session.actor_email)
                   ? std::nullopt
                   : session.store.find_staff_by_email(*session.actor_email);
  if (!actor) {
    throw Error(ExitCode::denied, fmt::format("{} is not staff of this store: permission denied",
                                              in_quotes(*session.actor_email)));
  }
  return *actor;
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
