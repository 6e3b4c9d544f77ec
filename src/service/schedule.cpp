// acctctl due: the scheduled starts and ends that have come (R15, SPEC §3.2).
#include <algorithm>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/service/schedule.hpp"
#include "service/audit_events.hpp"
#include "service/event_detail.hpp"
#include "service/references.hpp"

namespace acctctl {
namespace {

// The detail of a user change, marked as the schedule's, not a person's.
std::string scheduled_detail(const ClientUser& before, const ClientUser& after) {
  nlohmann::ordered_json detail = nlohmann::ordered_json::parse(user_changes(&before, &after));
  detail["scheduled"] = true;
  return detail_json(detail);
}

// One client account's due transitions, planned under its lock: a second `due` waits for the
// first and then finds nothing left.
class DueForClient final : public BatchOperation {
public:
  explicit DueForClient(Id client_id) : m_client_id(client_id) {}

  bool may_ask() const override { return false; }

  Plan plan(Session& session, const Staff& actor) const override {
    Store& store = session.store;
    store.lock_clients({m_client_id});
    const std::optional<ClientAccount> client = store.find_client(m_client_id);
    Plan plan{"due", "scheduled access"};
    plan.across_clients = true;
    if (!client) {
      return plan; // removed meanwhile (only by import): nothing left to do
    }
    const std::string now = session.clock.now();
    UserFilter users;
    users.client_id = client->id;
    users.due_by = now;
    store.list_users(users, [&](const UserListing& listing) {
      plan_user(plan, session, actor, *client, listing.user, now);
    });
    GrantFilter grants;
    grants.client_id = client->id;
    grants.ended_by = now;
    store.list_grants(grants, [&](const AccessGrant& grant) {
      plan_revoke(plan, session, actor, *client, grant);
    });
    return plan;
  }

private:
  static void plan_user(Plan& plan, const Session& session, const Staff& actor,
                        const ClientAccount& client, const ClientUser& user,
                        const std::string& now) {
    const DueChange change = due_change(user, now);
    if (change == DueChange::none) {
      return;
    }
    const bool starts = change == DueChange::start;
    PlannedItem item = plan.item(user.name, starts ? ItemResult::enabled : ItemResult::deactivated);
    item.action = starts ? "start" : "end";
    item.about(user);
    item.client = client.name;
    UserDecision decided = decide_due(user, change, client);
    item.decision = decided.decision;
    item.warnings = std::move(decided.warnings);
    if (item.decision.applies()) {
      plan.writes.events.push_back(
          {make_event(session, actor, starts ? "user.enable" : "user.deactivate",
                      subject_of(client, *decided.after), scheduled_detail(user, *decided.after)),
           std::nullopt});
      plan.writes.update(user, std::move(*decided.after));
    }
    plan.items.push_back(std::move(item));
  }

  static void plan_revoke(Plan& plan, const Session& session, const Staff& actor,
                          const ClientAccount& client, const AccessGrant& grant) {
    PlannedItem item = plan.item(grant.staff_email, ItemResult::revoked);
    item.action = "revoke";
    item.id = grant.staff_id;
    item.client = client.name;
    plan.writes.removed_grants.push_back(
        {grant.staff_id, grant.client_id, grant.granted_at, grant.until});
    const nlohmann::ordered_json staff = {{"id", grant.staff_id}, {"email", grant.staff_email}};
    plan.writes.events.push_back(
        {make_event(session, actor, "access.revoke", subject_of(client),
                    detail_json({{"staff", staff}, {"until", *grant.until}, {"scheduled", true}})),
         std::nullopt});
    plan.items.push_back(std::move(item));
  }

  Id m_client_id;
};

// The client accounts with something due, in id order, that the actor may run `due` for.
std::vector<Id> clients_due(Session& session, const std::optional<std::string>& client_ref) {
  const auto transaction = session.store.begin(TxMode::read);
  const Staff actor = authenticate(session);
  ClientFilter filter;
  if (client_ref) {
    const ClientAccount client = resolve_client(session, actor, *client_ref);
    const auto practice = session.store.find_practice(client.practice_id);
    require(
        decide_practice_administration(actor, client.practice_id, practice ? practice->name : "?"));
    filter.client_id = client.id;
  } else {
    require(decide_due_run(actor));
    filter.scope = scope_of(actor);
  }
  filter.due_by = session.clock.now();
  filter.with_counts = false;
  std::vector<Id> ids;
  session.store.list_clients(
      filter, [&](const ClientSummary& summary) { ids.push_back(summary.client.id); });
  std::sort(ids.begin(), ids.end());
  return ids;
}

void add_to(BatchReport& all, BatchReport one) {
  all.applied = all.applied || one.applied;
  for (ItemReport& item : one.items) {
    all.items.push_back(std::move(item));
  }
  for (std::string& warning : one.warnings) {
    all.warnings.push_back(std::move(warning));
  }
  if (all.exit_code == ExitCode::success) {
    all.exit_code = one.exit_code;
  }
}

} // namespace

BatchReport apply_due(Session& session, const std::optional<std::string>& client_ref,
                      const BatchOptions& options) {
  BatchReport all;
  all.action = "due";
  all.subject = "scheduled access";
  all.dry_run = options.dry_run;
  all.with_client = true;
  std::vector<std::string> busy;
  for (const Id client_id : clients_due(session, client_ref)) {
    try {
      add_to(all, run_batch(session, DueForClient(client_id), options));
    } catch (const Error& error) {
      if (error.code() != ExitCode::busy) {
        throw;
      }
      busy.emplace_back(error.what());
    }
  }
  if (!busy.empty()) {
    // The others are applied: each client account is its own transaction.
    all.refusal = fmt::format("{}; the other client accounts' changes are applied: run "
                              "`acctctl due` again",
                              fmt::join(busy, "; "));
    all.exit_code = ExitCode::busy;
  }
  return all;
}

} // namespace acctctl
