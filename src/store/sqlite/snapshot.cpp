// Replacing the whole store with a Snapshot, for import, in the order every engine writes
// one (store/sql/write_order.hpp).
#include "store/sqlite/sqlite_store.hpp"

namespace acctctl::sqlite {

void SqliteStore::replace_with(const Snapshot& snapshot,
                               const std::function<void(std::size_t, std::size_t)>& progress) {
  sql::write_snapshot(*this, snapshot, progress);
}

void SqliteStore::remove_every_row() {
  // The caller holds the write transaction; R13's guard is lifted only inside it, because an
  // import replaces the audit trail with the one it brings.
  m_db.exec(k_drop_audit_guard_sql);
  m_db.exec("DELETE FROM audit_events; DELETE FROM documents; "
            "DELETE FROM client_users; DELETE FROM access_grants; DELETE FROM clients; "
            "DELETE FROM staff; DELETE FROM practices;");
  m_db.exec(k_audit_guard_sql);
}

void SqliteStore::insert_events(const std::vector<AuditEvent>& events, sql::RowProgress& progress) {
  for (const AuditEvent& event : events) {
    append_audit(event);
    progress.written(1);
  }
}

} // namespace acctctl::sqlite
