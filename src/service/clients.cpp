// Client accounts: list, search, show, add.
#include <algorithm>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/service/clients.hpp"
#include "acctctl/values.hpp"
#include "service/audit_events.hpp"
#include "service/event_detail.hpp"
#include "service/references.hpp"

namespace acctctl {
namespace {

ClientSummary summarize(Store& store, Id client_id) {
  ClientFilter filter;
  filter.client_id = client_id;
  std::optional<ClientSummary> summary;
  store.list_clients(filter, [&](const ClientSummary& row) { summary = row; });
  return *summary;
}

} // namespace

void list_clients(Session& session, const ClientQuery& query, const Sink<ClientSummary>& sink) {
  const auto transaction = session.store.begin(TxMode::read);
  const Staff actor = authenticate(session);
  ClientFilter filter;
  filter.scope = scope_of(actor);
  if (query.practice_ref) {
    filter.practice_id = resolve_practice(session.store, *query.practice_ref).id;
  }
  filter.name_contains = query.name_contains;
  session.store.list_clients(filter, sink);
}

ClientSummary show_client(Session& session, std::string_view client_ref) {
  const auto transaction = session.store.begin(TxMode::read);
  const Staff actor = authenticate(session);
  return summarize(session.store, resolve_client(session, actor, client_ref).id);
}

ClientSummary add_client(Session& session, const NewClient& spec) {
  const auto transaction = session.store.begin(TxMode::write);
  const Staff actor = authenticate(session);
  const Practice practice = resolve_practice(session.store, spec.practice_ref);
  const std::vector<ClientAccount> named = session.store.find_clients_by_name(spec.name);
  const auto same_name = std::find_if(named.begin(), named.end(), [&](const ClientAccount& c) {
    return c.practice_id == practice.id;
  });
  require(
      decide_client_creation(actor, practice, same_name == named.end() ? nullptr : &*same_name));
  ClientAccount client;
  client.practice_id = practice.id;
  client.name = spec.name;
  client.contact_email = spec.contact_email;
  client.created_at = session.clock.now();
  if (spec.professional_ref) {
    const Staff professional = resolve_staff(session.store, *spec.professional_ref);
    require(decide_professional(professional, practice));
    client.professional_id = professional.id;
  }
  client.id = insert_row(session.store, client);
  record_event(session, actor, "client.add", subject_of(client),
               detail_json({{"name", client.name},
                            {"practice", practice.name},
                            {"contact_email", client.contact_email
                                                  ? nlohmann::ordered_json(*client.contact_email)
                                                  : nullptr}}));
  if (grants_access_on_creation(actor)) {
    ChangeSet grant;
    grant.added_grants.push_back({actor.id, client.id, client.created_at, std::nullopt});
    grant.events.push_back(
        {make_event(session, actor, "access.grant", subject_of(client),
                    detail_json({{"staff", {{"id", actor.id}, {"email", actor.email}}}})),
         std::nullopt});
    session.store.apply(grant, {});
  }
  ClientSummary summary = summarize(session.store, client.id);
  transaction->commit();
  return summary;
}

} // namespace acctctl
