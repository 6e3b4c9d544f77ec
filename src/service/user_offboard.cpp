// users offboard: one person's users across client accounts, in one batch (SPEC §3.3).
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/service/users.hpp"
#include "acctctl/values.hpp"
#include "service/audit_events.hpp"
#include "service/client_state.hpp"
#include "service/event_detail.hpp"
#include "service/references.hpp"

namespace acctctl {
namespace {

bool is_persons(const ClientUser& user, const std::string& key) {
  return (user.email && fold_key(*user.email) == key) ||
         (user.username && fold_key(*user.username) == key);
}

class OffboardPerson final : public BatchOperation {
public:
  OffboardPerson(std::string_view person, StatusChange change, std::vector<std::string> clients)
      : m_person(person), m_key(fold_key(person)), m_change(change),
        m_client_refs(std::move(clients)) {}

  bool may_ask() const override { return true; }

  // A fixed number of queries whatever the number of clients: the person's users by the
  // email and username indexes, their clients' rows locked and read at once, the actor's
  // grants, and the documents of the users found.
  Plan plan(Session& session, const Staff& actor) const override {
    Store& store = session.store;
    std::optional<std::unordered_set<Id>> named; // --client: only these (each exit 3 or 5)
    if (!m_client_refs.empty()) {
      named.emplace();
      for (const std::string& ref : m_client_refs) {
        named->insert(resolve_client(session, actor, ref).id);
      }
    }
    std::vector<Id> client_ids;
    for (const UserListing& match : persons_users(store, named)) {
      client_ids.push_back(match.user.client_id);
    }
    std::sort(client_ids.begin(), client_ids.end());
    client_ids.erase(std::unique(client_ids.begin(), client_ids.end()), client_ids.end());
    // Locked in id order, then read again: what the lock protects is what is planned.
    store.lock_clients(client_ids);
    const std::unordered_set<Id> locked(client_ids.begin(), client_ids.end());
    std::unordered_map<Id, ClientAccount> clients;
    for (ClientAccount& client : store.load_clients(client_ids)) {
      clients.emplace(client.id, std::move(client));
    }
    const std::unordered_set<Id> granted = granted_clients(store, actor);
    std::vector<UserListing> users;
    for (UserListing& match : persons_users(store, locked)) {
      const auto client = clients.find(match.user.client_id);
      if (client != clients.end() &&
          decide_client_access(actor, client->second, granted.count(client->first) > 0).applies()) {
        users.push_back(std::move(match));
      }
    }
    if (users.empty()) {
      throw Error(ExitCode::not_found,
                  fmt::format("no user with email or username {} in the client accounts you may "
                              "manage{}",
                              in_quotes(m_person), named ? " that --client names" : ""));
    }
    std::vector<Id> user_ids;
    user_ids.reserve(users.size());
    for (const UserListing& listing : users) {
      user_ids.push_back(listing.user.id);
    }
    const std::unordered_map<Id, std::int64_t> documents = store.count_documents_of(user_ids);
    return plan_for(session, actor, users, clients, documents);
  }

private:
  // The person's users (by email or username, not by id), in client-name order.
  std::vector<UserListing> persons_users(Store& store,
                                         const std::optional<std::unordered_set<Id>>& only) const {
    std::vector<UserListing> found = store.find_users_by_ref(m_person);
    found.erase(std::remove_if(found.begin(), found.end(),
                               [&](const UserListing& match) {
                                 return !is_persons(match.user, m_key) ||
                                        (only && only->count(match.user.client_id) == 0);
                               }),
                found.end());
    return found;
  }

  static std::unordered_set<Id> granted_clients(Store& store, const Staff& actor) {
    std::unordered_set<Id> granted;
    if (actor.role == StaffRole::member) {
      GrantFilter filter;
      filter.staff_id = actor.id;
      store.list_grants(filter, [&](const AccessGrant& grant) { granted.insert(grant.client_id); });
    }
    return granted;
  }

  Plan plan_for(Session& session, const Staff& actor, const std::vector<UserListing>& users,
                const std::unordered_map<Id, ClientAccount>& clients,
                const std::unordered_map<Id, std::int64_t>& documents) const {
    const bool remove = m_change == StatusChange::remove;
    std::vector<std::string> names;
    for (const UserListing& listing : users) {
      if (std::find(names.begin(), names.end(), listing.client) == names.end()) {
        names.push_back(listing.client);
      }
    }
    Plan plan{remove ? "remove" : "deactivate",
              fmt::format("{} in {} {}", m_person, names.size() == 1 ? "client" : "client accounts",
                          fmt::join(names, ", "))};
    plan.across_clients = true;
    plan.confirmation = remove ? Confirmation::typed_delete : Confirmation::yes_no;
    const std::string now = session.clock.now();
    const std::string event = remove ? "user.remove" : "user.deactivate";
    for (const UserListing& listing : users) {
      const ClientUser& user = listing.user;
      const ClientAccount& client = clients.at(user.client_id);
      PlannedItem& item = plan.items.emplace_back(
          plan.item(m_person, remove ? ItemResult::removed : ItemResult::deactivated));
      item.about(user);
      item.client = listing.client;
      const auto counted = documents.find(user.id);
      item.documents = counted == documents.end() ? 0 : counted->second;
      UserDecision decided = decide_status_change(user, m_change, now, client);
      item.decision = std::move(decided.decision);
      item.warnings = std::move(decided.warnings);
      item.consequence = fmt::format("{} (client {})",
                                     remove ? removal_consequence(item.documents)
                                            : deactivation_consequence(item.documents),
                                     listing.client);
      if (!item.decision.applies()) {
        continue;
      }
      if (remove) {
        plan.writes.events.push_back({make_event(now, actor, event, subject_of(client, user),
                                                 user_changes(&user, nullptr, item.documents)),
                                      std::nullopt});
        plan.writes.removed_users.push_back(user.id);
      } else {
        plan.writes.events.push_back({make_event(now, actor, event, subject_of(client, user),
                                                 user_changes(&user, &*decided.after)),
                                      std::nullopt});
        plan.writes.update(user, std::move(*decided.after));
      }
    }
    return plan;
  }

  std::string m_person;
  std::string m_key;
  StatusChange m_change;
  std::vector<std::string> m_client_refs;
};

} // namespace

BatchReport offboard_person(Session& session, std::string_view person, StatusChange change,
                            std::vector<std::string> client_refs, const BatchOptions& options,
                            Confirmer& confirmer) {
  return run_batch(session, OffboardPerson(person, change, std::move(client_refs)), options,
                   confirmer);
}

} // namespace acctctl
