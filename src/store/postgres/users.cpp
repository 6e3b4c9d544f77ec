// Client users and their documents in PostgreSQL.
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "acctctl/fields/account_fields.hpp"
#include "acctctl/fields/user_fields.hpp"
#include "acctctl/lookalike.hpp"
#include "acctctl/values.hpp"
#include "postgres_store.hpp"
#include "store/postgres/columns.hpp"
#include "store/sql/listings.hpp"
#include "store/sql/named_users_builder.hpp"

namespace acctctl::postgres {
namespace {

constexpr auto k_user_select_list = &columns::listed<k_user_field_table, 'u'>;

constexpr int k_user_column_count = static_cast<int>(k_user_field_table.size());

ClientUser read_user(const Result& r, int row) {
  return columns::read_row(r, row, k_user_field_table);
}

using UserArrays = columns::ColumnArrays<ClientUser, k_user_field_table.size()>;

} // namespace

std::vector<ClientUser> PostgresStore::load_users(Id client_id) {
  std::vector<ClientUser> users;
  m_conn.each_row(fmt::format("SELECT {} FROM client_users u WHERE u.client_id = $1 ORDER BY u.id",
                              k_user_select_list()),
                  Params().add(client_id),
                  [&](const Result& r) { users.push_back(read_user(r, 0)); });
  return users;
}

NamedUsers PostgresStore::load_users_named(Id client_id, const std::vector<std::string>& refs) {
  // One statement whatever the number of references (SPEC §6.2): each reference, numbered,
  // with the users it names; a reference that is not a number has a NULL id. Each is looked
  // up through the id, email and username indexes (LATERAL): a plain join on the three-way OR
  // is planned, before a bulk insert is analyzed, as a loop over every user for every
  // reference (nine minutes for 100,000 references to 200,000 users).
  ArrayLiteral ids;
  ArrayLiteral keys;
  for (const std::string& ref : refs) {
    ids.add(parse_id(ref));
    keys.add(fold_key(ref));
  }
  NamedUsersBuilder named(refs.size());
  m_conn.each_row(
      fmt::format("SELECT r.n, {} FROM unnest($2::text[], $3::bigint[]) WITH ORDINALITY "
                  "AS r(key, id, n) CROSS JOIN LATERAL ("
                  "SELECT c.id FROM client_users c WHERE c.client_id = $1 AND c.id = r.id UNION "
                  "SELECT c.id FROM client_users c WHERE c.client_id = $1 AND c.email_key = r.key "
                  "UNION SELECT c.id FROM client_users c WHERE c.client_id = $1 AND "
                  "c.username_key = r.key) m JOIN client_users u ON u.id = m.id "
                  "ORDER BY r.n, u.id",
                  k_user_select_list()),
      Params().add(client_id).add(keys.text()).add(ids.text()), [&](const Result& r) {
        // Column 0 numbers the reference from 1; the user's columns follow, its id first.
        named.found(static_cast<std::size_t>(r.integer(0, 0) - 1), r.integer(0, 1),
                    [&] { return columns::read_row(r, 0, k_user_field_table, 1); });
      });
  return named.take();
}

std::vector<UserListing> PostgresStore::find_users_by_ref(std::string_view ref) {
  static const std::string by_ref = sql::users_by_ref_sql(k_user_select_list(), sql::k_postgres);
  const Result r = m_conn.exec(by_ref, Params().add(parse_id(ref).value_or(0)).add(fold_key(ref)));
  std::vector<UserListing> result;
  result.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    result.push_back({read_user(r, i), r.text(i, k_user_column_count)});
  }
  return result;
}

void PostgresStore::list_users(const UserFilter& filter, const Sink<UserListing>& sink) {
  const sql::Conditions conditions = sql::user_conditions(filter, sql::k_postgres);
  m_conn.each_row(
      sql::user_listing_sql(k_user_select_list(), conditions.where(), filter.client_id.has_value()),
      params_of(conditions), [&](const Result& r) {
        sink({read_user(r, 0), r.text(0, k_user_column_count)});
      });
}

TakenUsernames PostgresStore::find_usernames(const std::vector<std::string>& usernames) {
  TakenUsernames found;
  if (usernames.empty()) {
    return found;
  }
  // By skeleton and by key, in the same order: a user whose skeleton is null (a look-alike
  // pair older than skeletons, or a username set by raw SQL) still holds its own username.
  ArrayLiteral skeletons;
  ArrayLiteral keys;
  for (const std::string& username : usernames) {
    skeletons.add(confusable_skeleton(username));
    keys.add(fold_key(username));
  }
  const Result r = m_conn.exec(
      "SELECT w.skeleton, u.id, u.username FROM unnest($1::text[], $2::text[]) AS w(skeleton, key) "
      "JOIN client_users u ON u.username_skeleton = w.skeleton OR u.username_key = w.key",
      Params().add(skeletons.text()).add(keys.text()));
  for (int i = 0; i < r.rows(); ++i) {
    found.emplace(r.text(i, 0), UsernameHolder{r.integer(i, 1), r.text(i, 2)});
  }
  return found;
}

std::unordered_map<Id, std::int64_t> PostgresStore::count_documents_by_user(Id client_id) {
  const Result r = m_conn.exec("SELECT submitted_by_id, count(*) FROM documents "
                               "WHERE client_id = $1 AND submitted_by_id IS NOT NULL "
                               "GROUP BY submitted_by_id",
                               Params().add(client_id));
  std::unordered_map<Id, std::int64_t> counts;
  for (int i = 0; i < r.rows(); ++i) {
    counts.emplace(r.integer(i, 0), r.integer(i, 1));
  }
  return counts;
}

std::unordered_map<Id, std::int64_t>
PostgresStore::count_documents_of(const std::vector<Id>& user_ids) {
  const Result r = m_conn.exec("SELECT submitted_by_id, count(*) FROM documents "
                               "WHERE submitted_by_id = ANY($1::bigint[]) GROUP BY submitted_by_id",
                               Params().add(ArrayLiteral::of(user_ids)));
  std::unordered_map<Id, std::int64_t> counts;
  for (int i = 0; i < r.rows(); ++i) {
    counts.emplace(r.integer(i, 0), r.integer(i, 1));
  }
  return counts;
}

std::vector<Id> PostgresStore::insert_users(const std::vector<ClientUser>& users,
                                            sql::UserIds kept_or_new, sql::RowProgress& progress) {
  std::vector<Id> ids;
  if (users.empty()) {
    return ids;
  }
  ids.reserve(users.size());
  if (kept_or_new == sql::UserIds::kept) {
    for (const ClientUser& user : users) {
      ids.push_back(user.id);
    }
  } else {
    // The new ids in one round trip, so that the rows, their permissions and their events
    // can refer to them.
    const Result r = m_conn.exec("SELECT acctctl_new_ids('client_users', $1)",
                                 Params().add(static_cast<std::int64_t>(users.size())));
    for (int i = 0; i < r.rows(); ++i) {
      ids.push_back(r.integer(i, 0));
    }
  }
  UserArrays arrays(k_user_field_table);
  for (std::size_t i = 0; i < users.size(); ++i) {
    ClientUser row = users[i];
    row.id = ids[i];
    arrays.add(row);
  }
  static const std::string names = columns::table_columns(k_user_field_table, "{0}", false);
  m_conn.exec(
      fmt::format("INSERT INTO client_users ({0}) SELECT {0} FROM {1}", names, arrays.unnest()),
      arrays.params());
  m_conn.exec(fmt::format("INSERT INTO user_permissions (user_id, permission, client_id) "
                          "SELECT v.id, x, v.client_id FROM {}, "
                          "unnest(string_to_array(v.permissions, ',')) x",
                          arrays.unnest()),
              arrays.params());
  progress.written(users.size());
  return ids;
}

void PostgresStore::update_users(const std::vector<UserUpdate>& updates,
                                 sql::RowProgress& progress) {
  write_updates(updates);
  progress.written(updates.size());
}

void PostgresStore::write_updates(const std::vector<UserUpdate>& updates) {
  if (updates.empty()) {
    return;
  }
  UserArrays arrays(k_user_field_table);
  ArrayLiteral ids;
  ArrayLiteral permission_ids; // the rows whose permissions change, and their new lists
  ArrayLiteral permission_lists;
  ArrayLiteral permission_clients;
  std::size_t permission_rows = 0;
  for (const UserUpdate& update : updates) {
    arrays.add(update.row);
    ids.add(update.row.id);
    if ((update.changed & user_update_bit("permissions")) != 0) {
      permission_ids.add(update.row.id);
      permission_lists.add(permission_list_text(update.row.permissions));
      permission_clients.add(update.row.client_id);
      ++permission_rows;
    }
  }
  // Flags first: the owner or alert recipient may move between two of these rows, and a
  // unique index is checked row by row within one statement.
  m_conn.exec("UPDATE client_users SET is_owner = false, is_alert_recipient = false "
              "WHERE id = ANY($1::bigint[]) AND (is_owner OR is_alert_recipient)",
              Params().add(ids.text()));
  static const std::string assignments =
      columns::table_columns(k_user_field_table, "{0} = v.{0}", true);
  m_conn.exec(fmt::format("UPDATE client_users u SET {} FROM {} WHERE u.id = v.id", assignments,
                          arrays.unnest()),
              arrays.params());
  // Permissions: only the rows whose permissions change; a status change touches none, and
  // the two statements over 100,000 unchanged rows took 2.6 s of a deactivation's 8.7.
  if (permission_rows == 0) {
    return;
  }
  const Params permissions = Params()
                                 .add(permission_ids.text())
                                 .add(permission_lists.text())
                                 .add(permission_clients.text());
  static constexpr std::string_view k_changed_rows =
      "unnest($1::bigint[], $2::text[], $3::bigint[]) AS v(id, permissions, client_id)";
  m_conn.exec(fmt::format("DELETE FROM user_permissions p USING {} WHERE p.user_id = v.id AND "
                          "NOT (p.permission = ANY(string_to_array(v.permissions, ',')))",
                          k_changed_rows),
              permissions);
  m_conn.exec(fmt::format("INSERT INTO user_permissions (user_id, permission, client_id) "
                          "SELECT v.id, x, v.client_id FROM {}, "
                          "unnest(string_to_array(v.permissions, ',')) x ON CONFLICT DO NOTHING",
                          k_changed_rows),
              permissions);
}

Id PostgresStore::insert_document(const Document& document) {
  return columns::insert_one(m_conn, "documents", k_document_field_table, document);
}

void PostgresStore::list_documents(Id client_id, std::optional<Id> user_id,
                                   const Sink<DocumentListing>& sink) {
  const sql::Conditions conditions = sql::document_conditions(client_id, user_id, sql::k_postgres);
  static const std::string document_columns = columns::select_list(k_document_field_table, "d");
  m_conn.each_row(
      sql::document_listing_sql(document_columns, conditions.where()), params_of(conditions),
      [&](const Result& r) {
        sink({columns::read_row(r, 0, k_document_field_table), r.text(0, sql::k_after_document)});
      });
}

} // namespace acctctl::postgres
