#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acctctl/error.hpp"
#include "acctctl/model.hpp"
#include "acctctl/results.hpp"
#include "acctctl/rules.hpp"
#include "acctctl/service/session.hpp"
#include "acctctl/store/change_set.hpp"

// Commands that change several things at once, under R10 (confirmation), R11 (all or
// nothing, in one transaction) and R12 (unchanged is not an error).
namespace acctctl {

struct BatchOptions {
  bool dry_run = false;          // plan and report, change nothing (R10)
  bool keep_going = false;       // --continue: apply the valid items, report the others (R11)
  bool ignore_not_found = false; // --ignore-not-found: unknown references do not fail (R11)
};

// How a person confirms a plan before it is applied (R10).
enum class Confirmation {
  none,
  yes_no,       // `[y/N] `
  typed_delete, // `Type "delete" to confirm: `
};

// One item of a batch: what it refers to, and what the rules decided for it.
struct PlannedItem {
  std::string ref; // as given
  std::optional<Id> id;
  std::string name;   // the user's (or client's) name; the reference when nothing matched
  std::string action; // the row's `action` column: "deactivate", "add", …
  ItemResult on_apply = ItemResult::updated; // the row's `result` once applied
  Decision decision;
  std::optional<std::string> email; // the user's, for the confirmation summary (R10)
  std::int64_t documents = 0;       // documents the user submitted (they stay)
  std::string consequence;          // what applying it means, for the confirmation (R10)
  std::vector<std::string> warnings;
  std::optional<std::size_t> inserted_user; // its row in Plan::writes.inserted_users
  std::optional<std::string> client;        // a batch across client accounts: the item's

  // Names the user the item is about: its id, name and email.
  void about(const ClientUser& user) {
    id = user.id;
    name = user.name;
    email = user.email;
  }
};

// A batch decided and not yet written: its items, how to confirm it, and the writes of the
// items that apply. Planning is the whole decision; applying is only `store.apply(writes)`.
// The users as they will be live in the writes only: an item keeps what its report row and
// the confirmation summary show, so a plan of 100,000 items holds each user once.
struct Plan {
  Plan() = default;
  Plan(std::string what, std::string where) : action(std::move(what)), subject(std::move(where)) {}

  std::string action;  // for summaries and errors: "deactivate", "sync", …
  std::string subject; // where it happens: "client Acme Ltd"
  Confirmation confirmation = Confirmation::none;
  std::string tally; // a plan of mixed actions: what will happen, "2 to add, 1 to edit"
  std::vector<PlannedItem> items;
  ChangeSet writes;
  // A rule over the whole plan (a sync guard, SPEC §3.3): nothing applies, --continue or not,
  // and the command exits 4 with this message.
  std::optional<std::string> refusal;
  bool across_clients = false; // its rows carry `client` (users offboard)

  bool has_failures(const BatchOptions& options) const;
  std::size_t changes() const;
  // Starts an item with the plan's action and `on_apply` result.
  PlannedItem item(std::string_view ref, ItemResult on_apply) const;
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

// One kind of batch: how to plan it. Planning keeps no state: a plan made again under the
// write lock (after a prompt, or a retry) decides from the state it finds then.
class BatchOperation {
public:
  virtual ~BatchOperation() = default;
  // Whether its plans may need a person's confirmation: those are made first without the
  // write lock, so that a person at a prompt does not stall every other writer.
  virtual bool may_ask() const = 0;
  // Resolves and decides every item, in input order, against the state inside the
  // transaction, and lists the writes; throws for what fails the whole command (access,
  // ambiguity).
  virtual Plan plan(Session& session, const Staff& actor) const = 0;
};

// Runs a batch under R10–R12: plans it, reports failures without writing (or applies the
// valid items with --continue), asks `confirmer` when the plan needs it, and writes
// everything in one transaction.
BatchReport run_batch(Session& session, const BatchOperation& operation,
                      const BatchOptions& options, Confirmer& confirmer);
// The same for operations whose plans never ask.
BatchReport run_batch(Session& session, const BatchOperation& operation,
                      const BatchOptions& options);

} // namespace acctctl
