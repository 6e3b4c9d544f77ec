#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "acctctl/model.hpp"

// What a command writes, as data: a plan builds it, the store applies it in one call. SQLite
// runs it as a loop of prepared statements; a server engine can send one statement per
// vector, so the round trips of a batch do not grow with its size.
namespace acctctl {

struct GrantChange {
  Id staff_id = 0;
  Id client_id = 0;
  std::string granted_at; // of an added grant
};

// An audit event whose user is added by the same change set: its user_id becomes the new id
// of inserted_users[inserted_user].
struct PendingEvent {
  AuditEvent event;
  std::optional<std::size_t> inserted_user;
};

struct ChangeSet {
  // Applied in this order, so that a removal frees a username or email for an update or an
  // insert, and an update that clears a flag (owner, alert recipient) runs before the one
  // that sets it elsewhere.
  std::vector<Id> removed_users;
  std::vector<ClientUser> updated_users;  // whole rows, permissions included
  std::vector<ClientUser> inserted_users; // the store numbers them
  std::vector<GrantChange> added_grants;
  std::vector<GrantChange> removed_grants;
  std::vector<PendingEvent> events; // R13: in the same transaction

  std::size_t user_rows() const {
    return removed_users.size() + updated_users.size() + inserted_users.size();
  }
  bool empty() const {
    return user_rows() == 0 && added_grants.empty() && removed_grants.empty() && events.empty();
  }
};

// Told of each user row written (done, total); throws to stop the write (SIGINT, SIGTERM).
using WriteCheckpoint = std::function<void(std::size_t done, std::size_t total)>;

} // namespace acctctl
