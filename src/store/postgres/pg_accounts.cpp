// Practices, staff, access grants and client accounts in PostgreSQL.
#include <fmt/format.h>

#include "acctctl/values.hpp"
#include "postgres_store.hpp"

namespace acctctl::postgres {
namespace {

constexpr const char* k_practice_columns = "p.id, p.name, p.created_at";

Practice read_practice(const Result& r, int row, int at = 0) {
  return {r.integer(row, at), r.text(row, at + 1), r.text(row, at + 2)};
}

constexpr const char* k_staff_columns =
    "s.id, s.email, s.name, s.role, s.practice_id, s.created_at";

Staff read_staff(const Result& r, int row, int at = 0) {
  Staff staff;
  staff.id = r.integer(row, at);
  staff.email = r.text(row, at + 1);
  staff.name = r.text(row, at + 2);
  staff.role = parse_staff_role(r.text(row, at + 3)).value_or(StaffRole::member);
  staff.practice_id = r.optional_integer(row, at + 4);
  staff.created_at = r.text(row, at + 5);
  return staff;
}

constexpr const char* k_client_columns =
    "c.id, c.practice_id, c.name, c.contact_email, c.professional_id, c.created_at";

ClientAccount read_client(const Result& r, int row, int at = 0) {
  ClientAccount client;
  client.id = r.integer(row, at);
  client.practice_id = r.integer(row, at + 1);
  client.name = r.text(row, at + 2);
  client.contact_email = r.optional_text(row, at + 3);
  client.professional_id = r.optional_integer(row, at + 4);
  client.created_at = r.text(row, at + 5);
  return client;
}

template <typename Row, typename Read> std::vector<Row> all_rows(const Result& result, Read read) {
  std::vector<Row> rows;
  rows.reserve(static_cast<std::size_t>(result.rows()));
  for (int i = 0; i < result.rows(); ++i) {
    rows.push_back(read(result, i, 0));
  }
  return rows;
}

// An explicit id (an import's) or the next of the table's own sequence.
std::string id_value(Params& params, Id id) {
  if (id == 0) {
    return "DEFAULT";
  }
  std::string placeholder = params.next();
  params.add(id);
  return placeholder;
}

} // namespace

// ---- practices ---------------------------------------------------------------------------

std::optional<Practice> PostgresStore::find_practice(Id id) {
  const Result r =
      m_conn.exec(fmt::format("SELECT {} FROM practices p WHERE p.id = $1", k_practice_columns),
                  Params().add(id));
  return r.rows() == 0 ? std::nullopt : std::optional<Practice>(read_practice(r, 0));
}

std::vector<Practice> PostgresStore::find_practices_by_name(std::string_view name) {
  return all_rows<Practice>(
      m_conn.exec(fmt::format("SELECT {} FROM practices p WHERE p.name_key = $1 ORDER BY p.id",
                              k_practice_columns),
                  Params().add(fold_key(name))),
      read_practice);
}

Id PostgresStore::insert_practice(const Practice& practice) {
  Params params;
  const std::string id = id_value(params, practice.id);
  const int first = params.size() + 1;
  params.add(practice.name).add(fold_key(practice.name)).add(practice.created_at);
  return m_conn
      .exec(fmt::format("INSERT INTO practices (id, name, name_key, created_at) VALUES ({}, ${}, "
                        "${}, ${}) RETURNING id",
                        id, first, first + 1, first + 2),
            params)
      .integer(0, 0);
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
                              k_practice_columns, conditions.where()),
                  params, [&](const Result& r) {
                    sink({read_practice(r, 0), r.integer(0, 3), r.integer(0, 4)});
                  });
}

// ---- staff -------------------------------------------------------------------------------

std::optional<Staff> PostgresStore::find_staff(Id id) {
  const Result r = m_conn.exec(
      fmt::format("SELECT {} FROM staff s WHERE s.id = $1", k_staff_columns), Params().add(id));
  return r.rows() == 0 ? std::nullopt : std::optional<Staff>(read_staff(r, 0));
}

std::optional<Staff> PostgresStore::find_staff_by_email(std::string_view email) {
  const Result r =
      m_conn.exec(fmt::format("SELECT {} FROM staff s WHERE s.email_key = $1", k_staff_columns),
                  Params().add(fold_key(email)));
  return r.rows() == 0 ? std::nullopt : std::optional<Staff>(read_staff(r, 0));
}

bool PostgresStore::has_support_staff() {
  return m_conn.exec("SELECT 1 FROM staff WHERE role = 'support' LIMIT 1").rows() > 0;
}

Id PostgresStore::insert_staff(const Staff& staff) {
  Params params;
  const std::string id = id_value(params, staff.id);
  const int first = params.size() + 1;
  params.add(staff.email)
      .add(fold_key(staff.email))
      .add(staff.name)
      .add(to_string(staff.role))
      .add(staff.practice_id)
      .add(staff.created_at);
  return m_conn
      .exec(fmt::format("INSERT INTO staff (id, email, email_key, name, role, practice_id, "
                        "created_at) VALUES ({}, ${}, ${}, ${}, ${}, ${}, ${}) RETURNING id",
                        id, first, first + 1, first + 2, first + 3, first + 4, first + 5),
            params)
      .integer(0, 0);
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
                              k_staff_columns, conditions.where()),
                  params, [&](const Result& r) {
                    sink({read_staff(r, 0), r.optional_text(0, 6)});
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
      fmt::format("SELECT {} FROM clients c WHERE c.id = $1", k_client_columns), Params().add(id));
  return r.rows() == 0 ? std::nullopt : std::optional<ClientAccount>(read_client(r, 0));
}

std::vector<ClientAccount> PostgresStore::find_clients_by_name(std::string_view name) {
  return all_rows<ClientAccount>(
      m_conn.exec(fmt::format("SELECT {} FROM clients c WHERE c.name_key = $1 ORDER BY c.id",
                              k_client_columns),
                  Params().add(fold_key(name))),
      read_client);
}

Id PostgresStore::insert_client(const ClientAccount& client) {
  Params params;
  const std::string id = id_value(params, client.id);
  const int first = params.size() + 1;
  params.add(client.practice_id)
      .add(client.name)
      .add(fold_key(client.name))
      .add(client.contact_email)
      .add(client.professional_id)
      .add(client.created_at);
  return m_conn
      .exec(fmt::format("INSERT INTO clients (id, practice_id, name, name_key, contact_email, "
                        "professional_id, created_at) VALUES ({}, ${}, ${}, ${}, ${}, ${}, ${}) "
                        "RETURNING id",
                        id, first, first + 1, first + 2, first + 3, first + 4, first + 5),
            params)
      .integer(0, 0);
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
          k_client_columns, conditions.where()),
      params, [&](const Result& r) {
        ClientSummary summary;
        summary.client = read_client(r, 0);
        summary.practice = r.text(0, 6);
        summary.professional = r.optional_text(0, 7);
        summary.owner = r.optional_text(0, 8);
        summary.alert_recipient = r.optional_text(0, 9);
        summary.active_users = r.integer(0, 10);
        summary.deactivated_users = r.integer(0, 11);
        summary.documents = r.integer(0, 12);
        sink(summary);
      });
}

} // namespace acctctl::postgres
