// Access grants: which client accounts a practice member may manage (R1).
#include <algorithm>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/service/access.hpp"
#include "acctctl/values.hpp"
#include "service/audit_events.hpp"
#include "service/event_detail.hpp"
#include "service/references.hpp"

namespace acctctl {
namespace {

enum class AccessChange { grant, revoke };

class ChangeAccess final : public BatchOperation {
public:
  ChangeAccess(AccessChange change, std::string_view staff_ref,
               std::vector<std::string> client_refs, std::optional<std::string> until = {})
      : m_change(change), m_staff_ref(staff_ref), m_client_refs(std::move(client_refs)),
        m_until(std::move(until)) {}

  bool may_ask() const override { return false; }

  Plan plan(Session& session, const Staff& actor) const override {
    const Staff grantee = resolve_staff(session.store, m_staff_ref);
    Plan plan{grants() ? "grant" : "revoke", fmt::format("staff {}", grantee.email)};
    const std::string now = session.clock.now();
    std::vector<Id> planned;
    for (const std::string& ref : m_client_refs) {
      PlannedItem item = plan.item(ref, grants() ? ItemResult::granted : ItemResult::revoked);
      const std::optional<ClientAccount> client = resolve_administered(session, actor, ref, item);
      if (client) {
        item.id = client->id;
        item.name = client->name;
        // A grant whose `until` has come is still a row until `due` deletes it: granting
        // again gives it the new `until`, and revoking it deletes it now.
        const std::optional<AccessGrant> held = session.store.find_grant(grantee.id, client->id);
        item.decision = grants() ? decide_grant(grantee, *client, held && held->until == m_until)
                                 : decide_revoke(grantee, *client, held.has_value());
        // The same client twice is one change.
        if (item.decision.applies() &&
            std::find(planned.begin(), planned.end(), client->id) == planned.end()) {
          planned.push_back(client->id);
          write(plan.writes, session, actor, grantee, *client, held, now);
        }
      }
      plan.items.push_back(std::move(item));
    }
    return plan;
  }

private:
  // The client `ref` names among those the actor administers; a not_found or denied decision
  // on `item` otherwise. A name shared by several administered clients is ambiguous (exit 2).
  static std::optional<ClientAccount> resolve_administered(Session& session, const Staff& actor,
                                                           std::string_view ref,
                                                           PlannedItem& item) {
    std::vector<ClientAccount> administered;
    for (const ClientAccount& client : find_clients(session.store, ref)) {
      const auto practice = session.store.find_practice(client.practice_id);
      const Decision may = decide_practice_administration(actor, client.practice_id,
                                                          practice ? practice->name : "?");
      if (may.applies()) {
        administered.push_back(client);
      } else if (item.decision.applies()) {
        item.decision = may;
      }
    }
    if (administered.size() > 1) {
      throw Error(ExitCode::usage, ambiguous_clients(session.store, ref, administered));
    }
    if (administered.empty()) {
      if (item.decision.applies()) {
        item.decision = Decision::not_found(fmt::format("no client account {}", in_quotes(ref)));
      }
      return std::nullopt;
    }
    return administered.front();
  }

  void write(ChangeSet& writes, const Session& session, const Staff& actor, const Staff& grantee,
             const ClientAccount& client, const std::optional<AccessGrant>& held,
             const std::string& now) const {
    if (held) {
      writes.removed_grants.push_back({grantee.id, client.id, held->granted_at, held->until});
    }
    if (grants()) {
      // A new `until` for a grant held already keeps the grant's own start.
      writes.added_grants.push_back(
          {grantee.id, client.id, held ? held->granted_at : now, m_until});
    }
    const nlohmann::ordered_json staff = {{"id", grantee.id}, {"email", grantee.email}};
    nlohmann::ordered_json detail = {{"staff", staff}};
    if (grants() && m_until) {
      detail["until"] = *m_until;
    }
    writes.events.push_back({make_event(session, actor, grants() ? "access.grant" : "access.revoke",
                                        subject_of(client), detail_json(detail)),
                             std::nullopt});
  }

  bool grants() const { return m_change == AccessChange::grant; }

  AccessChange m_change;
  std::string m_staff_ref;
  std::vector<std::string> m_client_refs;
  std::optional<std::string> m_until;
};

} // namespace

BatchReport grant_access(Session& session, std::string_view staff_ref,
                         const std::vector<std::string>& client_refs,
                         const std::optional<std::string>& until, const BatchOptions& options) {
  return run_batch(session, ChangeAccess(AccessChange::grant, staff_ref, client_refs, until),
                   options);
}

BatchReport revoke_access(Session& session, std::string_view staff_ref,
                          const std::vector<std::string>& client_refs,
                          const BatchOptions& options) {
  return run_batch(session, ChangeAccess(AccessChange::revoke, staff_ref, client_refs), options);
}

void list_access(Session& session, const std::optional<std::string>& staff_ref,
                 const Sink<AccessGrant>& sink) {
  const auto transaction = session.store.begin(TxMode::read);
  const Staff actor = authenticate(session);
  std::optional<Id> requested_staff;
  if (staff_ref) {
    requested_staff = resolve_staff(session.store, *staff_ref).id;
  }
  const GrantListing listing = decide_grant_listing(actor, requested_staff);
  require(listing.decision);
  GrantFilter filter;
  filter.scope = listing.scope;
  filter.staff_id = listing.staff_id;
  session.store.list_grants(filter, sink);
}

} // namespace acctctl
