// Documents: filed under a user, kept when they leave (R5, R7).
#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/service/documents.hpp"
#include "service/audit_events.hpp"
#include "service/client_state.hpp"
#include "service/event_detail.hpp"

namespace acctctl {

DocumentListing add_document(Session& session, std::string_view client_ref,
                             std::string_view user_ref, std::string_view title) {
  const auto transaction = session.store.begin(TxMode::write);
  const Staff actor = authenticate(session);
  const ClientContext context =
      load_client_context(session, actor, client_ref, DocumentCounts::skip);
  const ClientUser& submitter = resolve_user(context, user_ref);
  const Decision decision = decide_document(submitter, session.clock.now());
  if (decision.fails()) {
    throw Error(decision.exit_code(), fmt::format("cannot file a document under {} (id {}): {}",
                                                  submitter.name, submitter.id, decision.reason));
  }
  Document document;
  document.client_id = context.client.id;
  document.title = title;
  document.submitted_by_id = submitter.id;
  document.submitted_by = submitter.name;
  document.submitted_at = session.clock.now();
  document.id = insert_row(session.store, document);
  record_event(session, actor, "document.add", subject_of(context.client, submitter),
               detail_json({{"document_id", document.id}, {"title", document.title}}));
  transaction->commit();
  return {document, context.client.name};
}

void list_documents(Session& session, std::string_view client_ref,
                    const std::optional<std::string>& user_ref, const Sink<DocumentListing>& sink) {
  const auto transaction = session.store.begin(TxMode::read);
  const Staff actor = authenticate(session);
  const ClientContext context =
      load_client_context(session, actor, client_ref, DocumentCounts::skip);
  std::optional<Id> user_id;
  if (user_ref) {
    user_id = resolve_user(context, *user_ref).id;
  }
  session.store.list_documents(context.client.id, user_id, sink);
}

} // namespace acctctl
