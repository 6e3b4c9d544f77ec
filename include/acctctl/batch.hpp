#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acctctl/error.hpp"
#include "acctctl/model.hpp"
#include "acctctl/rules.hpp"
#include "acctctl/session.hpp"

// Commands that change several things at once, under R10 (confirmation), R11 (all or
// nothing, in one transaction) and R12 (unchanged is not an error).
namespace acctctl {

// The `result` column of SPEC.md §4.
enum class ItemResult {
  deactivated,
  enabled,
  removed,
  added,
  updated,
  transferred,
  assigned,
  granted,
  revoked,
  unchanged,
  refused,
  not_found,
  denied,
  skipped, // valid, but not applied because another item failed (R11)
};
std::string_view to_string(ItemResult result);

struct BatchOptions {
  bool dry_run = false;          // plan and report, change nothing (R10)
  bool keep_going = false;       // --continue: apply the valid items, report the others (R11)
  bool ignore_not_found = false; // --ignore-not-found: unknown references do not fail (R11)
};

// One item of a batch: what it refers to, and what the rules decided for it.
struct PlannedItem {
  std::string ref; // as given
  std::optional<Id> id;
  std::string name; // the user's (or client's) name; the reference when nothing matched
  Decision decision;
  std::optional<ClientUser> before; // the user as found
  std::optional<ClientUser> after;  // the user as it will be; none once removed
  std::int64_t documents = 0;       // documents the user submitted (they stay)
  std::string consequence;          // what applying it means, for the confirmation (R10)
  std::vector<std::string> warnings;
};

struct Plan {
  std::string action;  // "deactivate", "remove", …
  std::string subject; // where it happens, for summaries: "client Acme Ltd"
  std::vector<PlannedItem> items;

  bool has_failures(const BatchOptions& options) const;
  std::size_t changes() const;
};

// Asks for confirmation (R10). The CLI implements it for a terminal and --yes.
class Confirmer {
public:
  virtual ~Confirmer() = default;
  // True when confirming means waiting for a person: the plan is then made without holding
  // the write lock and checked again under it.
  virtual bool waits_for_a_person() const = 0;
  // True to go ahead, false if the person declined; throws Error(usage) if nobody can confirm.
  virtual bool confirm(const Plan& plan) = 0;
};

// Confirms everything: for commands and tests that need no confirmation.
class NoConfirmation final : public Confirmer {
public:
  bool waits_for_a_person() const override { return false; }
  bool confirm(const Plan& /*plan*/) override { return true; }
};

struct ItemReport {
  std::optional<Id> id;
  std::string name;
  std::string action;
  ItemResult result = ItemResult::unchanged;
  std::string reason;
  ExitCode code = ExitCode::success;
};

struct BatchReport {
  std::string action;
  std::string subject;
  std::vector<ItemReport> items;
  std::vector<std::string> warnings; // of the changes that were applied (R9)
  bool applied = false;
  bool dry_run = false;
  ExitCode exit_code = ExitCode::success;

  std::size_t count(ItemResult result) const;
};

// One kind of batch: how to plan its items and how to write the ones that apply.
class BatchOperation {
public:
  virtual ~BatchOperation() = default;
  virtual ItemResult applied_result() const = 0;
  virtual bool needs_confirmation() const = 0;
  // Resolves and decides every item, in input order, against the state inside the
  // transaction; throws for what fails the whole command (access, ambiguity).
  virtual Plan plan(Session& session, const Staff& actor) = 0;
  // Writes the items whose decision applies, with their audit events, and fills in the ids
  // of what it creates.
  virtual void apply(Session& session, const Staff& actor, Plan& plan) = 0;
};

// Runs a batch under R10–R12: plans it, reports failures without writing (or applies the
// valid items with --continue), asks `confirmer` when the operation needs it, and writes
// everything in one transaction.
BatchReport run_batch(Session& session, BatchOperation& operation, const BatchOptions& options,
                      Confirmer& confirmer);

} // namespace acctctl
