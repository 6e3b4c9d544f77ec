// Replacing the whole store with a Snapshot, for import.
#include "store/postgres/postgres_store.hpp"

namespace acctctl::postgres {

void PostgresStore::replace_with(const Snapshot& snapshot,
                                 const std::function<void(std::size_t, std::size_t)>& progress) {
  // The caller holds the write transaction; R13's guard lets this one transaction rewrite the
  // trail, because an import replaces it with the one it brings.
  m_conn.exec("SELECT set_config('acctctl.importing', 'on', true)");
  m_conn.exec_script("TRUNCATE audit_events, documents, user_permissions, client_users, "
                     "access_grants, clients, staff, practices");
  m_conn.exec("SELECT set_config('acctctl.importing', 'off', true)");
  const std::size_t total = snapshot.rows();
  std::size_t done = 0;
  const auto each = [&](const auto& rows, const auto& insert) {
    for (const auto& row : rows) {
      insert(row);
      progress(++done, total);
    }
  };
  each(snapshot.practices, [&](const Practice& row) { insert_practice(row); });
  each(snapshot.staff, [&](const Staff& row) { insert_staff(row); });
  each(snapshot.clients, [&](const ClientAccount& row) { insert_client(row); });
  each(snapshot.access, [&](const AccessGrant& row) {
    m_conn.exec("INSERT INTO access_grants (staff_id, client_id, granted_at) VALUES ($1, $2, $3)",
                Params().add(row.staff_id).add(row.client_id).add(row.granted_at));
  });
  // Users and events are the bulk: a few statements whatever their number.
  insert_users(snapshot.users, true);
  done += snapshot.users.size();
  progress(done, total);
  each(snapshot.documents, [&](const Document& row) { insert_document(row); });
  insert_events(snapshot.audit, true);
  done += snapshot.audit.size();
  progress(done, total);
  // Explicit ids leave the sequences behind: new rows continue after the highest.
  m_conn.exec_script("SELECT setval(pg_get_serial_sequence(t, 'id'), greatest(m, 1), m > 0) FROM ("
                     "SELECT 'practices' AS t, coalesce(max(id), 0) AS m FROM practices UNION ALL "
                     "SELECT 'staff', coalesce(max(id), 0) FROM staff UNION ALL "
                     "SELECT 'clients', coalesce(max(id), 0) FROM clients UNION ALL "
                     "SELECT 'client_users', coalesce(max(id), 0) FROM client_users UNION ALL "
                     "SELECT 'documents', coalesce(max(id), 0) FROM documents UNION ALL "
                     "SELECT 'audit_events', coalesce(max(id), 0) FROM audit_events) AS maxima");
}

} // namespace acctctl::postgres
