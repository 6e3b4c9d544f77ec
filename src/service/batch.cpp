#include "acctctl/service/batch.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "acctctl/interrupt.hpp"

namespace acctctl {
namespace {

bool counts_as_failure(const PlannedItem& item, const BatchOptions& options) {
  if (item.decision.outcome == Outcome::not_found && options.ignore_not_found) {
    return false;
  }
  return item.decision.fails();
}

ItemResult result_of(const PlannedItem& item, ItemResult applied, bool blocked) {
  switch (item.decision.outcome) {
  case Outcome::apply:
    return blocked ? ItemResult::skipped : applied;
  case Outcome::unchanged:
    return ItemResult::unchanged;
  case Outcome::refused:
    return ItemResult::refused;
  case Outcome::denied:
    return ItemResult::denied;
  case Outcome::not_found:
    return ItemResult::not_found;
  }
  return ItemResult::unchanged;
}

BatchReport report_of(const Plan& plan, const BatchOptions& options, bool applied) {
  BatchReport report;
  report.action = plan.action;
  report.subject = plan.subject;
  report.applied = applied;
  report.dry_run = options.dry_run;
  report.with_client = plan.across_clients;
  const bool blocked = plan.refusal || (plan.has_failures(options) && !options.keep_going);
  for (const PlannedItem& item : plan.items) {
    ItemReport row;
    row.id = item.id;
    row.name = item.name;
    row.action = item.action;
    row.result = result_of(item, item.on_apply, blocked);
    row.reason = item.decision.reason;
    row.client = item.client;
    if (counts_as_failure(item, options)) {
      row.code = item.decision.exit_code();
      if (report.exit_code == ExitCode::success) {
        report.exit_code = row.code;
      }
    }
    if (row.result == ItemResult::skipped) {
      row.reason = plan.refusal ? fmt::format("not applied: {}", *plan.refusal)
                                : "not applied: another item of the batch failed";
    }
    if (applied && item.decision.applies()) {
      report.warnings.insert(report.warnings.end(), item.warnings.begin(), item.warnings.end());
    }
    report.items.push_back(std::move(row));
  }
  if (plan.refusal) {
    report.refusal = plan.refusal;
    report.exit_code = ExitCode::refused;
  }
  return report;
}

bool same_outcomes(const Plan& confirmed, const Plan& current) {
  return std::equal(confirmed.items.begin(), confirmed.items.end(), current.items.begin(),
                    current.items.end(), [](const PlannedItem& a, const PlannedItem& b) {
                      return a.id == b.id && a.decision.outcome == b.decision.outcome;
                    });
}

bool nothing_to_write(const Plan& plan, const BatchOptions& options) {
  return options.dry_run || plan.refusal || (plan.has_failures(options) && !options.keep_going) ||
         plan.changes() == 0;
}

} // namespace

std::string_view to_string(ItemResult result) {
  switch (result) {
  case ItemResult::deactivated:
    return "deactivated";
  case ItemResult::enabled:
    return "enabled";
  case ItemResult::removed:
    return "removed";
  case ItemResult::added:
    return "added";
  case ItemResult::updated:
    return "updated";
  case ItemResult::transferred:
    return "transferred";
  case ItemResult::assigned:
    return "assigned";
  case ItemResult::granted:
    return "granted";
  case ItemResult::revoked:
    return "revoked";
  case ItemResult::unchanged:
    return "unchanged";
  case ItemResult::refused:
    return "refused";
  case ItemResult::not_found:
    return "not_found";
  case ItemResult::denied:
    return "denied";
  case ItemResult::skipped:
    return "skipped";
  }
  return "?";
}

bool Plan::has_failures(const BatchOptions& options) const {
  return std::any_of(items.begin(), items.end(),
                     [&](const PlannedItem& item) { return counts_as_failure(item, options); });
}

std::size_t Plan::changes() const {
  return static_cast<std::size_t>(std::count_if(
      items.begin(), items.end(), [](const PlannedItem& item) { return item.decision.applies(); }));
}

PlannedItem Plan::item(std::string_view ref, ItemResult on_apply) const {
  PlannedItem planned;
  planned.ref = ref;
  planned.name = ref;
  planned.action = action;
  planned.on_apply = on_apply;
  return planned;
}

std::size_t BatchReport::count(ItemResult result) const {
  return static_cast<std::size_t>(std::count_if(
      items.begin(), items.end(), [&](const ItemReport& item) { return item.result == result; }));
}

namespace {

BatchReport run_batch_once(Session& session, const BatchOperation& operation,
                           const BatchOptions& options, Confirmer& confirmer) {
  const bool ask_first = operation.may_ask() && !options.dry_run && confirmer.waits_for_a_person();
  std::optional<Plan> confirmed;
  if (ask_first) {
    // Plan under a read transaction and let it go: a person at a prompt must not hold the
    // store's write lock and stall every other acctctl.
    {
      const auto transaction = session.store.begin(TxMode::read);
      const Staff actor = authenticate(session);
      confirmed = operation.plan(session, actor);
    }
    if (nothing_to_write(*confirmed, options)) {
      return report_of(*confirmed, options, false);
    }
    if (confirmed->confirmation != Confirmation::none && !confirmer.confirm(*confirmed)) {
      throw Error(ExitCode::usage, "cancelled: nothing changed");
    }
    throw_if_interrupted();
  }

  const auto transaction = session.store.begin(options.dry_run ? TxMode::read : TxMode::write);
  const Staff actor = authenticate(session);
  Plan plan = operation.plan(session, actor);
  if (confirmed && !same_outcomes(*confirmed, plan)) {
    throw Error(ExitCode::busy, "the store changed while waiting for confirmation; nothing "
                                "changed: run the command again");
  }
  if (nothing_to_write(plan, options)) {
    return report_of(plan, options, false);
  }
  if (!confirmed && plan.confirmation != Confirmation::none && !confirmer.confirm(plan)) {
    throw Error(ExitCode::usage, "cancelled: nothing changed");
  }
  const std::vector<Id> inserted =
      session.store
          .apply(plan.writes,
                 [&](std::size_t done, std::size_t total) { session.checkpoint(done, total); })
          .users;
  for (PlannedItem& item : plan.items) {
    if (item.inserted_user) {
      item.id = inserted.at(*item.inserted_user);
    }
  }
  transaction->commit();
  return report_of(plan, options, true);
}

// A conflict rolled everything back; the plan is made again from the state that won.
constexpr int k_attempts = 3;

} // namespace

BatchReport run_batch(Session& session, const BatchOperation& operation,
                      const BatchOptions& options, Confirmer& confirmer) {
  for (int attempt = 1;; ++attempt) {
    try {
      return run_batch_once(session, operation, options, confirmer);
    } catch (const ConflictError&) {
      if (attempt == k_attempts) {
        throw;
      }
    }
  }
}

BatchReport run_batch(Session& session, const BatchOperation& operation,
                      const BatchOptions& options) {
  NoConfirmation no_confirmation;
  return run_batch(session, operation, options, no_confirmation);
}

} // namespace acctctl
