// Practices, staff, access grants and client accounts in PostgreSQL.
#include <fmt/format.h>

#include "acctctl/fields/account_fields.hpp"
#include "acctctl/values.hpp"
#include "postgres_store.hpp"
#include "store/postgres/columns.hpp"

namespace acctctl::postgres {
namespace {

// The columns of each record, from its field table (account_fields.hpp), and where the
// columns of a listing's other values start after them.
constexpr auto practice_columns = &columns::listed<k_practice_field_table, 'p'>;
constexpr auto staff_columns = &columns::listed<k_staff_field_table, 's'>;
constexpr auto client_columns = &columns::listed<k_client_field_table, 'c'>;
constexpr int k_after_practice = static_cast<int>(k_practice_field_table.size());
constexpr int k_after_staff = static_cast<int>(k_staff_field_table.size());
constexpr int k_after_client = static_cast<int>(k_client_field_table.size());

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

std::optional<Practice> PostgresStore::find_practice(Id id) {
  const Result r =
      m_conn.exec(fmt::format("SELECT {} FROM practices p WHERE p.id = $1", practice_columns()),
                  Params().add(id));
  return r.rows() == 0 ? std::nullopt : std::optional<Practice>(read_practice(r, 0));
}

std::vector<Practice> PostgresStore::find_practices_by_name(std::string_view name) {
  return all_rows<Practice>(
      m_conn.exec(fmt::format("SELECT {} FROM practices p WHERE p.name_key = $1 ORDER BY p.id",
                              practice_columns()),
                  Params().add(fold_key(name))),
      read_practice);
}

Id PostgresStore::insert_practice(const Practice& practice) {
  return columns::insert_one(m_conn, "practices", k_practice_field_table, practice);
}

void PostgresStore::list_practices(std::optional<Id> only, const Sink<PracticeSummary>& sink) {
  Params params;
  Conditions conditions(params);
  if (only) {
    conditions.add("p.id = ?", *only);
  }
  m_conn.each_row(fmt::format("SELECT {}, "
                              "(SELECT count(*) FROM clients c WHERE c.practice_id = p.id), "
                              "(SELECT count(*) FROM staff s WHERE s.practice_id = p.id) "
                              "FROM practices p{} ORDER BY p.name_key, p.id",
                              practice_columns(), conditions.where()),
                  params, [&](const Result& r) {
                    sink({read_practice(r, 0), r.integer(0, k_after_practice),
                          r.integer(0, k_after_practice + 1)});
                  });
}

// ---- staff -------------------------------------------------------------------------------

std::optional<Staff> PostgresStore::find_staff(Id id) {
  const Result r = m_conn.exec(
      fmt::format("SELECT {} FROM staff s WHERE s.id = $1", staff_columns()), Params().add(id));
  return r.rows() == 0 ? std::nullopt : std::optional<Staff>(read_staff(r, 0));
}

std::optional<Staff> PostgresStore::find_staff_by_email(std::string_view email) {
  const Result r =
      m_conn.exec(fmt::format("SELECT {} FROM staff s WHERE s.email_key = $1", staff_columns()),
                  Params().add(fold_key(email)));
  return r.rows() == 0 ? std::nullopt : std::optional<Staff>(read_staff(r, 0));
}

bool PostgresStore::has_support_staff() {
  return m_conn.exec("SELECT 1 FROM staff WHERE role = 'support' LIMIT 1").rows() > 0;
}

Id PostgresStore::insert_staff(const Staff& staff) {
  return columns::insert_one(m_conn, "staff", k_staff_field_table, staff);
}

void PostgresStore::list_staff(std::optional<Id> practice_id, const Sink<StaffListing>& sink) {
  Params params;
  Conditions conditions(params);
  if (practice_id) {
    conditions.add("s.practice_id = ?", *practice_id);
  }
  m_conn.each_row(fmt::format("SELECT {}, p.name FROM staff s "
                              "LEFT JOIN practices p ON p.id = s.practice_id{} "
                              "ORDER BY s.role = 'support' DESC, p.name_key NULLS FIRST, "
                              "s.email_key",
                              staff_columns(), conditions.where()),
                  params, [&](const Result& r) {
                    sink({read_staff(r, 0), r.optional_text(0, k_after_staff)});
                  });
}

// ---- access grants -----------------------------------------------------------------------

bool PostgresStore::has_grant(Id staff_id, Id client_id) {
  return m_conn
             .exec("SELECT 1 FROM access_grants WHERE staff_id = $1 AND client_id = $2",
                   Params().add(staff_id).add(client_id))
             .rows() > 0;
}

void PostgresStore::list_grants(const GrantFilter& filter, const Sink<AccessGrant>& sink) {
  Params params;
  Conditions conditions(params);
  conditions.add_scope(filter.scope, "c.practice_id", "c.id");
  if (filter.staff_id) {
    conditions.add("g.staff_id = ?", *filter.staff_id);
  }
  m_conn.each_row(
      fmt::format("SELECT g.staff_id, s.email, g.client_id, c.name, g.granted_at "
                  "FROM access_grants g JOIN staff s ON s.id = g.staff_id "
                  "JOIN clients c ON c.id = g.client_id{} "
                  "ORDER BY s.email_key, c.name_key, c.id",
                  conditions.where()),
      params, [&](const Result& r) {
        sink({r.integer(0, 0), r.text(0, 1), r.integer(0, 2), r.text(0, 3), r.text(0, 4)});
      });
}

// ---- client accounts ---------------------------------------------------------------------

std::optional<ClientAccount> PostgresStore::find_client(Id id) {
  const Result r = m_conn.exec(
      fmt::format("SELECT {} FROM clients c WHERE c.id = $1", client_columns()), Params().add(id));
  return r.rows() == 0 ? std::nullopt : std::optional<ClientAccount>(read_client(r, 0));
}

std::vector<ClientAccount> PostgresStore::find_clients_by_name(std::string_view name) {
  return all_rows<ClientAccount>(
      m_conn.exec(fmt::format("SELECT {} FROM clients c WHERE c.name_key = $1 ORDER BY c.id",
                              client_columns()),
                  Params().add(fold_key(name))),
      read_client);
}

Id PostgresStore::insert_client(const ClientAccount& client) {
  return columns::insert_one(m_conn, "clients", k_client_field_table, client);
}

void PostgresStore::list_clients(const ClientFilter& filter, const Sink<ClientSummary>& sink) {
  Params params;
  Conditions conditions(params);
  conditions.add_scope(filter.scope, "c.practice_id", "c.id");
  if (filter.client_id) {
    conditions.add("c.id = ?", *filter.client_id);
  }
  if (filter.practice_id) {
    conditions.add("c.practice_id = ?", *filter.practice_id);
  }
  if (filter.name_contains) {
    conditions.add("strpos(c.name_key, ?) > 0", fold_key(*filter.name_contains));
  }
  m_conn.each_row(
      fmt::format(
          "SELECT {}, p.name, pro.name, "
          "(SELECT name FROM client_users u WHERE u.client_id = c.id AND u.is_owner), "
          "(SELECT name FROM client_users u WHERE u.client_id = c.id AND u.is_alert_recipient), "
          "(SELECT count(*) FROM client_users u WHERE u.client_id = c.id AND u.status = 'active'), "
          "(SELECT count(*) FROM client_users u WHERE u.client_id = c.id "
          "AND u.status = 'deactivated'), "
          "(SELECT count(*) FROM documents d WHERE d.client_id = c.id) "
          "FROM clients c JOIN practices p ON p.id = c.practice_id "
          "LEFT JOIN staff pro ON pro.id = c.professional_id{} "
          "ORDER BY c.name_key, p.name_key, c.id",
          client_columns(), conditions.where()),
      params, [&](const Result& r) {
        ClientSummary summary;
        summary.client = read_client(r, 0);
        summary.practice = r.text(0, k_after_client + 0);
        summary.professional = r.optional_text(0, k_after_client + 1);
        summary.owner = r.optional_text(0, k_after_client + 2);
        summary.alert_recipient = r.optional_text(0, k_after_client + 3);
        summary.active_users = r.integer(0, k_after_client + 4);
        summary.deactivated_users = r.integer(0, k_after_client + 5);
        summary.documents = r.integer(0, k_after_client + 6);
        sink(summary);
      });
}

} // namespace acctctl::postgres
