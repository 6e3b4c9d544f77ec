// A change set in SQLite: each row through a cached statement, in the caller's transaction,
// in the order every engine writes one (store/sql/write_order.hpp).
#include "acctctl/interrupt.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/user_columns.hpp"

namespace acctctl::sqlite {

AppliedIds SqliteStore::apply(const ChangeSet& changes, const WriteCheckpoint& checkpoint) {
  return sql::write_change_set(*this, changes, checkpoint);
}

void SqliteStore::delete_users(const std::vector<Id>& ids, sql::RowProgress& progress) {
  for (const Id user_id : ids) {
    delete_user(user_id);
    progress.written(1);
  }
}

void SqliteStore::update_users(const std::vector<UserUpdate>& updates, sql::RowProgress& progress) {
  // A run of updates that write the same values to the same columns (a batch deactivating
  // 100,000 users is one run) is one statement over their ids: row by row, SQLite's work
  // per statement cost as much as the rows' own. Runs keep the change set's order, so a
  // flag is still cleared before it is set elsewhere; inside a run every row writes the
  // same values, so rows that clash midway clash at its end too, in any order.
  for (std::size_t first = 0; first < updates.size();) {
    std::size_t end = first + 1;
    while (end < updates.size() && user_columns::same_change(updates[first], updates[end])) {
      ++end;
    }
    update_alike_users({updates.data() + first, end - first});
    progress.written(end - first);
    first = end;
  }
}

std::vector<Id> SqliteStore::insert_users(const std::vector<ClientUser>& users,
                                          sql::UserIds /*ids*/, sql::RowProgress& progress) {
  // A row keeps the id it brings; one without (id 0) gets a new one.
  std::vector<Id> inserted;
  inserted.reserve(users.size());
  for (const ClientUser& user : users) {
    inserted.push_back(insert_user(user));
    progress.written(1);
  }
  return inserted;
}

} // namespace acctctl::sqlite
