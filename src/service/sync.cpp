// users sync: gathers the client's state in one read, plans with plan_sync, runs the batch.
#include "acctctl/service/sync.hpp"
#include "service/sync_plan.hpp"

#include "service/client_state.hpp"
#include "service/user_changes.hpp"

namespace acctctl {
namespace {

class SyncUsers final : public BatchOperation {
public:
  SyncUsers(std::string_view client_ref, Roster roster, MissingUsers missing, SyncGuards guards)
      : m_client_ref(client_ref), m_roster(std::move(roster)), m_missing(missing),
        m_guards(std::move(guards)) {}

  bool may_ask() const override { return m_missing != MissingUsers::keep; }

  Plan plan(Session& session, const Staff& actor) const override {
    ClientContext context = load_client_context(session, actor, m_client_ref, DocumentCounts::load);
    SyncState state{std::move(context.client),
                    std::move(context.users),
                    std::move(context.documents),
                    taken_usernames(session, roster_usernames(m_roster)),
                    actor,
                    session.clock.now()};
    Plan plan = plan_sync(state, m_roster, m_missing);
    plan.refusal = sync_guard_refusal(plan, state.users.size(), m_guards);
    return plan;
  }

private:
  std::string m_client_ref;
  Roster m_roster;
  MissingUsers m_missing;
  SyncGuards m_guards;
};

} // namespace

std::vector<std::string> roster_usernames(const Roster& roster) {
  std::vector<std::string> usernames;
  for (const RosterRow& row : roster.rows) {
    if (row.user.username) {
      usernames.push_back(*row.user.username);
    } else if (row.user.email) {
      usernames.push_back(*row.user.email);
    }
  }
  return usernames;
}

BatchReport sync_users(Session& session, std::string_view client_ref, Roster roster,
                       MissingUsers missing, const SyncGuards& guards, const BatchOptions& options,
                       Confirmer& confirmer) {
  return run_batch(session, SyncUsers(client_ref, std::move(roster), missing, guards), options,
                   confirmer);
}

} // namespace acctctl
