#include "service/references.hpp"

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/suggest.hpp"
#include "acctctl/values.hpp"

namespace acctctl {
namespace {

std::string list_candidates(const std::vector<ClientAccount>& clients, Store& store) {
  std::vector<std::string> names;
  for (const ClientAccount& client : clients) {
    const auto practice = store.find_practice(client.practice_id);
    names.push_back(fmt::format("{} (id {}, practice {})", client.name, client.id,
                                practice ? practice->name : "?"));
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

} // namespace

std::vector<ClientAccount> find_clients(Store& store, std::string_view ref) {
  std::vector<ClientAccount> matches;
  if (const auto id = parse_id(ref)) {
    if (auto client = store.find_client(*id)) {
      matches.push_back(*client);
    }
  }
  for (ClientAccount& client : store.find_clients_by_name(ref)) {
    if (matches.empty() || matches.front().id != client.id) {
      matches.push_back(std::move(client));
    }
  }
  return matches;
}

std::string ambiguous_clients(Store& store, std::string_view ref,
                              const std::vector<ClientAccount>& candidates) {
  return fmt::format("client {} is ambiguous: it matches {}; use an id", in_quotes(ref),
                     list_candidates(candidates, store));
}

ClientAccount resolve_client(Session& session, const Staff& actor, std::string_view ref) {
  Store& store = session.store;
  const std::vector<ClientAccount> matches = find_clients(store, ref);
  if (matches.empty()) {
    // Suggestions come only from the clients the actor reaches (R1): never a hint of others.
    ClientFilter reachable_only;
    reachable_only.scope = scope_of(actor);
    reachable_only.with_counts = false; // names only: a typo must not count a big store's users
    std::vector<std::string> names;
    store.list_clients(reachable_only,
                       [&](const ClientSummary& row) { names.push_back(row.client.name); });
    const std::string hint = did_you_mean(ref, names);
    throw Error(ExitCode::not_found,
                fmt::format("no client account {}{}", in_quotes(ref),
                            hint.empty() ? ": see `acctctl clients list`" : hint));
  }
  // A name shared by clients of several practices means the one the actor reaches.
  std::vector<ClientAccount> reachable;
  Decision first_denial;
  for (const ClientAccount& client : matches) {
    const Decision access =
        decide_client_access(actor, client, store.has_grant(actor.id, client.id));
    if (access.applies()) {
      reachable.push_back(client);
    } else if (!first_denial.fails()) {
      first_denial = access;
    }
  }
  if (reachable.empty()) {
    throw Error(ExitCode::denied, first_denial.reason);
  }
  if (reachable.size() > 1) {
    throw Error(ExitCode::usage, ambiguous_clients(store, ref, reachable));
  }
  return reachable.front();
}

Practice resolve_practice(Store& store, std::string_view ref) {
  if (const auto id = parse_id(ref)) {
    if (auto practice = store.find_practice(*id)) {
      return *practice;
    }
  }
  auto by_name = store.find_practices_by_name(ref);
  if (by_name.empty()) {
    throw Error(ExitCode::not_found,
                fmt::format("no practice {}: see `acctctl practices list`", in_quotes(ref)));
  }
  return by_name.front(); // practice names are unique
}

Staff resolve_staff(Store& store, std::string_view ref) {
  if (const auto id = parse_id(ref)) {
    if (auto staff = store.find_staff(*id)) {
      return *staff;
    }
  }
  if (auto staff = store.find_staff_by_email(ref)) {
    return *staff;
  }
  throw Error(ExitCode::not_found,
              fmt::format("no staff member {}: see `acctctl staff list`", in_quotes(ref)));
}

} // namespace acctctl
