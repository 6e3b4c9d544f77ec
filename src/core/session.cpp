#include "acctctl/session.hpp"

#include <iterator>
#include <type_traits>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/format.hpp"
#include "acctctl/interrupt.hpp"
#include "acctctl/suggest.hpp"
#include "acctctl/user_fields.hpp"
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

// A field's value as JSON text.
void append_json_value(std::string& out, const FieldValue& value) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          out += "null";
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          fmt::format_to(std::back_inserter(out), "{}", v);
        } else if constexpr (std::is_same_v<T, std::string_view>) {
          append_json_string(out, v);
        } else {
          out += '[';
          for (const std::string_view name : v.name_views()) {
            if (out.back() != '[') {
              out += ',';
            }
            append_json_string(out, name);
          }
          out += ']';
        }
      },
      value);
}

} // namespace

void Session::checkpoint(std::size_t done, std::size_t total) const {
  throw_if_interrupted();
  if (progress) {
    progress(done, total);
  }
}

Staff authenticate(Session& session) {
  if (!session.actor_email || session.actor_email->empty()) {
    throw Error(ExitCode::usage,
                "no actor: say who is acting with --as EMAIL or ACCTCTL_ACTOR=EMAIL");
  }
  auto actor = session.store.find_staff_by_email(*session.actor_email);
  if (!actor) {
    throw Error(ExitCode::denied, fmt::format("{} is not staff of this store: permission denied",
                                              in_quotes(*session.actor_email)));
  }
  return *actor;
}

void require(const Decision& decision) {
  if (decision.fails()) {
    throw Error(decision.exit_code(), decision.reason);
  }
}

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

EventSubject subject_of(const ClientAccount& client) {
  return {client.practice_id, client.id, client.name, std::nullopt, std::nullopt};
}

EventSubject subject_of(const ClientAccount& client, const ClientUser& user) {
  return {client.practice_id, client.id, client.name, user.id, user.name};
}

AuditEvent make_event(const Session& session, const Staff& actor, std::string_view action,
                      EventSubject subject, std::string detail_json) {
  return make_event(session.clock.now(), actor, action, std::move(subject), std::move(detail_json));
}

AuditEvent make_event(std::string at, const Staff& actor, std::string_view action,
                      EventSubject subject, std::string detail_json) {
  AuditEvent event;
  event.at = std::move(at);
  event.actor = actor.email;
  event.action = action;
  event.practice_id = subject.practice_id;
  event.client_id = subject.client_id;
  event.client = std::move(subject.client);
  event.user_id = subject.user_id;
  event.user = std::move(subject.user);
  event.detail_json = std::move(detail_json);
  return event;
}

void record_event(Session& session, const Staff& actor, std::string_view action,
                  EventSubject subject, std::string detail_json) {
  ChangeSet changes;
  changes.events.push_back(
      {make_event(session, actor, action, std::move(subject), std::move(detail_json)),
       std::nullopt});
  session.store.apply(changes, {});
}

std::string user_changes(const ClientUser* before, const ClientUser* after,
                         std::optional<std::int64_t> documents_kept) {
  // Written as text, not through a JSON tree: a batch writes one of these per user. A user
  // who is not there (added, removed) has every field null.
  // Built in a buffer that keeps its capacity from call to call, then copied at its size: a
  // batch keeps one detail per user, and growing each one (a new user's is ~550 bytes) cost
  // five allocations.
  thread_local std::string detail;
  detail.assign(1, '{');
  for (const UserField& field : k_user_field_table) {
    if (!field.audited) {
      continue;
    }
    const FieldValue old_value = before != nullptr ? field.get(*before) : FieldValue();
    const FieldValue new_value = after != nullptr ? field.get(*after) : FieldValue();
    if (old_value == new_value) {
      continue;
    }
    if (detail.size() > 1) {
      detail += ',';
    }
    append_json_string(detail, field.key);
    detail += ":{\"before\":";
    append_json_value(detail, old_value);
    detail += ",\"after\":";
    append_json_value(detail, new_value);
    detail += '}';
  }
  if (documents_kept) {
    detail += fmt::format("{}\"documents_kept\":{}", detail.size() > 1 ? "," : "", *documents_kept);
  }
  detail += '}';
  return detail;
}

namespace {

template <typename Row>
Id insert_one(Store& store, std::vector<Row> ChangeSet::*rows, std::vector<Id> AppliedIds::*ids,
              const Row& row) {
  ChangeSet changes;
  (changes.*rows).push_back(row);
  return (store.apply(changes, {}).*ids).at(0);
}

} // namespace

Id insert_row(Store& store, const Practice& practice) {
  return insert_one(store, &ChangeSet::inserted_practices, &AppliedIds::practices, practice);
}

Id insert_row(Store& store, const Staff& staff) {
  return insert_one(store, &ChangeSet::inserted_staff, &AppliedIds::staff, staff);
}

Id insert_row(Store& store, const ClientAccount& client) {
  return insert_one(store, &ChangeSet::inserted_clients, &AppliedIds::clients, client);
}

Id insert_row(Store& store, const Document& document) {
  return insert_one(store, &ChangeSet::inserted_documents, &AppliedIds::documents, document);
}

} // namespace acctctl
