#include "store/sql/write_order.hpp"

#include <algorithm>

#include "acctctl/audit_chain.hpp"

namespace acctctl::sql {
namespace {

// The change set's events as they are stored: the new users' ids filled in, numbered, stamped
// with the connection and the run, and chained onto the heads (SPEC §4.1).
std::vector<AuditEvent> stored_events(RowWriter& writer, const std::vector<PendingEvent>& pending,
                                      const std::vector<Id>& inserted_users) {
  if (pending.empty()) {
    return {};
  }
  std::vector<std::optional<Id>> chains;
  chains.reserve(pending.size());
  for (const PendingEvent& event : pending) {
    chains.push_back(event.event.client_id);
  }
  std::sort(chains.begin(), chains.end());
  chains.erase(std::unique(chains.begin(), chains.end()), chains.end());
  EventsStart start = writer.start_events(chains, pending.size());
  ChainExtender chain;
  for (auto& [client_id, hash] : start.heads) {
    chain.set_head(client_id, std::move(hash));
  }
  std::vector<AuditEvent> events;
  events.reserve(pending.size());
  for (std::size_t i = 0; i < pending.size(); ++i) {
    AuditEvent& event = events.emplace_back(pending[i].event);
    if (pending[i].inserted_user) {
      event.user_id = inserted_users.at(*pending[i].inserted_user);
    }
    event.id = start.ids.at(i);
    event.connected_as = writer.connected_as();
    event.batch = writer.batch();
    chain.extend(event);
  }
  return events;
}

const std::function<void(std::size_t, std::size_t)> k_not_followed;

} // namespace

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
  for (const ClientAccount& client : changes.updated_clients) {
    writer.update_client(client);
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
  RowProgress events_progress(0, k_not_followed); // a change set follows its users only
  writer.insert_events(stored_events(writer, changes.events, ids.users), events_progress);
  // Last (ChangeSet says why): the events above were written by the actor as they were.
  for (const Staff& staff : changes.updated_staff) {
    writer.update_staff(staff);
  }
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
    writer.insert_grant({row.staff_id, row.client_id, row.granted_at, row.until});
  });
  writer.insert_users(snapshot.users, UserIds::kept, progress);
  each(snapshot.documents, [&](const Document& row) { writer.insert_document(row); });
  writer.insert_events(snapshot.audit, progress);
  writer.after_import();
}

} // namespace acctctl::sql
