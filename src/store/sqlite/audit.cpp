// Audit events and the integrity check in SQLite.
#include <fmt/format.h>

#include "acctctl/fields/account_fields.hpp"
#include "store/sql/listings.hpp"
#include "store/sqlite/columns.hpp"
#include "store/sqlite/conditions.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace acctctl::sqlite {
namespace {

constexpr auto audit_columns = &columns::listed<k_audit_field_table, 'a'>;

// Runs a query whose rows each name one violation; the finding lists up to a few of them.
CheckFinding findings_of(Database& db, std::string check, const char* sql) {
  Statement statement(db, sql);
  std::vector<std::string> problems;
  std::int64_t count = 0;
  while (statement.step()) {
    if (++count <= 5) {
      problems.push_back(statement.text(0));
    }
  }
  if (count == 0) {
    return {std::move(check), true, ""};
  }
  std::string detail = fmt::format("{}", fmt::join(problems, "; "));
  if (count > 5) {
    detail += fmt::format("; and {} more", count - 5);
  }
  return {std::move(check), false, detail};
}

} // namespace

void SqliteStore::append_audit(const AuditEvent& event) {
  static const std::string sql = columns::insert_sql("audit_events", k_audit_field_table);
  Statement& statement = cached(sql);
  columns::bind_insert(statement, k_audit_field_table, event);
  statement.run();
}

std::string audit_listing_sql(std::string_view where, bool oldest_first) {
  // LIMIT -1 is no limit.
  return sql::audit_listing_sql(audit_columns(), where, oldest_first, " LIMIT ?");
}

void SqliteStore::list_audit(const AuditFilter& filter, const Sink<AuditEvent>& sink) {
  const sql::Conditions conditions = sql::audit_conditions(filter, sql::k_sqlite);
  Statement statement(m_db, audit_listing_sql(conditions.where(), filter.oldest_first));
  const int next = bind(statement, conditions);
  statement.bind(next, filter.limit.value_or(-1));
  while (statement.step()) {
    sink(columns::read_row(statement, k_audit_field_table));
  }
}

std::vector<CheckFinding> SqliteStore::check() {
  std::vector<CheckFinding> findings;
  {
    Statement statement(m_db, "PRAGMA integrity_check");
    std::vector<std::string> lines;
    while (statement.step()) {
      lines.push_back(statement.text(0));
    }
    const bool ok = lines.size() == 1 && lines.front() == "ok";
    findings.push_back({"integrity", ok, ok ? "" : fmt::format("{}", fmt::join(lines, "; "))});
  }
  findings.push_back(
      findings_of(m_db, "foreign keys",
                  "SELECT \"table\" || ' row ' || rowid || ' refers to a missing ' || parent "
                  "FROM pragma_foreign_key_check"));
  findings.push_back(
      findings_of(m_db, "R2 one owner per client account",
                  "SELECT c.name || ' has ' || count(u.id) || ' owners' FROM clients c "
                  "LEFT JOIN client_users u ON u.client_id = c.id AND u.is_owner = 1 "
                  "WHERE EXISTS (SELECT 1 FROM client_users x WHERE x.client_id = c.id) "
                  "GROUP BY c.id HAVING count(u.id) <> 1"));
  findings.push_back(findings_of(
      m_db, "R2 owner is active with login",
      "SELECT name || ' (id ' || id || ') is owner without being an active login user' "
      "FROM client_users WHERE is_owner = 1 AND (status <> 'active' OR login_access = 0)"));
  findings.push_back(findings_of(
      m_db, "R9 at most one alert recipient",
      "SELECT c.name || ' has ' || count(*) || ' alert recipients' FROM client_users u "
      "JOIN clients c ON c.id = u.client_id WHERE u.is_alert_recipient = 1 "
      "GROUP BY c.id HAVING count(*) > 1 "
      "UNION ALL SELECT name || ' (id ' || id || ') receives alerts without being an active "
      "login user' FROM client_users WHERE is_alert_recipient = 1 "
      "AND (status <> 'active' OR login_access = 0)"));
  findings.push_back(findings_of(
      m_db, "R14 usernames unique in the store",
      "SELECT 'username ' || min(username) || ' is used ' || count(*) || ' times' "
      "FROM client_users WHERE username IS NOT NULL "
      "GROUP BY acctctl_fold(username) HAVING count(*) > 1 "
      "UNION ALL SELECT 'user id ' || id || ' has a stale username key' FROM client_users "
      "WHERE username_key IS NOT acctctl_fold(username)"));
  findings.push_back(findings_of(
      m_db, "R14 emails unique in a client account",
      "SELECT 'email ' || min(email) || ' is used ' || count(*) || ' times in client id ' || "
      "client_id FROM client_users WHERE email IS NOT NULL "
      "GROUP BY client_id, acctctl_fold(email) HAVING count(*) > 1 "
      "UNION ALL SELECT 'user id ' || id || ' has a stale email key' FROM client_users "
      "WHERE email_key IS NOT acctctl_fold(email)"));
  findings.push_back(
      findings_of(m_db, "names' sort keys",
                  "SELECT 'user id ' || id || ' has a stale name key' FROM client_users "
                  "WHERE name_key IS NOT acctctl_fold(name)"));
  return findings;
}

} // namespace acctctl::sqlite
