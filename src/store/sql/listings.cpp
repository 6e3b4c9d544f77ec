#include "store/sql/listings.hpp"

#include <fmt/format.h>

#include "acctctl/values.hpp"

namespace acctctl::sql {

Conditions practice_conditions(std::optional<Id> only, const Dialect& dialect) {
  Conditions conditions(dialect);
  if (only) {
    conditions.add("p.id = ?", *only);
  }
  return conditions;
}

std::string practice_listing_sql(std::string_view practice_columns, std::string_view where) {
  return fmt::format("SELECT {}, "
                     "(SELECT count(*) FROM clients c WHERE c.practice_id = p.id), "
                     "(SELECT count(*) FROM staff s WHERE s.practice_id = p.id) "
                     "FROM practices p{} ORDER BY p.name_key, p.id",
                     practice_columns, where);
}

Conditions staff_conditions(std::optional<Id> practice_id, const Dialect& dialect) {
  Conditions conditions(dialect);
  if (practice_id) {
    conditions.add("s.practice_id = ?", *practice_id);
  }
  return conditions;
}

std::string staff_listing_sql(std::string_view staff_columns, std::string_view where,
                              const Dialect& dialect) {
  // Support staff first, then by practice: support staff have none.
  return fmt::format("SELECT {}, p.name FROM staff s "
                     "LEFT JOIN practices p ON p.id = s.practice_id{} "
                     "ORDER BY s.role = 'support' DESC, p.name_key{}, s.email_key",
                     staff_columns, where, dialect.nulls_first);
}

Conditions grant_conditions(const GrantFilter& filter, const Dialect& dialect) {
  Conditions conditions(dialect);
  conditions.add_scope(filter.scope, "c.practice_id", "c.id");
  if (filter.staff_id) {
    conditions.add("g.staff_id = ?", *filter.staff_id);
  }
  if (filter.client_id) {
    conditions.add("g.client_id = ?", *filter.client_id);
  }
  if (filter.ended_by) {
    conditions.add("g.until IS NOT NULL AND g.until <= ?", *filter.ended_by);
  }
  return conditions;
}

std::string grant_listing_sql(std::string_view where) {
  return fmt::format("SELECT g.staff_id, s.email, g.client_id, c.name, "
                     "g.granted_at, g.until FROM access_grants g "
                     "JOIN staff s ON s.id = g.staff_id "
                     "JOIN clients c ON c.id = g.client_id{} "
                     "ORDER BY s.email_key, c.name_key, c.id",
                     where);
}

Conditions client_conditions(const ClientFilter& filter, const Dialect& dialect) {
  Conditions conditions(dialect);
  conditions.add_scope(filter.scope, "c.practice_id", "c.id");
  if (filter.client_id) {
    conditions.add("c.id = ?", *filter.client_id);
  }
  if (filter.practice_id) {
    conditions.add("c.practice_id = ?", *filter.practice_id);
  }
  if (filter.name_contains) {
    conditions.add(fmt::format("{}(c.name_key, ?) > 0", dialect.position_of),
                   fold_key(*filter.name_contains));
  }
  if (filter.due_by) {
    // Each branch is the predicate of a partial index (users_starting, users_ending,
    // grants_ending), which holds only scheduled rows: the cost is what is due.
    conditions.add("c.id IN (SELECT u.client_id FROM client_users u WHERE u.status = 'pending' "
                   "AND u.starts_at <= ? UNION SELECT u.client_id FROM client_users u "
                   "WHERE u.ends_at IS NOT NULL AND u.status <> 'deactivated' AND u.ends_at <= ? "
                   "UNION SELECT g.client_id FROM access_grants g WHERE g.until IS NOT NULL "
                   "AND g.until <= ?)",
                   *filter.due_by, *filter.due_by, *filter.due_by);
  }
  return conditions;
}

std::string client_listing_sql(std::string_view client_columns, std::string_view where,
                               const Dialect& dialect, bool with_counts) {
  // The owner and the alert recipient are one probe each (partial unique indexes); a count
  // reads every user of the client, so a listing that needs no count skips them.
  constexpr std::string_view k_counts =
      "(SELECT count(*) FROM client_users u WHERE u.client_id = c.id AND u.status = 'active'), "
      "(SELECT count(*) FROM client_users u WHERE u.client_id = c.id "
      "AND u.status = 'deactivated'), "
      "(SELECT count(*) FROM documents d WHERE d.client_id = c.id), "
      "(SELECT count(*) FROM client_users u WHERE u.client_id = c.id AND u.status = 'pending') ";
  return fmt::format(
      "SELECT {0}, p.name, pro.name, "
      "(SELECT name FROM client_users u WHERE u.client_id = c.id AND u.is_owner = {2}), "
      "(SELECT name FROM client_users u WHERE u.client_id = c.id AND u.is_alert_recipient = "
      "{2}), {3}"
      "FROM clients c JOIN practices p ON p.id = c.practice_id "
      "LEFT JOIN staff pro ON pro.id = c.professional_id{1} ORDER BY c.name_key, p.name_key, "
      "c.id",
      client_columns, where, dialect.true_literal, with_counts ? k_counts : "0, 0, 0, 0 ");
}

Conditions user_conditions(const UserFilter& filter, const Dialect& dialect) {
  Conditions conditions(dialect);
  conditions.add_scope(filter.scope, "c.practice_id", "c.id");
  if (filter.client_id) {
    conditions.add("u.client_id = ?", *filter.client_id);
  }
  if (filter.status) {
    // A literal (one of three words), not a parameter: against a parameter SQLite cannot tell
    // at prepare time whether the partial index users_starting (status = 'pending') applies,
    // so it prepares the listing again once the value is bound.
    conditions.add(fmt::format("u.status = '{}'", to_string(*filter.status)));
  }
  if (filter.role) {
    conditions.add("u.role = ?", std::string(to_string(*filter.role)));
  }
  if (filter.login_access) {
    conditions.add("u.login_access = ?", *filter.login_access);
  }
  if (filter.ending_before) {
    // users_ending holds only the users not deactivated, and SQLite uses a partial index only
    // when the WHERE repeats the index's: `status = 'active'` alone would scan every user.
    const bool not_deactivated = filter.status && *filter.status != UserStatus::deactivated;
    conditions.add(not_deactivated ? "u.status <> 'deactivated' AND u.ends_at < ?"
                                   : "u.ends_at < ?",
                   *filter.ending_before);
  }
  if (filter.due_by) {
    conditions.add("((u.status = 'pending' AND u.starts_at <= ?) OR (u.ends_at IS NOT NULL AND "
                   "u.status <> 'deactivated' AND u.ends_at <= ?))",
                   *filter.due_by, *filter.due_by);
  }
  if (filter.search) {
    // A position, not LIKE: % and _ in the search text are literal characters.
    const std::string needle = fold_key(*filter.search);
    conditions.add(fmt::format("({0}(u.name_key, ?) > 0 OR {0}(coalesce(u.email_key, ''), ?) > 0 "
                               "OR {0}(coalesce(u.username_key, ''), ?) > 0)",
                               dialect.position_of),
                   needle, needle, needle);
  }
  return conditions;
}

std::string user_listing_sql(std::string_view user_columns, std::string_view where,
                             bool one_client) {
  return fmt::format("SELECT {}, c.name FROM client_users u JOIN clients c ON c.id = u.client_id{} "
                     "ORDER BY {}u.name_key, u.id",
                     user_columns, where, one_client ? "" : "c.name_key, c.id, ");
}

std::string users_by_ref_sql(std::string_view user_columns, const Dialect& dialect) {
  return fmt::format("SELECT {0}, c.name FROM client_users u JOIN clients c ON c.id = u.client_id "
                     "WHERE u.id = {1}1 OR u.email_key = {1}2 OR u.username_key = {1}2 "
                     "ORDER BY c.name_key, u.id",
                     user_columns, dialect.placeholder);
}

Conditions document_conditions(Id client_id, std::optional<Id> user_id, const Dialect& dialect) {
  Conditions conditions(dialect);
  conditions.add("d.client_id = ?", client_id);
  if (user_id) {
    conditions.add("d.submitted_by_id = ?", *user_id);
  }
  return conditions;
}

std::string document_listing_sql(std::string_view document_columns, std::string_view where) {
  return fmt::format("SELECT {}, c.name FROM documents d "
                     "JOIN clients c ON c.id = d.client_id{} ORDER BY d.id",
                     document_columns, where);
}

Conditions audit_conditions(const AuditFilter& filter, const Dialect& dialect) {
  Conditions conditions(dialect);
  conditions.add_scope(filter.scope, "a.practice_id", "a.client_id");
  if (filter.client_id) {
    conditions.add("a.client_id = ?", *filter.client_id);
  }
  if (filter.user_id) {
    conditions.add("a.user_id = ?", *filter.user_id);
  }
  if (filter.since) {
    conditions.add("a.at >= ?", *filter.since);
  }
  if (filter.batch) {
    conditions.add("a.batch = ?", *filter.batch);
  }
  if (filter.after_id) {
    conditions.add("a.id > ?", *filter.after_id);
  }
  if (filter.up_to_id) {
    conditions.add("a.id <= ?", *filter.up_to_id);
  }
  if (!filter.with_store_chain) {
    conditions.add("a.client_id IS NOT NULL");
  }
  return conditions;
}

std::string audit_listing_sql(std::string_view audit_columns, std::string_view where,
                              bool oldest_first, std::string_view limit) {
  return fmt::format("SELECT {} FROM audit_events a{} ORDER BY a.id {}{}", audit_columns, where,
                     oldest_first ? "ASC" : "DESC", limit);
}

} // namespace acctctl::sql
