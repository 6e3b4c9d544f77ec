#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "acctctl/format/roster_csv.hpp"
#include "acctctl/service/batch.hpp"

// users sync (SPEC.md §3.1): a roster as the desired state of a client's users.
namespace acctctl {

// What happens to the client's users whom no roster row matches (--missing).
enum class MissingUsers { deactivate, keep, remove };

// --max-deactivate / --max-remove (SPEC §3.3): at most `value` users, or `value` percent of
// the client's users, as given ("10%").
struct SyncLimit {
  std::int64_t value = 0;
  bool percent = false;
  std::string given;
};
// N or P% in digits (P at most 100); none if it is neither.
std::optional<SyncLimit> parse_sync_limit(std::string_view text);

struct SyncGuards {
  std::optional<SyncLimit> max_deactivate;
  std::optional<SyncLimit> max_remove;
};

// Plans and applies the sync in one transaction, under R10 and R11; a plan over a guard
// changes nothing (exit 4, also with --continue and --dry-run).
BatchReport sync_users(Session& session, std::string_view client_ref, Roster roster,
                       MissingUsers missing, const SyncGuards& guards, const BatchOptions& options,
                       Confirmer& confirmer);

} // namespace acctctl
