// `audit follow`: every committed event once, in id order, across restarts (SPEC §4.1).
//
// Why a position in ids is enough although PostgreSQL's writers commit out of id order: the
// follower reads only up to the store's horizon (Store::audit_horizon), below which no event
// can still be committed, and then takes the horizon as its position, whether or not the
// actor may read the events just below it. An event it prints later has a higher id than
// every event it printed, so `--after` the last printed id resumes without a gap or a repeat.
// A long writer holds the horizon below its ids, and so delays (never hides) the events of
// others that committed after it took its ids.
#include "acctctl/service/audit.hpp"

#include "acctctl/error.hpp"
#include "service/client_state.hpp"

namespace acctctl {

AuditFollower::AuditFollower(Session& session, const std::optional<std::string>& client_ref,
                             std::optional<Id> after)
    : m_session(session) {
  // The horizon before the read, as in poll(): "from now on" is every event after it.
  const Id horizon = session.store.audit_horizon();
  const auto transaction = session.store.begin(TxMode::read);
  const Staff actor = authenticate(session);
  if (client_ref) {
    m_client_id = load_client_context(session, actor, *client_ref, DocumentCounts::skip).client.id;
  }
  m_position = after.value_or(horizon);
}

std::size_t AuditFollower::poll(const Sink<AuditEvent>& sink) {
  const Id horizon = m_session.store.audit_horizon();
  if (horizon <= m_position) {
    return 0;
  }
  std::size_t count = 0;
  {
    const auto transaction = m_session.store.begin(TxMode::read);
    // Each time: an actor deactivated, or whose grants changed, reads what it may now.
    const Staff actor = authenticate(m_session);
    AuditFilter filter;
    filter.scope = scope_of(actor);
    filter.client_id = m_client_id;
    filter.after_id = m_position;
    filter.up_to_id = horizon;
    filter.oldest_first = true;
    m_session.store.list_audit(filter, [&](const AuditEvent& event) {
      sink(event);
      ++count;
    });
  }
  m_position = horizon;
  return count;
}

} // namespace acctctl
