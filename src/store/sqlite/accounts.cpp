// Practices, staff, access grants and client accounts in SQLite.
#include <fmt/format.h>

#include "acctctl/fields/account_fields.hpp"
#include "acctctl/values.hpp"
#include "store/sqlite/columns.hpp"
#include "store/sqlite/conditions.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace acctctl::sqlite {
namespace {

// The columns of each record, from its field table (account_fields.hpp), and where the
// columns of a listing's other values start after them.
constexpr auto practice_columns = &columns::listed<k_practice_field_table, 'p'>;
constexpr auto staff_columns = &columns::listed<k_staff_field_table, 's'>;
constexpr auto client_columns = &columns::listed<k_client_field_table, 'c'>;
constexpr int k_after_practice = static_cast<int>(k_practice_field_table.size());
constexpr int k_after_staff = static_cast<int>(k_staff_field_table.size());
constexpr int k_after_client = static_cast<int>(k_client_field_table.size());

Practice read_practice(const Statement& row) {
  return columns::read_row(row, k_practice_field_table);
}

Staff read_staff(const Statement& row) {
  return columns::read_row(row, k_staff_field_table);
}

ClientAccount read_client(const Statement& row) {
  return columns::read_row(row, k_client_field_table);
}

} // namespace

// ---- practices ---------------------------------------------------------------------------

std::optional<Practice> SqliteStore::find_practice(Id id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM practices p WHERE p.id = ?", practice_columns());
  Statement& statement = cached(sql);
  statement.bind(1, id);
  if (!statement.step()) {
    return std::nullopt;
  }
  return read_practice(statement);
}

std::vector<Practice> SqliteStore::find_practices_by_name(std::string_view name) {
  static const std::string sql =
      fmt::format("SELECT {} FROM practices p WHERE p.name_key = ?", practice_columns());
  Statement& statement = cached(sql);
  statement.bind(1, fold_key(name));
  std::vector<Practice> result;
  while (statement.step()) {
    result.push_back(read_practice(statement));
  }
  return result;
}

Id SqliteStore::insert_practice(const Practice& practice) {
  static const std::string sql = columns::insert_sql("practices", k_practice_field_table);
  Statement& statement = cached(sql);
  columns::bind_insert(statement, k_practice_field_table, practice);
  statement.run();
  return last_insert_id();
}

void SqliteStore::list_practices(std::optional<Id> only, const Sink<PracticeSummary>& sink) {
  Conditions conditions;
  if (only) {
    conditions.add("p.id = ?", *only);
  }
  Statement statement(m_db,
                      fmt::format("SELECT {}, "
                                  "(SELECT count(*) FROM clients c WHERE c.practice_id = p.id), "
                                  "(SELECT count(*) FROM staff s WHERE s.practice_id = p.id) "
                                  "FROM practices p{} ORDER BY p.name_key, p.id",
                                  practice_columns(), conditions.where()));
  conditions.bind(statement);
  while (statement.step()) {
    sink({read_practice(statement), statement.integer(k_after_practice),
          statement.integer(k_after_practice + 1)});
  }
}

// ---- staff -------------------------------------------------------------------------------

std::optional<Staff> SqliteStore::find_staff(Id id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM staff s WHERE s.id = ?", staff_columns());
  Statement& statement = cached(sql);
  statement.bind(1, id);
  if (!statement.step()) {
    return std::nullopt;
  }
  return read_staff(statement);
}

std::optional<Staff> SqliteStore::find_staff_by_email(std::string_view email) {
  static const std::string sql =
      fmt::format("SELECT {} FROM staff s WHERE s.email_key = ?", staff_columns());
  Statement& statement = cached(sql);
  statement.bind(1, fold_key(email));
  if (!statement.step()) {
    return std::nullopt;
  }
  return read_staff(statement);
}

bool SqliteStore::has_support_staff() {
  Statement& statement = cached("SELECT 1 FROM staff WHERE role = 'support' LIMIT 1");
  return statement.step();
}

Id SqliteStore::insert_staff(const Staff& staff) {
  static const std::string sql = columns::insert_sql("staff", k_staff_field_table);
  Statement& statement = cached(sql);
  columns::bind_insert(statement, k_staff_field_table, staff);
  statement.run();
  return last_insert_id();
}

void SqliteStore::list_staff(std::optional<Id> practice_id, const Sink<StaffListing>& sink) {
  Conditions conditions;
  if (practice_id) {
    conditions.add("s.practice_id = ?", *practice_id);
  }
  Statement statement(m_db, fmt::format("SELECT {}, p.name FROM staff s "
                                        "LEFT JOIN practices p ON p.id = s.practice_id{} "
                                        "ORDER BY s.role = 'support' DESC, p.name_key, s.email_key",
                                        staff_columns(), conditions.where()));
  conditions.bind(statement);
  while (statement.step()) {
    sink({read_staff(statement), statement.optional_text(k_after_staff)});
  }
}

// ---- access grants -----------------------------------------------------------------------

bool SqliteStore::has_grant(Id staff_id, Id client_id) {
  Statement& statement = cached("SELECT 1 FROM access_grants WHERE staff_id = ? AND client_id = ?");
  statement.bind(1, staff_id).bind(2, client_id);
  return statement.step();
}

void SqliteStore::insert_grant(const GrantChange& grant) {
  Statement& statement =
      cached("INSERT INTO access_grants (staff_id, client_id, granted_at) VALUES (?, ?, ?)");
  statement.bind(1, grant.staff_id).bind(2, grant.client_id).bind(3, grant.granted_at);
  statement.run();
}

void SqliteStore::delete_grant(const GrantChange& grant) {
  Statement& statement = cached("DELETE FROM access_grants WHERE staff_id = ? AND client_id = ?");
  statement.bind(1, grant.staff_id).bind(2, grant.client_id);
  statement.run();
}

void SqliteStore::list_grants(const GrantFilter& filter, const Sink<AccessGrant>& sink) {
  Conditions conditions;
  conditions.add_scope(filter.scope, "c.practice_id", "c.id");
  if (filter.staff_id) {
    conditions.add("g.staff_id = ?", *filter.staff_id);
  }
  Statement statement(m_db, fmt::format("SELECT g.staff_id, s.email, g.client_id, c.name, "
                                        "g.granted_at FROM access_grants g "
                                        "JOIN staff s ON s.id = g.staff_id "
                                        "JOIN clients c ON c.id = g.client_id{} "
                                        "ORDER BY s.email_key, c.name_key, c.id",
                                        conditions.where()));
  conditions.bind(statement);
  while (statement.step()) {
    sink({statement.integer(0), statement.text(1), statement.integer(2), statement.text(3),
          statement.text(4)});
  }
}

// ---- client accounts ---------------------------------------------------------------------

std::optional<ClientAccount> SqliteStore::find_client(Id id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM clients c WHERE c.id = ?", client_columns());
  Statement& statement = cached(sql);
  statement.bind(1, id);
  if (!statement.step()) {
    return std::nullopt;
  }
  return read_client(statement);
}

std::vector<ClientAccount> SqliteStore::find_clients_by_name(std::string_view name) {
  static const std::string sql =
      fmt::format("SELECT {} FROM clients c WHERE c.name_key = ? ORDER BY c.id", client_columns());
  Statement& statement = cached(sql);
  statement.bind(1, fold_key(name));
  std::vector<ClientAccount> result;
  while (statement.step()) {
    result.push_back(read_client(statement));
  }
  return result;
}

Id SqliteStore::insert_client(const ClientAccount& client) {
  static const std::string sql = columns::insert_sql("clients", k_client_field_table);
  Statement& statement = cached(sql);
  columns::bind_insert(statement, k_client_field_table, client);
  statement.run();
  return last_insert_id();
}

void SqliteStore::list_clients(const ClientFilter& filter, const Sink<ClientSummary>& sink) {
  Conditions conditions;
  conditions.add_scope(filter.scope, "c.practice_id", "c.id");
  if (filter.client_id) {
    conditions.add("c.id = ?", *filter.client_id);
  }
  if (filter.practice_id) {
    conditions.add("c.practice_id = ?", *filter.practice_id);
  }
  if (filter.name_contains) {
    conditions.add("instr(c.name_key, ?) > 0", fold_key(*filter.name_contains));
  }
  Statement statement(m_db, client_listing_sql(conditions.where()));
  conditions.bind(statement);
  while (statement.step()) {
    ClientSummary summary;
    summary.client = read_client(statement);
    summary.practice = statement.text(k_after_client + 0);
    summary.professional = statement.optional_text(k_after_client + 1);
    summary.owner = statement.optional_text(k_after_client + 2);
    summary.alert_recipient = statement.optional_text(k_after_client + 3);
    summary.active_users = statement.integer(k_after_client + 4);
    summary.deactivated_users = statement.integer(k_after_client + 5);
    summary.documents = statement.integer(k_after_client + 6);
    sink(summary);
  }
}

std::string client_listing_sql(std::string_view where) {
  return fmt::format(
      "SELECT {}, p.name, pro.name, "
      "(SELECT name FROM client_users u WHERE u.client_id = c.id AND u.is_owner = 1), "
      "(SELECT name FROM client_users u WHERE u.client_id = c.id AND u.is_alert_recipient = "
      "1), "
      "(SELECT count(*) FROM client_users u WHERE u.client_id = c.id AND u.status = 'active'), "
      "(SELECT count(*) FROM client_users u WHERE u.client_id = c.id "
      "AND u.status = 'deactivated'), "
      "(SELECT count(*) FROM documents d WHERE d.client_id = c.id) "
      "FROM clients c JOIN practices p ON p.id = c.practice_id "
      "LEFT JOIN staff pro ON pro.id = c.professional_id{} ORDER BY c.name_key, p.name_key, "
      "c.id",
      client_columns(), where);
}

} // namespace acctctl::sqlite
