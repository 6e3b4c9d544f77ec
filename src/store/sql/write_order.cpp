#include "store/sql/write_order.hpp"

namespace acctctl::sql {

AppliedIds write_change_set(RowWriter& writer, const ChangeSet& changes,
                            const WriteCheckpoint& checkpoint) {
  AppliedIds ids;
  for (const Practice& practice : changes.inserted_practices) {
    ids.practices.push_back(writer.insert_practice(practice));
  }
  for (const Staff& staff : changes.inserted_staff) {
    ids.staff.push_back(writer.insert_staff(staff));
  }
  for (const ClientAccount& client : changes.inserted_clients) {
    ids.clients.push_back(writer.insert_client(client));
  }
  RowProgress progress(changes.user_rows(), checkpoint);
  writer.delete_users(changes.removed_users, progress);
  writer.update_users(changes.updated_users, progress);
  ids.users = writer.insert_users(changes.inserted_users, UserIds::new_ones, progress);
  for (const Document& document : changes.inserted_documents) {
    ids.documents.push_back(writer.insert_document(document));
  }
  for (const GrantChange& grant : changes.removed_grants) {
    writer.delete_grant(grant);
  }
  for (const GrantChange& grant : changes.added_grants) {
    writer.insert_grant(grant);
  }
  writer.insert_events(changes.events, ids.users);
  return ids;
}

void write_snapshot(RowWriter& writer, const Snapshot& snapshot,
                    const std::function<void(std::size_t, std::size_t)>& report) {
  writer.remove_every_row();
  RowProgress progress(snapshot.rows(), report);
  const auto each = [&](const auto& rows, const auto& insert) {
    for (const auto& row : rows) {
      insert(row);
      progress.written(1);
    }
  };
  each(snapshot.practices, [&](const Practice& row) { writer.insert_practice(row); });
  each(snapshot.staff, [&](const Staff& row) { writer.insert_staff(row); });
  each(snapshot.clients, [&](const ClientAccount& row) { writer.insert_client(row); });
  each(snapshot.access, [&](const AccessGrant& row) {
    writer.insert_grant({row.staff_id, row.client_id, row.granted_at});
  });
  writer.insert_users(snapshot.users, UserIds::kept, progress);
  each(snapshot.documents, [&](const Document& row) { writer.insert_document(row); });
  writer.insert_events(snapshot.audit, progress);
  writer.after_import();
}

} // namespace acctctl::sql
