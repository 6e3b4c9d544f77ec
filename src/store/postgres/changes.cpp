// A change set in PostgreSQL: a few set-based statements, in the caller's transaction.
#include "store/postgres/postgres_store.hpp"

namespace acctctl::postgres {

AppliedIds PostgresStore::apply(const ChangeSet& changes, const WriteCheckpoint& checkpoint) {
  AppliedIds ids; // the single-row inserts (a practice, a client…) come one at a time
  for (const Practice& practice : changes.inserted_practices) {
    ids.practices.push_back(insert_practice(practice));
  }
  for (const Staff& staff : changes.inserted_staff) {
    ids.staff.push_back(insert_staff(staff));
  }
  for (const ClientAccount& client : changes.inserted_clients) {
    ids.clients.push_back(insert_client(client));
  }
  const std::size_t total = changes.user_rows();
  std::size_t done = 0;
  const auto written = [&](std::size_t rows) {
    done += rows;
    if (checkpoint && rows > 0) {
      checkpoint(done, total);
    }
  };
  if (!changes.removed_users.empty()) {
    ArrayLiteral removed;
    for (const Id id : changes.removed_users) {
      removed.add(id);
    }
    m_conn.exec("DELETE FROM client_users WHERE id = ANY($1::bigint[])",
                Params().add(removed.text()));
  }
  written(changes.removed_users.size());
  update_users(changes.updated_users);
  written(changes.updated_users.size());
  ids.users = insert_users(changes.inserted_users, false);
  const std::vector<Id>& inserted = ids.users;
  written(changes.inserted_users.size());
  for (const Document& document : changes.inserted_documents) {
    ids.documents.push_back(insert_document(document));
  }
  for (const GrantChange& grant : changes.removed_grants) {
    m_conn.exec("DELETE FROM access_grants WHERE staff_id = $1 AND client_id = $2",
                Params().add(grant.staff_id).add(grant.client_id));
  }
  for (const GrantChange& grant : changes.added_grants) {
    m_conn.exec("INSERT INTO access_grants (staff_id, client_id, granted_at) VALUES ($1, $2, $3)",
                Params().add(grant.staff_id).add(grant.client_id).add(grant.granted_at));
  }
  std::vector<AuditEvent> events;
  events.reserve(changes.events.size());
  for (const PendingEvent& pending : changes.events) {
    events.push_back(pending.event);
    if (pending.inserted_user) {
      events.back().user_id = inserted.at(*pending.inserted_user);
    }
  }
  insert_events(events, false);
  return ids;
}

} // namespace acctctl::postgres
