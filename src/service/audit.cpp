// The audit trail as staff read it: newest first, within the actor's reach (R1, R13).
#include "acctctl/service/audit.hpp"

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "service/client_state.hpp"

namespace acctctl {

void list_audit(Session& session, const AuditQuery& query, const Sink<AuditEvent>& sink) {
  const auto transaction = session.store.begin(TxMode::read);
  const Staff actor = authenticate(session);
  AuditFilter filter;
  filter.scope = scope_of(actor);
  filter.since = query.since;
  filter.batch = query.batch;
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

std::vector<ChainSummary> verify_audit(Session& session,
                                       const std::optional<std::string>& client_ref) {
  const auto transaction = session.store.begin(TxMode::read);
  const Staff actor = authenticate(session);
  AuditFilter filter;
  filter.scope = scope_of(actor);
  filter.oldest_first = true;
  // Practice staff read a practice's own store events, not the store's whole chain.
  filter.with_store_chain = actor.role == StaffRole::support;
  if (client_ref) {
    filter.client_id =
        load_client_context(session, actor, *client_ref, DocumentCounts::skip).client.id;
  }
  ChainVerifier chains;
  session.store.list_audit(filter, [&](const AuditEvent& event) {
    if (!chains.add(event)) {
      throw Error(ExitCode::store_error,
                  fmt::format("audit chain {} breaks at event {}: it was changed, or an event "
                              "before it in this chain was removed or changed",
                              chain_name(event.client_id), event.id));
    }
  });
  return chains.summaries();
}

} // namespace acctctl
