#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "acctctl/clock.hpp"
#include "acctctl/model.hpp"
#include "acctctl/rules.hpp"
#include "acctctl/store.hpp"

// What every service function starts from: the store, the time, and who is acting.
namespace acctctl {

// Told how far a long write has come; the CLI shows it on a terminal.
using ProgressFn = std::function<void(std::size_t done, std::size_t total)>;

struct Session {
  Store& store;
  const Clock& clock;
  std::optional<std::string> actor_email; // --as / ACCTCTL_ACTOR
  ProgressFn progress = {};

  // The check point of a long write, once per item: reports progress and stops the command
  // (Error 130/143, the transaction rolls back) if SIGINT or SIGTERM arrived.
  void checkpoint(std::size_t done, std::size_t total) const;
};

// One new row through a change set, in the caller's transaction; returns the id it got.
Id insert_row(Store& store, const Practice& practice);
Id insert_row(Store& store, const Staff& staff);
Id insert_row(Store& store, const ClientAccount& client);
Id insert_row(Store& store, const Document& document);

// R1: the actor must be a known staff member (missing: exit 2, unknown: exit 5).
Staff authenticate(Session& session);

// Throws Error(decision's exit code, reason) unless the decision lets the command go on.
void require(const Decision& decision);

// Every client account whose id or name (case-insensitive) is `ref`, whoever may see it.
std::vector<ClientAccount> find_clients(Store& store, std::string_view ref);
std::string ambiguous_clients(Store& store, std::string_view ref,
                              const std::vector<ClientAccount>& candidates);
// References (SPEC.md §3). Each throws Error: not found (3), ambiguous (2), denied (5).
ClientAccount resolve_client(Session& session, const Staff& actor, std::string_view ref);
Practice resolve_practice(Store& store, std::string_view ref);
Staff resolve_staff(Store& store, std::string_view ref);

// Where an audit event belongs; names are kept as they are now, so the trail still reads
// after a removal or rename.
struct EventSubject {
  std::optional<Id> practice_id;
  std::optional<Id> client_id;
  std::optional<std::string> client;
  std::optional<Id> user_id;
  std::optional<std::string> user;
};
EventSubject subject_of(const ClientAccount& client);
EventSubject subject_of(const ClientAccount& client, const ClientUser& user);

// R13: one event per change, written in the caller's transaction (record_event) or with the
// rest of a change set (make_event). The detail is a JSON object's text (user_changes,
// detail_json).
AuditEvent make_event(const Session& session, const Staff& actor, std::string_view action,
                      EventSubject subject, std::string detail_json);
AuditEvent make_event(std::string at, const Staff& actor, std::string_view action,
                      EventSubject subject, std::string detail_json);
void record_event(Session& session, const Staff& actor, std::string_view action,
                  EventSubject subject, std::string detail_json);

// The audit detail of a user change: {"field": {"before": …, "after": …}} for each field that
// differs; `before` or `after` may be absent (an add, a removal); a removal says how many
// documents stay. JSON text, compact.
std::string user_changes(const ClientUser* before, const ClientUser* after,
                         std::optional<std::int64_t> documents_kept = std::nullopt);

} // namespace acctctl
