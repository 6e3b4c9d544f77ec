#pragma once

#include <string>
#include <string_view>

#include "acctctl/format/roster_csv.hpp"
#include "acctctl/service/batch.hpp"

// users sync (SPEC.md §3.1): a roster as the desired state of a client's users.
namespace acctctl {

// What happens to the client's users whom no roster row matches (--missing).
enum class MissingUsers { deactivate, keep, remove };

// Plans and applies the sync in one transaction, under R10 and R11.
BatchReport sync_users(Session& session, std::string_view client_ref, Roster roster,
                       MissingUsers missing, const BatchOptions& options, Confirmer& confirmer);

} // namespace acctctl
