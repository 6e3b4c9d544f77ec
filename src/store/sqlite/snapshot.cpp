// Replacing the whole store with a Snapshot, for import.
#include "store/sqlite/sqlite_store.hpp"

namespace acctctl::sqlite {

void SqliteStore::replace_with(const Snapshot& snapshot,
                               const std::function<void(std::size_t, std::size_t)>& progress) {
  // The caller holds the write transaction; R13's guard is lifted only inside it, because an
  // import replaces the audit trail with the one it brings.
  m_db.exec(k_drop_audit_guard_sql);
  m_db.exec("DELETE FROM audit_events; DELETE FROM documents; "
            "DELETE FROM client_users; DELETE FROM access_grants; DELETE FROM clients; "
            "DELETE FROM staff; DELETE FROM practices;");
  m_db.exec(k_audit_guard_sql);

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
    insert_grant({row.staff_id, row.client_id, row.granted_at});
  });
  each(snapshot.users, [&](const ClientUser& row) { insert_user(row); });
  each(snapshot.documents, [&](const Document& row) { insert_document(row); });
  each(snapshot.audit, [&](const AuditEvent& row) { append_audit(row); });
}

} // namespace acctctl::sqlite
