// The audit trail as staff read it: newest first, within the actor's reach (R1, R13).
#include "acctctl/service/audit.hpp"

#include "service/client_state.hpp"

namespace acctctl {

void list_audit(Session& session, const AuditQuery& query, const Sink<AuditEvent>& sink) {
  const auto transaction = session.store.begin(TxMode::read);
  const Staff actor = authenticate(session);
  AuditFilter filter;
  filter.scope = scope_of(actor);
  filter.since = query.since;
  filter.limit = query.limit;
  if (query.client_ref) {
    const ClientContext context =
        load_client_context(session, actor, *query.client_ref, DocumentCounts::skip);
    filter.client_id = context.client.id;
    if (query.user_ref) {
      filter.user_id = resolve_user(context, *query.user_ref).id;
    }
  } else if (query.user_ref) {
    filter.user_id = find_reachable_user(session, actor, *query.user_ref).user.id;
  }
  session.store.list_audit(filter, sink);
}

} // namespace acctctl
