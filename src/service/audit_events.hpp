#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "acctctl/service/session.hpp"

// Audit events (R13): who did what, to which client and user.
namespace acctctl {

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
