// Audit events and the integrity check in PostgreSQL.
#include <fmt/format.h>

#include "acctctl/fields/account_fields.hpp"
#include "postgres_store.hpp"
#include "store/postgres/columns.hpp"
#include "store/sql/listings.hpp"

namespace acctctl::postgres {
namespace {

constexpr auto audit_columns = &columns::listed<k_audit_field_table, 'a'>;

// Runs a query whose rows each name one violation; the finding lists up to a few of them.
CheckFinding findings_of(Connection& conn, std::string check, const char* sql) {
  const Result r = conn.exec(sql);
  std::vector<std::string> problems;
  for (int i = 0; i < r.rows() && i < 5; ++i) {
    problems.push_back(r.text(i, 0));
  }
  if (r.rows() == 0) {
    return {std::move(check), true, ""};
  }
  std::string detail = fmt::format("{}", fmt::join(problems, "; "));
  if (r.rows() > 5) {
    detail += fmt::format("; and {} more", r.rows() - 5);
  }
  return {std::move(check), false, detail};
}

} // namespace

void PostgresStore::insert_events(const std::vector<AuditEvent>& events, bool keep_ids) {
  if (events.empty()) {
    return;
  }
  columns::ColumnArrays arrays(k_audit_field_table);
  for (const AuditEvent& event : events) {
    arrays.add(event);
  }
  // In array order, so that event ids follow the order the changes were planned in.
  const std::string names = columns::table_columns(k_audit_field_table, "{0}", false, keep_ids);
  m_conn.exec(fmt::format("INSERT INTO audit_events ({0}) SELECT {0} FROM {1} ORDER BY n", names,
                          arrays.unnest()),
              arrays.params());
}

void PostgresStore::list_audit(const AuditFilter& filter, const Sink<AuditEvent>& sink) {
  const sql::Conditions conditions = sql::audit_conditions(filter, sql::k_postgres);
  Params params = params_of(conditions);
  std::string limit; // none when absent: PostgreSQL refuses a negative LIMIT
  if (filter.limit && *filter.limit >= 0) {
    limit = fmt::format(" LIMIT {}", conditions.next_placeholder());
    params.add(*filter.limit);
  }
  m_conn.each_row(
      sql::audit_listing_sql(audit_columns(), conditions.where(), filter.oldest_first, limit),
      params, [&](const Result& r) { sink(columns::read_row(r, 0, k_audit_field_table)); });
}

std::vector<CheckFinding> PostgresStore::check() {
  std::vector<CheckFinding> findings;
  findings.push_back(findings_of(m_conn, "schema",
                                 "SELECT 'acctctl_meta holds ' || count(*) || ' rows' FROM "
                                 "acctctl_meta HAVING count(*) <> 1"));
  findings.push_back(
      findings_of(m_conn, "R2 one owner per client account",
                  "SELECT c.name || ' has ' || count(u.id) || ' owners' FROM clients c "
                  "LEFT JOIN client_users u ON u.client_id = c.id AND u.is_owner "
                  "WHERE EXISTS (SELECT 1 FROM client_users x WHERE x.client_id = c.id) "
                  "GROUP BY c.id, c.name HAVING count(u.id) <> 1"));
  findings.push_back(
      findings_of(m_conn, "R2 owner is active with login",
                  "SELECT name || ' (id ' || id || ') is owner without being an active login user' "
                  "FROM client_users WHERE is_owner AND (status <> 'active' OR NOT login_access)"));
  findings.push_back(findings_of(
      m_conn, "R9 at most one alert recipient",
      "SELECT c.name || ' has ' || count(*) || ' alert recipients' FROM client_users u "
      "JOIN clients c ON c.id = u.client_id WHERE u.is_alert_recipient "
      "GROUP BY c.id, c.name HAVING count(*) > 1 "
      "UNION ALL SELECT name || ' (id ' || id || ') receives alerts without being an active "
      "login user' FROM client_users WHERE is_alert_recipient "
      "AND (status <> 'active' OR NOT login_access)"));
  findings.push_back(findings_of(
      m_conn, "R14 usernames unique in the store",
      "SELECT 'username ' || min(username) || ' is used ' || count(*) || ' times' "
      "FROM client_users WHERE username IS NOT NULL GROUP BY username_key HAVING count(*) > 1"));
  findings.push_back(findings_of(
      m_conn, "R14 emails unique in a client account",
      "SELECT 'email ' || min(email) || ' is used ' || count(*) || ' times in client id ' || "
      "client_id FROM client_users WHERE email IS NOT NULL "
      "GROUP BY client_id, email_key HAVING count(*) > 1"));
  return findings;
}

} // namespace acctctl::postgres
