#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "acctctl/fields/user_fields.hpp"
#include "acctctl/model.hpp"

// What a command writes, as data: a plan builds it, the store applies it in one call. SQLite
// runs it as a loop of prepared statements; a server engine can send one statement per
// vector, so the round trips of a batch do not grow with its size.
namespace acctctl {

struct GrantChange {
  Id staff_id = 0;
  Id client_id = 0;
  std::string granted_at; // of an added grant
  std::optional<std::string> until;
};

// An audit event whose user is added by the same change set: its user_id becomes the new id
// of inserted_users[inserted_user].
struct PendingEvent {
  AuditEvent event;
  std::optional<std::size_t> inserted_user;
};

// A user's whole new row (permissions included), and which of its fields differ from the
// stored one.
struct UserUpdate {
  ClientUser row;
  UserFieldMask changed = user_field::k_all;
};

struct ChangeSet {
  // Applied in this order, so that a row exists before the rows that refer to it, a removal
  // frees a username or email for an update or an insert, and an update that clears a flag
  // (owner, alert recipient) runs before the one that sets it elsewhere. Rows to insert have
  // id 0: the store numbers them. Staff updates come last, after the events: a staff member
  // who deactivates or demotes themselves (staff offboard, staff edit) still writes the rest
  // as who they were, which PostgreSQL's row-level security checks (SPEC §6.3).
  std::vector<Practice> inserted_practices;
  std::vector<Staff> inserted_staff;
  std::vector<Staff> updated_staff; // whole rows
  std::vector<ClientAccount> inserted_clients;
  std::vector<ClientAccount> updated_clients; // whole rows (name, contact email, professional)
  std::vector<Id> removed_users;
  std::vector<UserUpdate> updated_users;
  std::vector<ClientUser> inserted_users;
  std::vector<Document> inserted_documents;
  std::vector<GrantChange> added_grants;
  std::vector<GrantChange> removed_grants;
  std::vector<PendingEvent> events; // R13: in the same transaction

  // Updates `before` to `after`, noting which fields change.
  void update(const ClientUser& before, ClientUser after) {
    const UserFieldMask changed = changed_fields(before, after);
    updated_users.push_back({std::move(after), changed});
  }

  std::size_t user_rows() const {
    return removed_users.size() + updated_users.size() + inserted_users.size();
  }
  bool empty() const {
    return inserted_practices.empty() && inserted_staff.empty() && updated_staff.empty() &&
           inserted_clients.empty() && updated_clients.empty() && user_rows() == 0 &&
           inserted_documents.empty() && added_grants.empty() && removed_grants.empty() &&
           events.empty();
  }
};

// The ids the store gave the inserted rows, in the order of each vector.
struct AppliedIds {
  std::vector<Id> practices;
  std::vector<Id> staff;
  std::vector<Id> clients;
  std::vector<Id> users;
  std::vector<Id> documents;
};

// Told of each user row written (done, total); throws to stop the write (SIGINT, SIGTERM).
using WriteCheckpoint = std::function<void(std::size_t done, std::size_t total)>;

} // namespace acctctl
