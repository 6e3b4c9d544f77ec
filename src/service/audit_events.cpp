#include "service/audit_events.hpp"

#include <fmt/format.h>

#include "acctctl/fields/user_fields.hpp"
#include "acctctl/format/field_json.hpp"
#include "acctctl/format/writers.hpp"

namespace acctctl {

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
    append_json_value(detail, old_value, field.kind);
    detail += ",\"after\":";
    append_json_value(detail, new_value, field.kind);
    detail += '}';
  }
  if (documents_kept) {
    detail += fmt::format("{}\"documents_kept\":{}", detail.size() > 1 ? "," : "", *documents_kept);
  }
  detail += '}';
  return detail;
}

} // namespace acctctl
