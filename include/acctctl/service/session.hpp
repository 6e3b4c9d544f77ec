#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "acctctl/clock.hpp"
#include "acctctl/model.hpp"
#include "acctctl/rules.hpp"
#include "acctctl/store.hpp"

// What every service function starts from: the store, the time, and who is acting.
namespace acctctl {

// Told how far a long write has come; the CLI shows it on a terminal.
using ProgressFn = std::function<void(std::size_t done, std::size_t total)>;

struct Session {
  Store& store;
  const Clock& clock;
  std::optional<std::string> actor_email; // --as / ACCTCTL_ACTOR
  ProgressFn progress = {};

  // The check point of a long write, once per item: reports progress and stops the command
  // (Error 130/143, the transaction rolls back) if SIGINT or SIGTERM arrived.
  void checkpoint(std::size_t done, std::size_t total) const;
};

// One new row through a change set, in the caller's transaction; returns the id it got.
Id insert_row(Store& store, const Practice& practice);
Id insert_row(Store& store, const Staff& staff);
Id insert_row(Store& store, const ClientAccount& client);
Id insert_row(Store& store, const Document& document);

// Throws Error(decision's exit code, reason) unless the decision lets the command go on.
void require(const Decision& decision);

// R1: the actor must be a known staff member (missing: exit 2, unknown: exit 5).
Staff authenticate(Session& session);

} // namespace acctctl
