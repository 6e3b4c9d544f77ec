// staff offboard: a staff member leaves (SPEC §3.3).
#include <algorithm>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/service/practices_staff.hpp"
#include "acctctl/values.hpp"
#include "service/audit_events.hpp"
#include "service/event_detail.hpp"
#include "service/references.hpp"

namespace acctctl {
namespace {

nlohmann::ordered_json staff_ref_json(const Staff& staff) {
  return {{"id", staff.id}, {"email", staff.email}};
}

nlohmann::ordered_json professional_json(const std::optional<Staff>& staff) {
  if (!staff) {
    return nullptr;
  }
  return {{"id", staff->id}, {"email", staff->email}, {"name", staff->name}};
}

// How many other active staff share the leaver's duty: the practice's admins for an admin,
// support for support (none for a member, who is nobody's last).
std::size_t others_active(Store& store, const Staff& leaver) {
  std::size_t count = 0;
  store.list_staff(leaver.practice_id, [&](const StaffListing& row) {
    const Staff& other = row.staff;
    if (other.id != leaver.id && other.status == StaffStatus::active && other.role == leaver.role &&
        other.practice_id == leaver.practice_id) {
      ++count;
    }
  });
  return count;
}

std::string counted_as(std::size_t count, std::string_view one, std::string_view many,
                       std::string_view what) {
  return fmt::format("{} {} {}", count, count == 1 ? one : many, what);
}

class OffboardStaff final : public BatchOperation {
public:
  OffboardStaff(std::string_view staff_ref, std::optional<std::string> successor_ref)
      : m_staff_ref(staff_ref), m_successor_ref(std::move(successor_ref)) {}

  bool may_ask() const override { return true; }

  Plan plan(Session& session, const Staff& actor) const override {
    Store& store = session.store;
    // Who stays is counted under the lock on the practice's staff (or support), read again
    // after it: two offboardings cannot each leave the other to be the last admin.
    store.lock_staff(resolve_staff(store, m_staff_ref).practice_id);
    const Staff leaver = resolve_staff(store, m_staff_ref);
    const Decision offboard = decide_staff_offboard(actor, leaver, others_active(store, leaver));
    require(offboard);
    std::optional<Staff> successor;
    if (m_successor_ref) {
      successor = resolve_staff(store, *m_successor_ref);
      require(decide_successor(leaver, *successor));
    }

    std::vector<AccessGrant> grants;
    GrantFilter by_leaver;
    by_leaver.staff_id = leaver.id;
    store.list_grants(by_leaver, [&](const AccessGrant& grant) { grants.push_back(grant); });
    std::vector<ClientAccount> professed; // the clients whose professional the leaver is
    if (leaver.practice_id) {
      ClientFilter in_practice;
      in_practice.practice_id = leaver.practice_id;
      in_practice.with_counts = false;
      store.list_clients(in_practice, [&](const ClientSummary& row) {
        if (row.client.professional_id == leaver.id) {
          professed.push_back(row.client);
        }
      });
    }
    // The client accounts whose rows and chains change, locked in id order at once (lock_clients).
    std::vector<Id> touched;
    touched.reserve(grants.size() + professed.size());
    for (const AccessGrant& grant : grants) {
      touched.push_back(grant.client_id);
    }
    for (const ClientAccount& client : professed) {
      touched.push_back(client.id);
    }
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    store.lock_clients(touched);

    Plan plan{"offboard", fmt::format("staff {}", leaver.email)};
    plan.confirmation = Confirmation::yes_no;
    const std::string now = session.clock.now();
    const nlohmann::ordered_json offboarding = staff_ref_json(leaver);
    std::size_t revoked = 0;
    std::size_t moved = 0;
    for (const AccessGrant& grant : grants) {
      const std::optional<ClientAccount> client = store.find_client(grant.client_id);
      if (!client) {
        continue;
      }
      PlannedItem& revoke = plan.items.emplace_back(plan.item(client->name, ItemResult::revoked));
      revoke.id = client->id;
      revoke.action = "revoke";
      revoke.consequence = fmt::format("{} loses access", leaver.email);
      revoke.decision.reason = fmt::format("staff: {}", leaver.email);
      plan.writes.removed_grants.push_back({leaver.id, client->id, grant.granted_at, grant.until});
      plan.writes.events.push_back({make_event(session, actor, "access.revoke", subject_of(*client),
                                               detail_json({{"staff", staff_ref_json(leaver)},
                                                            {"offboarding", offboarding}})),
                                    std::nullopt});
      ++revoked;
      if (!successor) {
        continue;
      }
      PlannedItem& grant_to = plan.items.emplace_back(plan.item(client->name, ItemResult::granted));
      grant_to.id = client->id;
      grant_to.action = "grant";
      grant_to.decision = decide_grant(*successor, *client,
                                       store.find_grant(successor->id, client->id).has_value());
      if (grant_to.decision.fails()) {
        // A grant the successor may not hold (one of another practice's client, from an old
        // import) is still revoked: it does not hold up the leaver's offboarding.
        grant_to.decision =
            Decision::unchanged(fmt::format("not given on: {}", grant_to.decision.reason));
      }
      grant_to.consequence = fmt::format("{} gets access in their place", successor->email);
      if (grant_to.decision.applies()) {
        grant_to.decision.reason = fmt::format("staff: {}", successor->email);
        plan.writes.added_grants.push_back({successor->id, client->id, now, std::nullopt});
        plan.writes.events.push_back(
            {make_event(session, actor, "access.grant", subject_of(*client),
                        detail_json(
                            {{"staff", staff_ref_json(*successor)}, {"offboarding", offboarding}})),
             std::nullopt});
        ++moved;
      }
    }
    for (const ClientAccount& client : professed) {
      PlannedItem& edit = plan.items.emplace_back(plan.item(client.name, ItemResult::updated));
      edit.id = client.id;
      edit.action = "edit";
      edit.consequence =
          successor
              ? fmt::format("gets {} as professional in place of {}", successor->name, leaver.name)
              : fmt::format("has no professional any more (was {})", leaver.name);
      edit.decision.reason = successor ? fmt::format("professional: {}", successor->email)
                                       : std::string("professional: none");
      ClientAccount after = client;
      after.professional_id = successor ? std::optional(successor->id) : std::nullopt;
      plan.writes.updated_clients.push_back(after);
      plan.writes.events.push_back(
          {make_event(session, actor, "client.edit", subject_of(client),
                      detail_json({{"professional",
                                    {{"before", professional_json(leaver)},
                                     {"after", professional_json(successor)}}},
                                   {"offboarding", offboarding}})),
           std::nullopt});
    }

    PlannedItem& staff = plan.items.emplace_back(plan.item(leaver.email, ItemResult::deactivated));
    staff.id = leaver.id;
    staff.name = leaver.name;
    staff.email = leaver.email;
    staff.decision = offboard;
    staff.consequence = "will be deactivated: can no longer act, keeps their name in the audit "
                        "trail";
    if (offboard.applies()) {
      Staff after = leaver;
      after.status = StaffStatus::deactivated;
      plan.writes.updated_staff.push_back(after);
      plan.writes.events.push_back(
          {make_event(session, actor, "staff.offboard", {leaver.practice_id, {}, {}, {}, {}},
                      detail_json({{"status", {{"before", "active"}, {"after", "deactivated"}}},
                                   {"transfer_to", successor ? staff_ref_json(*successor)
                                                             : nlohmann::ordered_json(nullptr)},
                                   {"grants_revoked", revoked},
                                   {"grants_moved", moved},
                                   {"clients_reassigned", professed.size()}})),
           std::nullopt});
    }

    std::vector<std::string> tally;
    if (revoked > 0) {
      tally.push_back(counted_as(revoked, "grant", "grants", "to revoke"));
    }
    if (moved > 0) {
      tally.push_back(counted_as(moved, "grant", "grants", "to give the successor"));
    }
    if (!professed.empty()) {
      tally.push_back(counted_as(professed.size(), "client", "clients", "to reassign"));
    }
    if (offboard.applies()) {
      tally.emplace_back("1 staff member to deactivate");
    }
    plan.tally = fmt::format("{}", fmt::join(tally, ", "));
    return plan;
  }

private:
  std::string m_staff_ref;
  std::optional<std::string> m_successor_ref;
};

} // namespace

BatchReport offboard_staff(Session& session, std::string_view staff_ref,
                           const std::optional<std::string>& successor_ref,
                           const BatchOptions& options, Confirmer& confirmer) {
  return run_batch(session, OffboardStaff(staff_ref, successor_ref), options, confirmer);
}

} // namespace acctctl
