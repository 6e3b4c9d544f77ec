// A change set in PostgreSQL: a few set-based statements, in the caller's transaction, in
// the order every engine writes one (store/sql/write_order.hpp).
#include "store/postgres/postgres_store.hpp"

namespace acctctl::postgres {

AppliedIds PostgresStore::apply(const ChangeSet& changes, const WriteCheckpoint& checkpoint) {
  // The single-row inserts (a practice, a client…) come one at a time, the users in bulk.
  return sql::write_change_set(*this, changes, checkpoint);
}

void PostgresStore::delete_users(const std::vector<Id>& ids, sql::RowProgress& progress) {
  if (!ids.empty()) {
    ArrayLiteral removed;
    for (const Id id : ids) {
      removed.add(id);
    }
    m_conn.exec("DELETE FROM client_users WHERE id = ANY($1::bigint[])",
                Params().add(removed.text()));
  }
  progress.written(ids.size());
}

} // namespace acctctl::postgres
