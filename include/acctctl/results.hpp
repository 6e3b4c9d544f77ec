#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acctctl/error.hpp"
#include "acctctl/model.hpp"

// What commands report, row by row: the results of a batch (SPEC.md §4's `result` column)
// and the findings of `check`. Services make them, formats print them.
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

struct ItemReport {
  std::optional<Id> id;
  std::string name;
  std::string action;
  ItemResult result = ItemResult::unchanged;
  std::string reason;
  ExitCode code = ExitCode::success;
  std::optional<std::string> client; // a batch across client accounts: the item's
};

struct BatchReport {
  std::string action;
  std::string subject;
  std::vector<ItemReport> items;
  std::vector<std::string> warnings; // of the changes that were applied (R9)
  bool applied = false;
  bool dry_run = false;
  ExitCode exit_code = ExitCode::success;
  std::optional<std::string> refusal; // why no item applies (Plan::refusal)
  bool with_client = false;           // rows carry `client` (users offboard)

  std::size_t count(ItemResult result) const;
};

struct CheckFinding {
  std::string check; // e.g. "integrity", "R2 one owner"
  bool ok = true;
  std::string detail;
};

} // namespace acctctl
