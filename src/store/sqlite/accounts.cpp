// Practices, staff, access grants and client accounts in SQLite.
#include <algorithm>

#include <fmt/format.h>

#include "acctctl/fields/account_fields.hpp"
#include "acctctl/values.hpp"
#include "store/sql/listings.hpp"
#include "store/sql/scope_clause.hpp"
#include "store/sqlite/columns.hpp"
#include "store/sqlite/conditions.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace acctctl::sqlite {
namespace {

// The columns of each record, from its field table (account_fields.hpp).
constexpr auto k_practice_columns = &columns::listed<k_practice_field_table, 'p'>;
constexpr auto k_staff_columns = &columns::listed<k_staff_field_table, 's'>;
constexpr auto k_client_columns = &columns::listed<k_client_field_table, 'c'>;

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
      fmt::format("SELECT {} FROM practices p WHERE p.id = ?", k_practice_columns());
  Statement& statement = cached(sql);
  statement.bind(1, id);
  if (!statement.step()) {
    return std::nullopt;
  }
  return read_practice(statement);
}

std::vector<Practice> SqliteStore::find_practices_by_name(std::string_view name) {
  static const std::string sql =
      fmt::format("SELECT {} FROM practices p WHERE p.name_key = ?", k_practice_columns());
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
  const sql::Conditions conditions = sql::practice_conditions(only, sql::k_sqlite);
  Statement statement(m_db, sql::practice_listing_sql(k_practice_columns(), conditions.where()));
  bind(statement, conditions);
  while (statement.step()) {
    sink({read_practice(statement), statement.integer(sql::k_after_practice),
          statement.integer(sql::k_after_practice + 1)});
  }
}

// ---- staff -------------------------------------------------------------------------------

std::optional<Staff> SqliteStore::find_staff(Id id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM staff s WHERE s.id = ?", k_staff_columns());
  Statement& statement = cached(sql);
  statement.bind(1, id);
  if (!statement.step()) {
    return std::nullopt;
  }
  return read_staff(statement);
}

std::optional<Staff> SqliteStore::find_staff_by_email(std::string_view email) {
  static const std::string sql =
      fmt::format("SELECT {} FROM staff s WHERE s.email_key = ?", k_staff_columns());
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

void SqliteStore::update_staff(const Staff& staff) {
  cached("UPDATE staff SET email = ?, email_key = ?, name = ?, role = ?, practice_id = ?, "
         "status = ?, db_role = ? WHERE id = ?")
      .bind(1, staff.email)
      .bind(2, fold_key(staff.email))
      .bind(3, staff.name)
      .bind(4, to_string(staff.role))
      .bind(5, staff.practice_id)
      .bind(6, to_string(staff.status))
      .bind(7, staff.db_role)
      .bind(8, staff.id)
      .run();
}

void SqliteStore::list_staff(std::optional<Id> practice_id, const Sink<StaffListing>& sink) {
  const sql::Conditions conditions = sql::staff_conditions(practice_id, sql::k_sqlite);
  Statement statement(m_db,
                      sql::staff_listing_sql(k_staff_columns(), conditions.where(), sql::k_sqlite));
  bind(statement, conditions);
  while (statement.step()) {
    sink({read_staff(statement), statement.optional_text(sql::k_after_staff)});
  }
}

// ---- access grants -----------------------------------------------------------------------

bool SqliteStore::has_grant(Id staff_id, Id client_id) {
  static const std::string sql = fmt::format(
      "SELECT 1 FROM access_grants WHERE staff_id = ? AND client_id = ? AND {}", k_grant_in_force);
  Statement& statement = cached(sql);
  statement.bind(1, staff_id).bind(2, client_id);
  return statement.step();
}

std::optional<AccessGrant> SqliteStore::find_grant(Id staff_id, Id client_id) {
  Statement& statement =
      cached("SELECT granted_at, until FROM access_grants WHERE staff_id = ? AND client_id = ?");
  statement.bind(1, staff_id).bind(2, client_id);
  if (!statement.step()) {
    return std::nullopt;
  }
  AccessGrant grant;
  grant.staff_id = staff_id;
  grant.client_id = client_id;
  grant.granted_at = statement.text(0);
  grant.until = statement.optional_text(1);
  return grant;
}

void SqliteStore::insert_grant(const GrantChange& grant) {
  Statement& statement =
      cached("INSERT INTO access_grants (staff_id, client_id, granted_at, until) "
             "VALUES (?, ?, ?, ?)");
  statement.bind(1, grant.staff_id)
      .bind(2, grant.client_id)
      .bind(3, grant.granted_at)
      .bind(4, grant.until);
  statement.run();
}

void SqliteStore::delete_grant(const GrantChange& grant) {
  Statement& statement = cached("DELETE FROM access_grants WHERE staff_id = ? AND client_id = ?");
  statement.bind(1, grant.staff_id).bind(2, grant.client_id);
  statement.run();
}

void SqliteStore::list_grants(const GrantFilter& filter, const Sink<AccessGrant>& sink) {
  const sql::Conditions conditions = sql::grant_conditions(filter, sql::k_sqlite);
  Statement statement(m_db, sql::grant_listing_sql(conditions.where()));
  bind(statement, conditions);
  while (statement.step()) {
    sink({statement.integer(0), statement.text(1), statement.integer(2), statement.text(3),
          statement.text(4), statement.optional_text(5)});
  }
}

// ---- client accounts ---------------------------------------------------------------------

std::optional<ClientAccount> SqliteStore::find_client(Id id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM clients c WHERE c.id = ?", k_client_columns());
  Statement& statement = cached(sql);
  statement.bind(1, id);
  if (!statement.step()) {
    return std::nullopt;
  }
  return read_client(statement);
}

// In-process: one cached statement per id costs no round trip.
std::vector<ClientAccount> SqliteStore::load_clients(const std::vector<Id>& ids) {
  std::vector<Id> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::vector<ClientAccount> clients;
  for (const Id id : sorted) {
    if (std::optional<ClientAccount> client = find_client(id)) {
      clients.push_back(std::move(*client));
    }
  }
  return clients;
}

std::vector<ClientAccount> SqliteStore::find_clients_by_name(std::string_view name) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM clients c WHERE c.name_key = ? ORDER BY c.id", k_client_columns());
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

void SqliteStore::update_client(const ClientAccount& client) {
  cached("UPDATE clients SET name = ?, name_key = ?, contact_email = ?, professional_id = ? "
         "WHERE id = ?")
      .bind(1, client.name)
      .bind(2, fold_key(client.name))
      .bind(3, client.contact_email)
      .bind(4, client.professional_id)
      .bind(5, client.id)
      .run();
}

void SqliteStore::list_clients(const ClientFilter& filter, const Sink<ClientSummary>& sink) {
  const sql::Conditions conditions = sql::client_conditions(filter, sql::k_sqlite);
  Statement statement(m_db, client_listing_sql(conditions.where(), filter.with_counts));
  bind(statement, conditions);
  while (statement.step()) {
    ClientSummary summary;
    summary.client = read_client(statement);
    summary.practice = statement.text(sql::k_after_client + 0);
    summary.professional = statement.optional_text(sql::k_after_client + 1);
    summary.owner = statement.optional_text(sql::k_after_client + 2);
    summary.alert_recipient = statement.optional_text(sql::k_after_client + 3);
    summary.active_users = statement.integer(sql::k_after_client + 4);
    summary.deactivated_users = statement.integer(sql::k_after_client + 5);
    summary.documents = statement.integer(sql::k_after_client + 6);
    summary.pending_users = statement.integer(sql::k_after_client + 7);
    sink(summary);
  }
}

std::string client_listing_sql(std::string_view where, bool with_counts) {
  return sql::client_listing_sql(k_client_columns(), where, sql::k_sqlite, with_counts);
}

} // namespace acctctl::sqlite
