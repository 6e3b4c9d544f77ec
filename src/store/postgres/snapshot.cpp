// Replacing the whole store with a Snapshot, for import, in the order every engine writes
// one (store/sql/write_order.hpp).
#include "acctctl/error.hpp"
#include "store/postgres/postgres_store.hpp"

namespace acctctl::postgres {

void PostgresStore::replace_with(const Snapshot& snapshot,
                                 const std::function<void(std::size_t, std::size_t)>& progress) {
  // Users and events are the bulk: a few statements whatever their number.
  sql::write_snapshot(*this, snapshot, progress);
}

void PostgresStore::remove_every_row() {
  // The caller holds the write transaction, begun as TxMode::replace: no other command reads
  // or writes until it ends (take_store_exclusively), so that none reads the emptied tables
  // with a snapshot from before. R13's guard lets this one transaction rewrite the trail,
  // because an import replaces it with the one it brings.
  // The transaction's id, the one trace of an import whose COMMIT's answer is lost: the events
  // it writes are the batches of the store it brings.
  const Result xid = m_conn.exec("SELECT set_config('acctctl.importing', 'on', true), "
                                 "txid_current()");
  if (m_write) {
    m_write->import_xid = xid.integer(0, 1);
  }
  m_conn.exec_script("TRUNCATE audit_events, documents, user_permissions, client_users, "
                     "access_grants, clients, staff, practices");
  m_conn.exec("SELECT set_config('acctctl.importing', 'off', true)");
}

void PostgresStore::insert_events(const std::vector<AuditEvent>& events,
                                  sql::RowProgress& progress) {
  write_events(events);
  progress.written(events.size());
}

void PostgresStore::after_import() {
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
