#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "acctctl/service/session.hpp"

// References (SPEC.md §3): what a client, practice or staff argument names.
namespace acctctl {

// Every client account whose id or name (case-insensitive) is `ref`, whoever may see it.
std::vector<ClientAccount> find_clients(Store& store, std::string_view ref);
std::string ambiguous_clients(Store& store, std::string_view ref,
                              const std::vector<ClientAccount>& candidates);
// References (SPEC.md §3). Each throws Error: not found (3), ambiguous (2), denied (5).
ClientAccount resolve_client(Session& session, const Staff& actor, std::string_view ref);
Practice resolve_practice(Store& store, std::string_view ref);
Staff resolve_staff(Store& store, std::string_view ref);

} // namespace acctctl
