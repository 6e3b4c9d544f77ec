// Client users and their documents in SQLite.
#include <unordered_set>

#include <fmt/format.h>

#include "acctctl/values.hpp"
#include "conditions.hpp"
#include "sqlite_store.hpp"

namespace acctctl::sqlite {
namespace {

constexpr const char* k_user_columns =
    "u.id, u.client_id, u.name, u.email, u.username, u.role, u.login_access, u.status, "
    "u.is_owner, u.is_alert_recipient, u.created_at, u.deactivated_at, u.permissions";
constexpr int k_user_column_count = 13;

ClientUser read_user(const Statement& row) {
  ClientUser user;
  user.id = row.integer(0);
  user.client_id = row.integer(1);
  user.name = row.text(2);
  user.email = row.optional_text(3);
  user.username = row.optional_text(4);
  user.role = parse_role(row.text(5)).value_or(Role::standard);
  user.login_access = row.boolean(6);
  user.status = parse_user_status(row.text(7)).value_or(UserStatus::active);
  user.is_owner = row.boolean(8);
  user.is_alert_recipient = row.boolean(9);
  user.created_at = row.text(10);
  user.deactivated_at = row.optional_text(11);
  user.permissions = parse_permission_names(row.text(12));
  return user;
}

std::optional<std::string> folded(const std::optional<std::string>& text) {
  if (!text) {
    return std::nullopt;
  }
  return fold_key(*text);
}

} // namespace

std::vector<ClientUser> SqliteStore::load_users(Id client_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM client_users u WHERE u.client_id = ? ORDER BY u.id", k_user_columns);
  Statement& statement = cached(sql);
  statement.bind(1, client_id);
  std::vector<ClientUser> users;
  while (statement.step()) {
    users.push_back(read_user(statement));
  }
  return users;
}

std::string named_users_sql() {
  // `+u.client_id`: with it as an index term SQLite would scan the whole client per reference
  // (users_by_client) instead of probing the id, email and username indexes (MULTI-INDEX OR).
  return fmt::format("SELECT {} FROM client_users u WHERE +u.client_id = ?1 AND "
                     "(u.id = ?2 OR u.email_key = ?3 OR u.username_key = ?3)",
                     k_user_columns);
}

std::string user_listing_sql(std::string_view where, bool one_client) {
  // One client's users come in the order of index users_by_client_name: no sort.
  return fmt::format("SELECT {}, c.name FROM client_users u JOIN clients c ON c.id = u.client_id{} "
                     "ORDER BY {}u.name_key, u.id",
                     k_user_columns, where, one_client ? "" : "c.name_key, c.id, ");
}

std::vector<ClientUser> SqliteStore::load_users_named(Id client_id,
                                                      const std::vector<std::string>& refs) {
  // In-process SQLite: one indexed probe per reference (id, email or username index).
  static const std::string sql = named_users_sql();
  Statement& statement = cached(sql);
  std::vector<ClientUser> users;
  std::unordered_set<Id> seen;
  for (const std::string& ref : refs) {
    statement.reset();
    statement.bind(1, client_id).bind(2, parse_id(ref).value_or(0)).bind(3, fold_key(ref));
    while (statement.step()) {
      ClientUser user = read_user(statement);
      if (seen.insert(user.id).second) {
        users.push_back(std::move(user));
      }
    }
  }
  return users;
}

std::vector<UserListing> SqliteStore::find_users_by_ref(std::string_view ref) {
  static const std::string sql = fmt::format(
      "SELECT {}, c.name FROM client_users u JOIN clients c ON c.id = u.client_id "
      "WHERE u.id = ?1 OR u.email_key = ?2 OR u.username_key = ?2 ORDER BY c.name_key, u.id",
      k_user_columns);
  Statement& statement = cached(sql);
  statement.bind(1, parse_id(ref).value_or(0)).bind(2, fold_key(ref));
  std::vector<UserListing> result;
  while (statement.step()) {
    result.push_back({read_user(statement), statement.text(k_user_column_count)});
  }
  return result;
}

void SqliteStore::list_users(const UserFilter& filter, const Sink<UserListing>& sink) {
  Conditions conditions;
  conditions.add_scope(filter.scope, "c.practice_id", "c.id");
  if (filter.client_id) {
    conditions.add("u.client_id = ?", *filter.client_id);
  }
  if (filter.status) {
    conditions.add("u.status = ?", std::string(to_string(*filter.status)));
  }
  if (filter.role) {
    conditions.add("u.role = ?", std::string(to_string(*filter.role)));
  }
  if (filter.login_access) {
    conditions.add("u.login_access = ?", std::int64_t{*filter.login_access ? 1 : 0});
  }
  if (filter.search) {
    // instr, not LIKE: % and _ in the search text are literal characters.
    const std::string needle = fold_key(*filter.search);
    conditions.add("(instr(u.name_key, ?) > 0 OR instr(coalesce(u.email_key, ''), ?) > 0 "
                   "OR instr(coalesce(u.username_key, ''), ?) > 0)",
                   needle, needle, needle);
  }
  const std::string sql = user_listing_sql(conditions.where(), filter.client_id.has_value());
  Statement statement(m_db, sql);
  conditions.bind(statement);
  while (statement.step()) {
    sink({read_user(statement), statement.text(k_user_column_count)});
  }
}

std::unordered_map<std::string, Id>
SqliteStore::find_usernames(const std::vector<std::string>& usernames) {
  // In-process SQLite: one indexed probe per name costs less than building a temporary table.
  Statement& statement = cached("SELECT id FROM client_users WHERE username_key = ?");
  std::unordered_map<std::string, Id> found;
  for (const std::string& username : usernames) {
    statement.reset();
    std::string key = fold_key(username);
    statement.bind(1, key);
    if (statement.step()) {
      found.emplace(std::move(key), statement.integer(0));
    }
  }
  return found;
}

namespace {

// The columns a user's insert and update share, bound from `first` on, in this order:
// name, name_key, email, email_key, username, username_key, role, login_access, status,
// is_owner, is_alert_recipient, deactivated_at, permissions.
constexpr int k_user_field_count = 13;

void bind_user_fields(Statement& statement, int first, const ClientUser& user) {
  statement.bind(first, user.name)
      .bind(first + 1, fold_key(user.name))
      .bind(first + 2, user.email)
      .bind(first + 3, folded(user.email))
      .bind(first + 4, user.username)
      .bind(first + 5, folded(user.username))
      .bind(first + 6, to_string(user.role))
      .bind(first + 7, user.login_access)
      .bind(first + 8, to_string(user.status))
      .bind(first + 9, user.is_owner)
      .bind(first + 10, user.is_alert_recipient)
      .bind(first + 11, user.deactivated_at)
      .bind(first + 12, fmt::format("{}", fmt::join(user.permissions.names(), ",")));
}

} // namespace

Id SqliteStore::insert_user(const ClientUser& user) {
  Statement& statement = cached(
      "INSERT INTO client_users (id, client_id, created_at, name, name_key, email, email_key, "
      "username, username_key, role, login_access, status, is_owner, is_alert_recipient, "
      "deactivated_at, permissions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  statement.bind(1, id_or_null(user.id)).bind(2, user.client_id).bind(3, user.created_at);
  bind_user_fields(statement, 4, user);
  statement.run();
  return last_insert_id();
}

void SqliteStore::update_user(const ClientUser& user) {
  Statement& statement = cached(
      "UPDATE client_users SET name = ?, name_key = ?, email = ?, email_key = ?, username = ?, "
      "username_key = ?, role = ?, login_access = ?, status = ?, is_owner = ?, "
      "is_alert_recipient = ?, deactivated_at = ?, permissions = ? WHERE id = ?");
  bind_user_fields(statement, 1, user);
  statement.bind(k_user_field_count + 1, user.id);
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

Id SqliteStore::insert_document(const Document& document) {
  Statement& statement = cached("INSERT INTO documents (id, client_id, title, submitted_by_id, "
                                "submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?)");
  statement.bind(1, id_or_null(document.id))
      .bind(2, document.client_id)
      .bind(3, document.title)
      .bind(4, document.submitted_by_id)
      .bind(5, document.submitted_by)
      .bind(6, document.submitted_at);
  statement.run();
  return last_insert_id();
}

void SqliteStore::list_documents(Id client_id, std::optional<Id> user_id,
                                 const Sink<DocumentListing>& sink) {
  Conditions conditions;
  conditions.add("d.client_id = ?", client_id);
  if (user_id) {
    conditions.add("d.submitted_by_id = ?", *user_id);
  }
  Statement statement(m_db, fmt::format("SELECT d.id, d.client_id, d.title, d.submitted_by_id, "
                                        "d.submitted_by, d.submitted_at, c.name FROM documents d "
                                        "JOIN clients c ON c.id = d.client_id{} ORDER BY d.id",
                                        conditions.where()));
  conditions.bind(statement);
  while (statement.step()) {
    Document document;
    document.id = statement.integer(0);
    document.client_id = statement.integer(1);
    document.title = statement.text(2);
    document.submitted_by_id = statement.optional_integer(3);
    document.submitted_by = statement.text(4);
    document.submitted_at = statement.text(5);
    sink({document, statement.text(6)});
  }
}

} // namespace acctctl::sqlite
