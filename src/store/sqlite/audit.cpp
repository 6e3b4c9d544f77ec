// Audit events and the integrity check in SQLite.
#include <iterator>

#include <fmt/format.h>

#include "acctctl/fields/account_fields.hpp"
#include "store/sql/checks.hpp"
#include "store/sql/listings.hpp"
#include "store/sqlite/columns.hpp"
#include "store/sqlite/conditions.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/store_file.hpp"

namespace acctctl::sqlite {
namespace {

constexpr auto k_audit_columns = &columns::listed<k_audit_field_table, 'a'>;

// AUTOINCREMENT keeps sqlite_sequence at or above every id the table ever held.
constexpr const char* k_highest_event_id =
    "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'), 0), "
    "coalesce((SELECT max(id) FROM audit_events), 0))";

} // namespace

void SqliteStore::append_audit(const AuditEvent& event) {
  static const std::string sql = columns::insert_sql("audit_events", k_audit_field_table);
  Statement& statement = cached(sql);
  columns::bind_insert(statement, k_audit_field_table, event);
  statement.run();
}

// Ids are assigned and committed under the one write lock (start_events), so the highest
// committed id is the horizon: no writer can still commit an id below it.
Id SqliteStore::audit_horizon() {
  Statement& highest = cached(k_highest_event_id);
  highest.step();
  const Id last = highest.integer(0);
  highest.reset();
  return last;
}

sql::EventsStart SqliteStore::start_events(const std::vector<std::optional<Id>>& chains,
                                           std::size_t count) {
  // The write transaction (BEGIN IMMEDIATE) holds the whole store: no other writer moves a
  // head.
  sql::EventsStart start;
  const Id last = audit_horizon();
  for (std::size_t i = 1; i <= count; ++i) {
    start.ids.push_back(last + static_cast<Id>(i));
  }
  for (const std::optional<Id>& chain : chains) {
    Statement& head =
        chain ? cached("SELECT hash FROM audit_events WHERE client_id = ? ORDER BY id DESC LIMIT 1")
              : cached("SELECT hash FROM audit_events WHERE client_id IS NULL ORDER BY id DESC "
                       "LIMIT 1");
    if (chain) {
      head.bind(1, *chain);
    }
    if (head.step()) {
      start.heads.emplace_back(chain, head.text(0));
    }
    head.reset();
  }
  return start;
}

std::string audit_listing_sql(std::string_view where, bool oldest_first) {
  // LIMIT -1 is no limit.
  return sql::audit_listing_sql(k_audit_columns(), where, oldest_first, " LIMIT ?");
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
  // SPEC §6.1: personal data, for its owner's eyes (a group may share it for reading).
  const std::optional<std::string> exposure = store_file_exposure(m_db.path());
  findings.push_back({"file mode", !exposure, exposure.value_or("")});
  const sql::CheckQuery query = [&](std::string_view text, int columns,
                                    const std::function<void(sql::CheckRow)>& row) {
    Statement statement(m_db, text);
    std::vector<std::optional<std::string_view>> values(static_cast<std::size_t>(columns));
    while (statement.step()) {
      for (int i = 0; i < columns; ++i) {
        values[static_cast<std::size_t>(i)] = statement.optional_text_view(i);
      }
      row(values);
    }
  };
  findings.push_back(sql::made_by_init_finding(
      query, "triggers", "SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name",
      k_trigger_names));
  // SQLite checks its foreign keys itself (WITHOUT ROWID tables name no row).
  std::vector<CheckFinding> invariants = sql::invariant_findings(
      query, sql::k_sqlite,
      "SELECT \"table\" || ' row ' || rowid || ' refers to a missing ' || parent "
      "FROM pragma_foreign_key_check");
  findings.insert(findings.end(), std::make_move_iterator(invariants.begin()),
                  std::make_move_iterator(invariants.end()));
  return findings;
}

} // namespace acctctl::sqlite
