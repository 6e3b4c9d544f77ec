#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/postgres/connection.hpp"
#include "store/postgres/search_path.hpp"

namespace acctctl::postgres {

// Every policy of a store, by table and name: what check() expects to find.
struct PolicyName {
  std::string_view table;
  std::string_view name;
};
inline constexpr PolicyName k_policy_names[] = {
    {"access_grants", "grants_add"},
    {"access_grants", "grants_read"},
    {"access_grants", "grants_revoke"},
    {"acctctl_meta", "meta_read"},
    {"audit_events", "audit_add"},
    {"audit_events", "audit_read"},
    {"client_users", "users_reach"},
    {"clients", "clients_add"},
    {"clients", "clients_edit"},
    {"clients", "clients_read"},
    {"documents", "documents_reach"},
    {"practices", "practices_add"},
    {"practices", "practices_edit"},
    {"practices", "practices_read"},
    {"staff", "staff_add"},
    {"staff", "staff_edit"},
    {"staff", "staff_read"},
    {"user_permissions", "permissions_reach"},
};

// The privileges of acctctl_operator, "table:privilege,…", in the order check() reads them.
inline constexpr std::string_view k_operator_privileges =
    "access_grants:DELETE,INSERT,SELECT acctctl_meta:SELECT audit_events:INSERT,SELECT "
    "client_users:DELETE,INSERT,SELECT,UPDATE clients:INSERT,SELECT,UPDATE "
    "documents:INSERT,SELECT practices:INSERT,SELECT,UPDATE staff:INSERT,SELECT,UPDATE "
    "user_permissions:DELETE,INSERT,SELECT";

// Inside init's transaction, after the tables: the session functions, the audit chain's
// trigger, row-level security and, if the owner may create it, the group role
// acctctl_operator with its privileges. Returns the SQL an administrator must run when the
// owner may not create roles.
std::optional<std::string> apply_access_control(Connection& conn, const StoreSchema& schema);

} // namespace acctctl::postgres
