// Practices, staff, access grants and client accounts in PostgreSQL.
#include <fmt/format.h>

#include "acctctl/fields/account_fields.hpp"
#include "acctctl/values.hpp"
#include "postgres_store.hpp"
#include "store/postgres/columns.hpp"
#include "store/sql/listings.hpp"
#include "store/sql/scope_clause.hpp"

namespace acctctl::postgres {
namespace {

// The columns of each record, from its field table (account_fields.hpp).
constexpr auto k_practice_columns = &columns::listed<k_practice_field_table, 'p'>;
constexpr auto k_staff_columns = &columns::listed<k_staff_field_table, 's'>;
constexpr auto k_client_columns = &columns::listed<k_client_field_table, 'c'>;

Practice read_practice(const Result& r, int row) {
  return columns::read_row(r, row, k_practice_field_table);
}

Staff read_staff(const Result& r, int row) {
  return columns::read_row(r, row, k_staff_field_table);
}

ClientAccount read_client(const Result& r, int row) {
  return columns::read_row(r, row, k_client_field_table);
}

template <typename Row, typename Read> std::vector<Row> all_rows(const Result& result, Read read) {
  std::vector<Row> rows;
  rows.reserve(static_cast<std::size_t>(result.rows()));
  for (int i = 0; i < result.rows(); ++i) {
    rows.push_back(read(result, i));
  }
  return rows;
}

} // namespace

// ---- practices ---------------------------------------------------------------------------

// Under row-level security (SPEC §6.3), what a reference names beyond the session's reach,
// with only what R1's decision reads, so that acctctl denies (exit 5) rather than not finds.
std::vector<Practice> PostgresStore::practices_out_of_reach(std::optional<Id> id,
                                                            std::string_view name) {
  std::vector<Practice> found;
  if (m_administrative) {
    return found;
  }
  const Result r = m_conn.exec(
      "SELECT id FROM acctctl_practice_out_of_reach($1, $2)",
      Params().add(id).add(name.empty() ? std::optional<std::string>() : fold_key(name)));
  for (int row = 0; row < r.rows(); ++row) {
    Practice practice;
    practice.id = r.integer(row, 0);
    practice.name = name.empty() ? fmt::format("#{}", practice.id) : std::string(name);
    found.push_back(std::move(practice));
  }
  return found;
}

std::optional<Staff> PostgresStore::staff_out_of_reach(std::optional<Id> id,
                                                       std::string_view email) {
  if (m_administrative) {
    return std::nullopt;
  }
  const Result r = m_conn.exec(
      "SELECT id, role, practice_id FROM acctctl_staff_out_of_reach($1, $2)",
      Params().add(id).add(email.empty() ? std::optional<std::string>() : fold_key(email)));
  if (r.rows() == 0) {
    return std::nullopt;
  }
  Staff staff;
  staff.id = r.integer(0, 0);
  staff.email = email.empty() ? fmt::format("#{}", staff.id) : std::string(email);
  staff.name = staff.email;
  staff.role = parse_staff_role(r.text(0, 1)).value_or(StaffRole::member);
  if (!r.is_null(0, 2)) {
    staff.practice_id = r.integer(0, 2);
  }
  return staff;
}

std::optional<Staff> PostgresStore::staff_bound_to(std::string_view role) {
  const Result r =
      m_conn.exec(fmt::format("SELECT {} FROM staff s WHERE s.db_role = $1", k_staff_columns()),
                  Params().add(role));
  if (r.rows() > 0) {
    return read_staff(r, 0);
  }
  if (m_administrative) {
    return std::nullopt;
  }
  // Under row-level security: bound to staff of another practice, whom the session may not read.
  const Result hidden = m_conn.exec("SELECT acctctl_role_holder($1)", Params().add(role));
  if (hidden.is_null(0, 0)) {
    return std::nullopt;
  }
  Staff staff;
  staff.id = hidden.integer(0, 0);
  staff.email = fmt::format("#{}", staff.id);
  staff.name = staff.email;
  return staff;
}

std::optional<Practice> PostgresStore::find_practice(Id id) {
  const Result r =
      m_conn.exec(fmt::format("SELECT {} FROM practices p WHERE p.id = $1", k_practice_columns()),
                  Params().add(id));
  if (r.rows() > 0) {
    return read_practice(r, 0);
  }
  std::vector<Practice> hidden = practices_out_of_reach(id, "");
  return hidden.empty() ? std::nullopt : std::optional(std::move(hidden.front()));
}

std::vector<Practice> PostgresStore::find_practices_by_name(std::string_view name) {
  std::vector<Practice> found = all_rows<Practice>(
      m_conn.exec(fmt::format("SELECT {} FROM practices p WHERE p.name_key = $1 ORDER BY p.id",
                              k_practice_columns()),
                  Params().add(fold_key(name))),
      read_practice);
  return found.empty() ? practices_out_of_reach(std::nullopt, name) : found;
}

Id PostgresStore::insert_practice(const Practice& practice) {
  return columns::insert_one(m_conn, "practices", k_practice_field_table, practice);
}

void PostgresStore::list_practices(std::optional<Id> only, const Sink<PracticeSummary>& sink) {
  const sql::Conditions conditions = sql::practice_conditions(only, sql::k_postgres);
  m_conn.each_row(sql::practice_listing_sql(k_practice_columns(), conditions.where()),
                  params_of(conditions), [&](const Result& r) {
                    sink({read_practice(r, 0), r.integer(0, sql::k_after_practice),
                          r.integer(0, sql::k_after_practice + 1)});
                  });
}

// ---- staff -------------------------------------------------------------------------------

std::optional<Staff> PostgresStore::find_staff(Id id) {
  const Result r = m_conn.exec(
      fmt::format("SELECT {} FROM staff s WHERE s.id = $1", k_staff_columns()), Params().add(id));
  return r.rows() > 0 ? std::optional<Staff>(read_staff(r, 0)) : staff_out_of_reach(id, "");
}

std::optional<Staff> PostgresStore::find_staff_by_email(std::string_view email) {
  const Result r =
      m_conn.exec(fmt::format("SELECT {} FROM staff s WHERE s.email_key = $1", k_staff_columns()),
                  Params().add(fold_key(email)));
  return r.rows() > 0 ? std::optional<Staff>(read_staff(r, 0))
                      : staff_out_of_reach(std::nullopt, email);
}

bool PostgresStore::has_support_staff() {
  return m_conn.exec("SELECT 1 FROM staff WHERE role = 'support' LIMIT 1").rows() > 0;
}

Id PostgresStore::insert_staff(const Staff& staff) {
  return columns::insert_one(m_conn, "staff", k_staff_field_table, staff);
}

void PostgresStore::update_staff(const Staff& staff) {
  m_conn.exec("UPDATE staff SET email = $1, email_key = $2, name = $3, role = $4, "
              "practice_id = $5, status = $6, db_role = $7 WHERE id = $8",
              Params()
                  .add(staff.email)
                  .add(fold_key(staff.email))
                  .add(staff.name)
                  .add(to_string(staff.role))
                  .add(staff.practice_id)
                  .add(to_string(staff.status))
                  .add(staff.db_role)
                  .add(staff.id));
}

void PostgresStore::list_staff(std::optional<Id> practice_id, const Sink<StaffListing>& sink) {
  const sql::Conditions conditions = sql::staff_conditions(practice_id, sql::k_postgres);
  m_conn.each_row(sql::staff_listing_sql(k_staff_columns(), conditions.where(), sql::k_postgres),
                  params_of(conditions), [&](const Result& r) {
                    sink({read_staff(r, 0), r.optional_text(0, sql::k_after_staff)});
                  });
}

// ---- access grants -----------------------------------------------------------------------

bool PostgresStore::has_grant(Id staff_id, Id client_id) {
  static const std::string sql =
      fmt::format("SELECT 1 FROM access_grants WHERE staff_id = $1 AND client_id = $2 AND {}",
                  k_grant_in_force);
  return m_conn.exec(sql, Params().add(staff_id).add(client_id)).rows() > 0;
}

std::optional<AccessGrant> PostgresStore::find_grant(Id staff_id, Id client_id) {
  const Result r =
      m_conn.exec("SELECT granted_at, until FROM access_grants WHERE staff_id = $1 AND "
                  "client_id = $2",
                  Params().add(staff_id).add(client_id));
  if (r.rows() == 0) {
    return std::nullopt;
  }
  AccessGrant grant;
  grant.staff_id = staff_id;
  grant.client_id = client_id;
  grant.granted_at = r.text(0, 0);
  grant.until = r.optional_text(0, 1);
  return grant;
}

void PostgresStore::insert_grant(const GrantChange& grant) {
  m_conn.exec(
      "INSERT INTO access_grants (staff_id, client_id, granted_at, until) "
      "VALUES ($1, $2, $3, $4)",
      Params().add(grant.staff_id).add(grant.client_id).add(grant.granted_at).add(grant.until));
}

void PostgresStore::delete_grant(const GrantChange& grant) {
  m_conn.exec("DELETE FROM access_grants WHERE staff_id = $1 AND client_id = $2",
              Params().add(grant.staff_id).add(grant.client_id));
}

void PostgresStore::list_grants(const GrantFilter& filter, const Sink<AccessGrant>& sink) {
  const sql::Conditions conditions = sql::grant_conditions(filter, sql::k_postgres);
  m_conn.each_row(sql::grant_listing_sql(conditions.where()), params_of(conditions),
                  [&](const Result& r) {
                    sink({r.integer(0, 0), r.text(0, 1), r.integer(0, 2), r.text(0, 3),
                          r.text(0, 4), r.optional_text(0, 5)});
                  });
}

// ---- client accounts ---------------------------------------------------------------------

std::vector<ClientAccount> PostgresStore::clients_out_of_reach(std::optional<Id> id,
                                                               std::string_view name) {
  std::vector<ClientAccount> found;
  if (m_administrative) {
    return found; // the owner's connection sees every client already
  }
  const Result r = m_conn.exec(
      "SELECT id, practice_id FROM acctctl_client_out_of_reach($1, $2)",
      Params().add(id).add(name.empty() ? std::optional<std::string>() : fold_key(name)));
  for (int row = 0; row < r.rows(); ++row) {
    ClientAccount client;
    client.id = r.integer(row, 0);
    client.practice_id = r.integer(row, 1);
    client.name = name.empty() ? fmt::format("#{}", client.id) : std::string(name);
    found.push_back(std::move(client));
  }
  return found;
}

std::optional<ClientAccount> PostgresStore::find_client(Id id) {
  const Result r =
      m_conn.exec(fmt::format("SELECT {} FROM clients c WHERE c.id = $1", k_client_columns()),
                  Params().add(id));
  if (r.rows() > 0) {
    return read_client(r, 0);
  }
  std::vector<ClientAccount> hidden = clients_out_of_reach(id, "");
  return hidden.empty() ? std::nullopt : std::optional(std::move(hidden.front()));
}

std::vector<ClientAccount> PostgresStore::load_clients(const std::vector<Id>& ids) {
  return all_rows<ClientAccount>(
      m_conn.exec(fmt::format("SELECT {} FROM clients c WHERE c.id = ANY($1::bigint[]) "
                              "ORDER BY c.id",
                              k_client_columns()),
                  Params().add(ArrayLiteral::of(ids))),
      read_client);
}

std::vector<ClientAccount> PostgresStore::find_clients_by_name(std::string_view name) {
  std::vector<ClientAccount> found = all_rows<ClientAccount>(
      m_conn.exec(fmt::format("SELECT {} FROM clients c WHERE c.name_key = $1 ORDER BY c.id",
                              k_client_columns()),
                  Params().add(fold_key(name))),
      read_client);
  return found.empty() ? clients_out_of_reach(std::nullopt, name) : found;
}

Id PostgresStore::insert_client(const ClientAccount& client) {
  if (client.id != 0) { // an import's
    return columns::insert_one(m_conn, "clients", k_client_field_table, client);
  }
  // Numbered first, then inserted without RETURNING: a bound member may add a client of its
  // practice, and reads it only once the grant that adding it brings is written.
  ClientAccount numbered = client;
  numbered.id = m_conn.exec("SELECT acctctl_new_ids('clients', 1)", {}).integer(0, 0);
  return columns::insert_one(m_conn, "clients", k_client_field_table, numbered);
}

void PostgresStore::update_client(const ClientAccount& client) {
  m_conn.exec("UPDATE clients SET name = $1, name_key = $2, contact_email = $3, "
              "professional_id = $4 WHERE id = $5",
              Params()
                  .add(client.name)
                  .add(fold_key(client.name))
                  .add(client.contact_email)
                  .add(client.professional_id)
                  .add(client.id));
}

void PostgresStore::list_clients(const ClientFilter& filter, const Sink<ClientSummary>& sink) {
  const sql::Conditions conditions = sql::client_conditions(filter, sql::k_postgres);
  m_conn.each_row(sql::client_listing_sql(k_client_columns(), conditions.where(), sql::k_postgres,
                                          filter.with_counts),
                  params_of(conditions), [&](const Result& r) {
                    ClientSummary summary;
                    summary.client = read_client(r, 0);
                    summary.practice = r.text(0, sql::k_after_client + 0);
                    summary.professional = r.optional_text(0, sql::k_after_client + 1);
                    summary.owner = r.optional_text(0, sql::k_after_client + 2);
                    summary.alert_recipient = r.optional_text(0, sql::k_after_client + 3);
                    summary.active_users = r.integer(0, sql::k_after_client + 4);
                    summary.deactivated_users = r.integer(0, sql::k_after_client + 5);
                    summary.documents = r.integer(0, sql::k_after_client + 6);
                    summary.pending_users = r.integer(0, sql::k_after_client + 7);
                    sink(summary);
                  });
}

} // namespace acctctl::postgres
