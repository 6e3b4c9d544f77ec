#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "acctctl/fields/account_fields.hpp"
#include "acctctl/store.hpp"
#include "store/sql/conditions.hpp"
#include "store/sql/dialect.hpp"

// The listings of the store contract as SQL, once for every engine: each filter as WHERE
// clauses, and the query around them. An engine brings its dialect and its select lists
// (its columns.hpp: how a record's columns are read), then binds and reads the rows.
namespace acctctl::sql {

// Where a listing's values after a record's own columns start.
inline constexpr int k_after_practice = static_cast<int>(k_practice_field_table.size());
inline constexpr int k_after_staff = static_cast<int>(k_staff_field_table.size());
inline constexpr int k_after_client = static_cast<int>(k_client_field_table.size());
inline constexpr int k_after_document = static_cast<int>(k_document_field_table.size());

Conditions practice_conditions(std::optional<Id> only, const Dialect& dialect);
// A practice's columns, then its number of clients and of staff.
std::string practice_listing_sql(std::string_view practice_columns, std::string_view where);

Conditions staff_conditions(std::optional<Id> practice_id, const Dialect& dialect);
// A staff member's columns, then the practice's name (none for support staff).
std::string staff_listing_sql(std::string_view staff_columns, std::string_view where,
                              const Dialect& dialect);

Conditions grant_conditions(const GrantFilter& filter, const Dialect& dialect);
// staff id, staff email, client id, client name, granted at, until.
std::string grant_listing_sql(std::string_view where);

Conditions client_conditions(const ClientFilter& filter, const Dialect& dialect);
// A client's columns, then practice, professional, owner, alert recipient, active users,
// deactivated users, documents, pending users (the four counts 0 unless `with_counts`).
std::string client_listing_sql(std::string_view client_columns, std::string_view where,
                               const Dialect& dialect, bool with_counts);

Conditions user_conditions(const UserFilter& filter, const Dialect& dialect);
// A user's columns, then the client's name. `one_client`: the filter names one client, whose
// users need no sort by client.
std::string user_listing_sql(std::string_view user_columns, std::string_view where,
                             bool one_client);
// The users whose id is the first value or whose email or username key is the second, of any
// client; a user's columns, then the client's name.
std::string users_by_ref_sql(std::string_view user_columns, const Dialect& dialect);

Conditions document_conditions(Id client_id, std::optional<Id> user_id, const Dialect& dialect);
// A document's columns, then the client's name.
std::string document_listing_sql(std::string_view document_columns, std::string_view where);

Conditions audit_conditions(const AuditFilter& filter, const Dialect& dialect);
// `limit`: " LIMIT …" with the engine's placeholder, or nothing.
std::string audit_listing_sql(std::string_view audit_columns, std::string_view where,
                              bool oldest_first, std::string_view limit);

} // namespace acctctl::sql
