#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "acctctl/results.hpp"
#include "store/sql/dialect.hpp"

// check() once for every engine: the invariants of SPEC's rules that every store verifies,
// the queries that find their violations and the findings they make. An engine adds only
// what is its own (SQLite's integrity_check, PostgreSQL's acctctl_meta).
namespace acctctl::sql {

// A row of a query that check() runs, column by column as text; none for NULL. Valid only
// during the call that hands it on.
using CheckRow = std::span<const std::optional<std::string_view>>;
// How an engine runs a query for check(): `row` hears each row of `sql`, which has `columns`.
using CheckQuery = std::function<void(std::string_view sql, int columns,
                                      const std::function<void(CheckRow)>& row)>;

// The finding of `check` from a query whose rows each name one violation (column 0): ok when
// there is none, else the first few and how many more.
CheckFinding violations_finding(const CheckQuery& query, std::string check, std::string_view sql);

// `check` ("triggers", "policies", "privileges"): what `init` makes (`expected`, by name)
// against what `list_sql` finds (one name a row): a dropped guard, or one that somebody added.
CheckFinding made_by_init_finding(const CheckQuery& query, std::string check,
                                  std::string_view list_sql,
                                  std::span<const std::string_view> expected);

// The invariant findings, in the order check() reports them after the engine's own:
// "foreign keys" (from `missing_references`, the engine's query whose rows each name a row
// that refers to a missing one), "R2 one owner per client account", "R2 owner is active with
// login", "R9 at most one alert recipient", "R14 usernames unique in the store", "R14 emails
// unique in a client account", "names' sort keys".
std::vector<CheckFinding> invariant_findings(const CheckQuery& query, const Dialect& dialect,
                                             std::string_view missing_references);

} // namespace acctctl::sql
