// Audit events and the integrity check in PostgreSQL.
#include <algorithm>
#include <iterator>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "acctctl/fields/account_fields.hpp"
#include "postgres_store.hpp"
#include "store/postgres/access_control.hpp"
#include "store/postgres/columns.hpp"
#include "store/postgres/schema.hpp"
#include "store/sql/checks.hpp"
#include "store/sql/listings.hpp"

namespace acctctl::postgres {
namespace {

constexpr auto k_audit_columns = &columns::listed<k_audit_field_table, 'a'>;

// The references of the schema (schema.cpp), each named as SQLite's foreign key check names
// it: "documents row 7 refers to a missing clients". A constraint keeps them unless it was
// dropped or disabled, which is what check() is for.
struct Reference {
  std::string_view table;
  std::string_view row; // what names a row of `table`
  std::string_view column;
  std::string_view parent;
};

constexpr Reference k_references[] = {
    {"staff", "x.id", "practice_id", "practices"},
    {"clients", "x.id", "practice_id", "practices"},
    {"clients", "x.id", "professional_id", "staff"},
    {"access_grants", "x.staff_id || '/' || x.client_id", "staff_id", "staff"},
    {"access_grants", "x.staff_id || '/' || x.client_id", "client_id", "clients"},
    {"client_users", "x.id", "client_id", "clients"},
    {"user_permissions", "x.user_id || '/' || x.permission", "user_id", "client_users"},
    {"documents", "x.id", "client_id", "clients"},
    {"documents", "x.id", "submitted_by_id", "client_users"},
};

// One query over every reference, built once from the names above (no value in it).
const std::string& missing_references_sql() {
  static const std::string sql = [] {
    std::vector<std::string> each;
    for (const Reference& reference : k_references) {
      each.push_back(fmt::format("SELECT '{0} row ' || {1} || ' refers to a missing {3}' FROM {0} "
                                 "x WHERE x.{2} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {3} p "
                                 "WHERE p.id = x.{2})",
                                 reference.table, reference.row, reference.column,
                                 reference.parent));
    }
    return fmt::format("{}", fmt::join(each, " UNION ALL "));
  }();
  return sql;
}

// SPEC §6.3: the policies, row-level security and acctctl_operator's privileges that init made.
void append_access_findings(const sql::CheckQuery& query, std::vector<CheckFinding>& findings) {
  static const std::vector<std::string> policies = [] {
    std::vector<std::string> names;
    for (const PolicyName& policy : k_policy_names) {
      names.push_back(fmt::format("{}.{}", policy.table, policy.name));
    }
    return names;
  }();
  static const std::vector<std::string_view> policy_views(policies.begin(), policies.end());
  findings.push_back(
      sql::made_by_init_finding(query, "policies",
                                "SELECT tablename || '.' || policyname FROM pg_catalog.pg_policies "
                                "WHERE schemaname = current_schema() ORDER BY 1",
                                policy_views));
  findings.push_back(sql::violations_finding(
      query, "row-level security",
      "SELECT c.relname || ' has row-level security off (`acctctl init` turns it on)' "
      "FROM pg_catalog.pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
      "AND c.relkind = 'r' AND NOT c.relrowsecurity ORDER BY 1"));
  static const std::vector<std::string_view> privileges = [] {
    std::vector<std::string_view> each;
    std::string_view rest = k_operator_privileges;
    while (!rest.empty()) {
      const std::size_t end = std::min(rest.find(' '), rest.size());
      each.push_back(rest.substr(0, end));
      rest.remove_prefix(std::min(end + 1, rest.size()));
    }
    return each;
  }();
  findings.push_back(sql::made_by_init_finding(
      query, "privileges",
      "SELECT c.relname || ':' || string_agg(a.privilege_type, ',' ORDER BY a.privilege_type) "
      "FROM pg_catalog.pg_class c, aclexplode(c.relacl) a JOIN pg_catalog.pg_roles r "
      "ON r.oid = a.grantee AND r.rolname = 'acctctl_operator' "
      "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'S') "
      "GROUP BY c.relname ORDER BY 1",
      privileges));
}

} // namespace

sql::EventsStart PostgresStore::start_events(const std::vector<std::optional<Id>>& chains,
                                             std::size_t count) {
  // A chain's writers take turns: a client's chain under its row's lock (lock_client took it
  // already for a batch; taking it again is free), the store's chain under an advisory lock of
  // its own, always after the clients' (in id order), so two writers never wait on each other
  // in a circle. READ COMMITTED: the head read after the lock is the last committed one.
  ArrayLiteral clients;
  bool store_chain = false;
  bool client_chains = false;
  for (const std::optional<Id>& chain : chains) {
    if (chain) {
      clients.add(*chain);
      client_chains = true;
    } else {
      store_chain = true;
    }
  }
  const std::string client_ids = clients.text();
  if (client_chains) {
    m_conn.exec("SELECT count(*) FROM (SELECT 1 FROM clients WHERE id = ANY($1::bigint[]) "
                "ORDER BY id FOR UPDATE) AS locked",
                Params().add(client_ids));
  }
  if (store_chain) {
    m_conn.exec("SELECT pg_advisory_xact_lock(2135, 'audit_events'::regclass::oid::integer)");
  }
  sql::EventsStart start;
  // Ids come from the sequence after the locks: within a chain they rise in commit order.
  // acctctl_audit_ids holds them back from followers until this transaction ends
  // (access_control.cpp).
  m_conn.each_row("SELECT acctctl_audit_ids($1::integer)",
                  Params().add(static_cast<std::int64_t>(count)),
                  [&](const Result& r) { start.ids.push_back(r.integer(0, 0)); });
  std::sort(start.ids.begin(), start.ids.end());
  // Through a function of the owner's (access_control.cpp): a practice user's own reading of the
  // trail may not show a chain's head.
  m_conn.each_row("SELECT client_id, hash FROM acctctl_chain_heads($1::bigint[], $2)",
                  Params().add(client_ids).add(store_chain), [&](const Result& r) {
                    if (!r.is_null(0, 1)) {
                      start.heads.emplace_back(r.is_null(0, 0) ? std::nullopt
                                                               : std::optional(r.integer(0, 0)),
                                               r.text(0, 1));
                    }
                  });
  return start;
}

Id PostgresStore::audit_horizon() {
  // Outside a transaction, so the search_path is not pinned: the function by its schema.
  return m_conn.exec(fmt::format("SELECT {}.acctctl_audit_horizon()", m_schema.quoted), {})
      .integer(0, 0);
}

void PostgresStore::write_events(const std::vector<AuditEvent>& events) {
  if (events.empty()) {
    return;
  }
  columns::ColumnArrays arrays(k_audit_field_table);
  for (const AuditEvent& event : events) {
    arrays.add(event);
  }
  // Every event brings its id (start_events, or an import's).
  const std::string names = columns::table_columns(k_audit_field_table, "{0}", false, true);
  m_conn.exec(fmt::format("INSERT INTO audit_events ({0}) SELECT {0} FROM {1} ORDER BY n", names,
                          arrays.unnest()),
              arrays.params());
  if (m_write && !m_write->event_id) {
    m_write->event_id = events.front().id; // the batch's trace, should the COMMIT's answer be lost
  }
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
      sql::audit_listing_sql(k_audit_columns(), conditions.where(), filter.oldest_first, limit),
      params, [&](const Result& r) { sink(columns::read_row(r, 0, k_audit_field_table)); });
}

std::vector<CheckFinding> PostgresStore::check() {
  const sql::CheckQuery query = [&](std::string_view text, int columns,
                                    const std::function<void(sql::CheckRow)>& row) {
    std::vector<std::optional<std::string_view>> values(static_cast<std::size_t>(columns));
    m_conn.each_row(text, {}, [&](const Result& r) {
      for (int i = 0; i < columns; ++i) {
        values[static_cast<std::size_t>(i)] =
            r.is_null(0, i) ? std::nullopt : std::optional(r.text_view(0, i));
      }
      row(values);
    });
  };
  std::vector<CheckFinding> findings;
  findings.push_back(sql::violations_finding(query, "schema",
                                             "SELECT 'acctctl_meta holds ' || count(*) || ' rows' "
                                             "FROM acctctl_meta HAVING count(*) <> 1"));
  findings.push_back(sql::violations_finding(
      query, "encoding",
      "SELECT 'the database''s encoding is ' || current_setting('server_encoding') || ', not "
      "UTF8: a name outside it is refused' WHERE current_setting('server_encoding') <> 'UTF8'"));
  // A disabled trigger counts as missing: it guards nothing.
  findings.push_back(sql::made_by_init_finding(
      query, "triggers",
      "SELECT t.tgname || CASE WHEN t.tgenabled = 'D' THEN ' (disabled)' ELSE '' END "
      "FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "
      "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace ORDER BY 1",
      k_trigger_names));
  append_access_findings(query, findings);
  std::vector<CheckFinding> invariants =
      sql::invariant_findings(query, sql::k_postgres, missing_references_sql());
  findings.insert(findings.end(), std::make_move_iterator(invariants.begin()),
                  std::make_move_iterator(invariants.end()));
  return findings;
}

} // namespace acctctl::postgres
