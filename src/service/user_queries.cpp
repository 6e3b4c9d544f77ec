// Reading client users: list, show, and whether one may log in or submit.
#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/service/users.hpp"
#include "acctctl/values.hpp"
#include "service/client_state.hpp"
#include "service/references.hpp"

namespace acctctl {

void list_users(Session& session, const UserQuery& query, const Sink<UserListing>& sink) {
  const auto transaction = session.store.begin(TxMode::read);
  const Staff actor = authenticate(session);
  UserFilter filter;
  filter.scope = scope_of(actor);
  if (query.client_ref) {
    filter.client_id = resolve_client(session, actor, *query.client_ref).id;
  }
  filter.status = query.status;
  filter.role = query.role;
  filter.login_access = query.login_access;
  filter.search = query.search;
  filter.ending_before = query.ending_before;
  session.store.list_users(filter, sink);
}

UserListing show_user(Session& session, std::string_view user_ref,
                      const std::optional<std::string>& client_ref) {
  const auto transaction = session.store.begin(TxMode::read);
  const Staff actor = authenticate(session);
  if (client_ref) {
    const ClientContext context =
        load_client_context(session, actor, *client_ref, DocumentCounts::skip);
    return {resolve_user(context, user_ref), context.client.name};
  }
  return find_reachable_user(session, actor, user_ref);
}

UserListing find_reachable_user(Session& session, const Staff& actor, std::string_view user_ref) {
  std::vector<UserListing> reachable;
  Decision denial;
  for (UserListing& match : session.store.find_users_by_ref(user_ref)) {
    const auto client = session.store.find_client(match.user.client_id);
    const Decision access =
        decide_client_access(actor, *client, session.store.has_grant(actor.id, client->id));
    if (access.applies()) {
      reachable.push_back(std::move(match));
    } else {
      denial = access;
    }
  }
  if (reachable.size() == 1) {
    return reachable.front();
  }
  if (reachable.size() > 1) {
    std::vector<std::string> candidates;
    candidates.reserve(reachable.size());
    for (const UserListing& match : reachable) {
      candidates.push_back(
          fmt::format("{} (id {}, client {})", match.user.name, match.user.id, match.client));
    }
    throw Error(ExitCode::usage,
                fmt::format("user {} is ambiguous: it matches {}; pass --client or use an id",
                            in_quotes(user_ref), fmt::join(candidates, ", ")));
  }
  if (denial.fails()) {
    throw Error(ExitCode::denied, denial.reason);
  }
  throw Error(ExitCode::not_found, fmt::format("no user {}", in_quotes(user_ref)));
}

CapabilityAnswer check_capability(Session& session, std::string_view client_ref,
                                  std::string_view user_ref, Capability capability) {
  const auto transaction = session.store.begin(TxMode::read);
  const Staff actor = authenticate(session);
  const ClientContext context =
      load_client_context(session, actor, client_ref, DocumentCounts::skip);
  const ClientUser& user = resolve_user(context, user_ref);
  return {user.name, decide_can(user, capability, session.clock.now())};
}

} // namespace acctctl
