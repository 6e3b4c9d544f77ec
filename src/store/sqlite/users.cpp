// Client users and their documents in SQLite.
#include <unordered_map>

#include <fmt/format.h>

#include "acctctl/fields/account_fields.hpp"
#include "acctctl/lookalike.hpp"
#include "acctctl/values.hpp"
#include "store/sql/listings.hpp"
#include "store/sql/named_users_builder.hpp"
#include "store/sqlite/conditions.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/user_columns.hpp"

namespace acctctl::sqlite {

using user_columns::k_id_column;
using user_columns::k_read_count;
using user_columns::read_user;
using user_columns::select_list;

std::vector<ClientUser> SqliteStore::load_users(Id client_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM client_users u WHERE u.client_id = ? ORDER BY u.id", select_list());
  Statement& statement = cached(sql);
  statement.bind(1, client_id);
  std::vector<ClientUser> users;
  while (statement.step()) {
    users.push_back(read_user(statement));
  }
  return users;
}

std::string named_users_sql(bool by_id) {
  // `+u.client_id`: with it as an index term SQLite would scan the whole client per reference
  // (users_by_client) instead of probing the id, email and username indexes (MULTI-INDEX OR).
  // A reference that is not a number cannot be an id: its probe skips the id index.
  return fmt::format("SELECT {} FROM client_users u WHERE +u.client_id = ?1 AND "
                     "({}u.email_key = ?2 OR u.username_key = ?2)",
                     select_list(), by_id ? "u.id = ?3 OR " : "");
}

std::string user_listing_sql(std::string_view where, bool one_client) {
  // One client's users come in the order of index users_by_client_name: no sort.
  return sql::user_listing_sql(select_list(), where, one_client);
}

NamedUsers SqliteStore::load_users_named(Id client_id, const std::vector<std::string>& refs) {
  // In-process SQLite: one indexed probe per reference (id, email or username index), which
  // tells which users the reference names as it finds them.
  static const std::string by_key = named_users_sql(false);
  static const std::string by_id_or_key = named_users_sql(true);
  NamedUsersBuilder named(refs.size());
  std::string key;
  for (std::size_t i = 0; i < refs.size(); ++i) {
    const std::optional<Id> id = parse_id(refs[i]);
    Statement& statement = cached(id ? by_id_or_key : by_key);
    fold_key_into(refs[i], key);
    statement.bind(1, client_id).bind_borrowed(2, key);
    if (id) {
      statement.bind(3, *id);
    }
    while (statement.step()) {
      named.found(i, statement.integer(k_id_column), [&] { return read_user(statement); });
    }
  }
  return named.take();
}

std::string users_by_ref_sql() {
  return sql::users_by_ref_sql(select_list(), sql::k_sqlite);
}

std::vector<UserListing> SqliteStore::find_users_by_ref(std::string_view ref) {
  static const std::string sql = users_by_ref_sql();
  Statement& statement = cached(sql);
  statement.bind(1, parse_id(ref).value_or(0)).bind(2, fold_key(ref));
  std::vector<UserListing> result;
  while (statement.step()) {
    result.push_back({read_user(statement), statement.text(k_read_count)});
  }
  return result;
}

void SqliteStore::list_users(const UserFilter& filter, const Sink<UserListing>& sink) {
  const sql::Conditions conditions = sql::user_conditions(filter, sql::k_sqlite);
  Statement statement(m_db, user_listing_sql(conditions.where(), filter.client_id.has_value()));
  bind(statement, conditions);
  UserListing row; // one object for every row: a sink copies what it keeps
  bool first = true;
  while (statement.step()) {
    user_columns::read_user_into(statement, row.user);
    if (first || !filter.client_id) { // one client's rows all have its name
      statement.assign_text(k_read_count, row.client);
      first = false;
    }
    sink(row);
  }
}

TakenUsernames SqliteStore::find_usernames(const std::vector<std::string>& usernames) {
  // In-process SQLite: one indexed probe per name costs less than building a temporary table.
  // The key as well as the skeleton: a user whose skeleton is null (a look-alike pair that
  // was in the store before skeletons were) still holds its own username.
  Statement& statement = cached("SELECT id, username FROM client_users "
                                "WHERE username_skeleton = ?1 OR username_key = ?2");
  TakenUsernames found;
  for (const std::string& username : usernames) {
    statement.reset();
    std::string skeleton = confusable_skeleton(username);
    statement.bind(1, skeleton).bind(2, fold_key(username));
    if (statement.step()) {
      found.emplace(std::move(skeleton), UsernameHolder{statement.integer(0), statement.text(1)});
    }
  }
  return found;
}

Id SqliteStore::insert_user(const ClientUser& user) {
  static const std::string sql = user_columns::insert_sql();
  Statement& statement = cached(sql);
  user_columns::bind_insert(statement, user);
  statement.run();
  return last_insert_id();
}

void SqliteStore::update_alike_users(std::span<const UserUpdate> alike) {
  const UserUpdate& first = alike.front();
  if (first.changed == 0) {
    return;
  }
  using user_columns::UpdatedRows;
  if (alike.size() == 1) {
    Statement& statement = cached(user_columns::update_sql(first.changed, UpdatedRows::one));
    statement.bind(user_columns::bind_assignments(statement, first.row, first.changed),
                   first.row.id);
    statement.run();
    return;
  }
  std::string ids = "[";
  for (const UserUpdate& update : alike) {
    fmt::format_to(std::back_inserter(ids), "{}{}", ids.size() > 1 ? "," : "", update.row.id);
  }
  ids += ']';
  Statement& statement = cached(user_columns::update_sql(first.changed, UpdatedRows::json_array));
  statement.bind_borrowed(user_columns::bind_assignments(statement, first.row, first.changed), ids);
  statement.run();
}

void SqliteStore::delete_user(Id user_id) {
  Statement& statement = cached("DELETE FROM client_users WHERE id = ?");
  statement.bind(1, user_id);
  statement.run();
}

std::unordered_map<Id, std::int64_t> SqliteStore::count_documents_by_user(Id client_id) {
  Statement& statement = cached("SELECT submitted_by_id, count(*) FROM documents "
                                "WHERE client_id = ? AND submitted_by_id IS NOT NULL "
                                "GROUP BY submitted_by_id");
  statement.bind(1, client_id);
  std::unordered_map<Id, std::int64_t> counts;
  while (statement.step()) {
    counts.emplace(statement.integer(0), statement.integer(1));
  }
  return counts;
}

std::unordered_map<Id, std::int64_t>
SqliteStore::count_documents_of(const std::vector<Id>& user_ids) {
  Statement& statement = cached("SELECT count(*) FROM documents WHERE submitted_by_id = ?");
  std::unordered_map<Id, std::int64_t> counts;
  for (const Id id : user_ids) {
    statement.reset();
    statement.bind(1, id);
    if (statement.step() && statement.integer(0) > 0) {
      counts.emplace(id, statement.integer(0));
    }
  }
  statement.reset();
  return counts;
}

Id SqliteStore::insert_document(const Document& document) {
  static const std::string sql = columns::insert_sql("documents", k_document_field_table);
  Statement& statement = cached(sql);
  columns::bind_insert(statement, k_document_field_table, document);
  statement.run();
  return last_insert_id();
}

void SqliteStore::list_documents(Id client_id, std::optional<Id> user_id,
                                 const Sink<DocumentListing>& sink) {
  const sql::Conditions conditions = sql::document_conditions(client_id, user_id, sql::k_sqlite);
  static const std::string document_columns = columns::select_list(k_document_field_table, "d");
  Statement statement(m_db, sql::document_listing_sql(document_columns, conditions.where()));
  bind(statement, conditions);
  while (statement.step()) {
    sink({columns::read_row(statement, k_document_field_table),
          statement.text(sql::k_after_document)});
  }
}

} // namespace acctctl::sqlite
