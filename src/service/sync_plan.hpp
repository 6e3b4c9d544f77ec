#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "acctctl/service/sync.hpp"
#include "service/user_index.hpp"

// The pure half of users sync: the plan from the state read once and the roster.
namespace acctctl {

// What the planner knows of the client, read once in the write transaction.
struct SyncState {
  ClientAccount client;
  ClientUsers users;
  std::unordered_map<Id, std::int64_t> documents; // per submitter
  // The roster's usernames (and the emails that would become usernames) that users anywhere
  // in the store hold: {folded username: user id}.
  TakenUsernames taken_usernames;
  Staff actor;
  std::string now;
};

// The usernames a roster's rows name or would default to, for SyncState::taken_usernames.
std::vector<std::string> roster_usernames(const Roster& roster);

// The plan, as a pure function: one item per row (add, enable, edit or none), then one per
// user whom no row matches (by `missing`), each decided by rules.hpp, with the writes and
// audit events of those that apply. Throws Error(usage) naming both lines when two rows
// match the same user or repeat a username or email.
Plan plan_sync(const SyncState& state, const Roster& roster, MissingUsers missing);

// SPEC §3.3's guard against a truncated roster: why `plan` may not apply, if it deactivates
// or removes more of the client's `users` than `guards` allow. The limit is compared
// exactly; the percentage shown is rounded down.
std::optional<std::string> sync_guard_refusal(const Plan& plan, std::size_t users,
                                              const SyncGuards& guards);

} // namespace acctctl
