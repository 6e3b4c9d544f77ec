// A change set in SQLite: each row through a cached statement, in the caller's transaction.
#include "acctctl/interrupt.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/user_columns.hpp"

namespace acctctl::sqlite {

AppliedIds SqliteStore::apply(const ChangeSet& changes, const WriteCheckpoint& checkpoint) {
  AppliedIds ids;
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
    if (checkpoint) {
      checkpoint(done, total);
    }
  };
  for (const Id user_id : changes.removed_users) {
    delete_user(user_id);
    written(1);
  }
  // A run of updates that write the same values to the same columns (a batch deactivating
  // 100,000 users is one run) is one statement over their ids: row by row, SQLite's work
  // per statement cost as much as the rows' own. Runs keep the change set's order, so a
  // flag is still cleared before it is set elsewhere; inside a run every row writes the
  // same values, so rows that clash midway clash at its end too, in any order.
  const std::vector<UserUpdate>& updates = changes.updated_users;
  for (std::size_t first = 0; first < updates.size();) {
    std::size_t end = first + 1;
    while (end < updates.size() && user_columns::same_change(updates[first], updates[end])) {
      ++end;
    }
    update_users({updates.data() + first, end - first});
    written(end - first);
    first = end;
  }
  std::vector<Id>& inserted = ids.users;
  inserted.reserve(changes.inserted_users.size());
  for (const ClientUser& user : changes.inserted_users) {
    inserted.push_back(insert_user(user));
    written(1);
  }
  for (const Document& document : changes.inserted_documents) {
    ids.documents.push_back(insert_document(document));
  }
  for (const GrantChange& grant : changes.removed_grants) {
    delete_grant(grant);
  }
  for (const GrantChange& grant : changes.added_grants) {
    insert_grant(grant);
  }
  for (const PendingEvent& pending : changes.events) {
    throw_if_interrupted();
    if (pending.inserted_user) {
      AuditEvent event = pending.event;
      event.user_id = inserted.at(*pending.inserted_user);
      append_audit(event);
    } else {
      append_audit(pending.event);
    }
  }
  return ids;
}

} // namespace acctctl::sqlite
