#include "format/export/export_rows.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/fields/account_fields.hpp"
#include "acctctl/fields/user_fields.hpp"
#include "acctctl/format/field_json.hpp"
#include "acctctl/format/writers.hpp"
#include "acctctl/values.hpp"

namespace acctctl::export_rows {

void invalid(std::string_view where, std::string_view problem) {
  throw Error(ExitCode::usage, fmt::format("{}: {}", where, problem));
}

namespace {

using Json = nlohmann::ordered_json; // keeps an audit detail's key order
using OrderedJson = nlohmann::ordered_json;

// Reads the fields of one JSON object, naming it ("users[3]") in every complaint.
class ObjectReader {
public:
  ObjectReader(const Json& value, std::string where) : m_value(value), m_where(std::move(where)) {
    if (!m_value.is_object()) {
      invalid(m_where, "expected an object");
    }
  }

  const std::string& where() const { return m_where; }

  bool has(const char* key) const { return m_value.contains(key); }

  const Json& member(const char* key) const {
    const auto found = m_value.find(key);
    if (found == m_value.end()) {
      invalid(m_where, fmt::format("missing \"{}\"", key));
    }
    return *found;
  }

  std::string text(const char* key) const {
    const Json& value = member(key);
    if (!value.is_string()) {
      invalid(m_where, fmt::format("\"{}\" must be a string", key));
    }
    return value.get<std::string>();
  }

  Id id(const char* key) const {
    const Json& value = member(key);
    if (!value.is_number_integer() || value.get<std::int64_t>() <= 0) {
      invalid(m_where, fmt::format("\"{}\" must be a positive integer", key));
    }
    return value.get<Id>();
  }

  std::optional<Id> optional_id(const char* key) const {
    return member(key).is_null() ? std::nullopt : std::optional<Id>(id(key));
  }

  bool boolean(const char* key) const {
    const Json& value = member(key);
    if (!value.is_boolean()) {
      invalid(m_where, fmt::format("\"{}\" must be true or false", key));
    }
    return value.get<bool>();
  }

  // A value rule of values.hpp, with the complaint placed at this object.
  template <typename Check> std::string checked(const char* key, Check check) const {
    const std::string value = text(key);
    try {
      return check(value);
    } catch (const Error& error) {
      invalid(m_where, error.what());
    }
  }

private:
  const Json& m_value;
  std::string m_where;
};

PermissionSet read_permissions(const ObjectReader& r, const char* key) {
  const Json& permissions = r.member(key);
  if (!permissions.is_array()) {
    invalid(r.where(), fmt::format("\"{}\" must be an array", key));
  }
  PermissionSet set;
  for (const Json& permission : permissions) {
    const auto parsed =
        permission.is_string() ? parse_permission(permission.get<std::string>()) : std::nullopt;
    if (!parsed) {
      invalid(r.where(), fmt::format("\"{}\" holds an unknown permission", key));
    }
    set.insert(*parsed);
  }
  return set;
}

std::string read_object(const ObjectReader& r, const char* key) {
  const Json& object = r.member(key);
  if (!object.is_object()) {
    invalid(r.where(), fmt::format("\"{}\" must be an object", key));
  }
  return object.dump();
}

// One field, read as its kind asks and checked by its value rule.
template <typename Row>
void read_field(const ObjectReader& r, const RecordField<Row>& field, Row& row) {
  const std::string key(field.key);
  switch (field.kind) {
  case FieldKind::id:
    field.set(row, std::int64_t{r.id(key.c_str())});
    return;
  case FieldKind::optional_id: {
    const auto id = r.optional_id(key.c_str());
    field.set(row, id ? FieldValue(*id) : FieldValue());
    return;
  }
  case FieldKind::flag:
    field.set(row, r.boolean(key.c_str()));
    return;
  case FieldKind::permissions:
    field.set(row, read_permissions(r, key.c_str()));
    return;
  case FieldKind::object:
    field.set(row, std::string_view(read_object(r, key.c_str())));
    return;
  case FieldKind::optional_text:
    if (r.member(key.c_str()).is_null()) {
      field.set(row, FieldValue());
      return;
    }
    break;
  case FieldKind::text:
  case FieldKind::choice:
    break;
  }
  const std::string text =
      field.check == nullptr
          ? r.text(key.c_str())
          : r.checked(key.c_str(), [&](std::string_view t) { return field.check(field.key, t); });
  if (!field.set(row, std::string_view(text))) {
    invalid(r.where(), fmt::format("\"{}\" has an unknown value {}", key, in_quotes(text)));
  }
}

template <typename Row, std::size_t Count>
Row read_record(const ObjectReader& r, const std::array<RecordField<Row>, Count>& table) {
  Row row;
  for (const RecordField<Row>& field : table) {
    read_field(r, field, row);
  }
  return row;
}

// The keys that export version 2 added: an export of version 1 has none of them, and its rows
// keep their defaults (active staff, unbound; events without connected_as, batch or hash,
// which read_export chains as init chains an older store's).
// Version 3 added scheduled access (SPEC §3.2): a user's starts_at and ends_at, a grant's until;
// an older export's rows have none.
constexpr std::string_view k_keys_added_later[] = {"status", "db_role",   "connected_as", "batch",
                                                   "hash",   "starts_at", "ends_at",      "until"};

template <typename Row, std::size_t Count>
Row read_record_of_any_version(const ObjectReader& r,
                               const std::array<RecordField<Row>, Count>& table) {
  Row row;
  for (const RecordField<Row>& field : table) {
    const bool added_later = std::find(std::begin(k_keys_added_later), std::end(k_keys_added_later),
                                       field.key) != std::end(k_keys_added_later);
    if (!added_later || r.has(std::string(field.key).c_str())) {
      read_field(r, field, row);
    }
  }
  return row;
}

Staff read_staff(const ObjectReader& r) {
  Staff staff = read_record_of_any_version(r, k_staff_field_table);
  if (staff.is_support() == staff.practice_id.has_value()) {
    invalid(r.where(), "support staff have no practice_id, practice staff have one");
  }
  return staff;
}

ClientUser read_user(const ObjectReader& r) {
  ClientUser user = read_record_of_any_version(r, k_user_field_table);
  if (user.login_access != user.username.has_value()) {
    invalid(r.where(), "a user has a username exactly when they have login access");
  }
  if ((user.status == UserStatus::deactivated) != user.deactivated_at.has_value()) {
    invalid(r.where(), "\"deactivated_at\" is set exactly for deactivated users");
  }
  return user;
}

template <typename Row, std::size_t Count>
std::string row_json_of(const Row& row, const std::array<RecordField<Row>, Count>& table) {
  std::string json(1, '{');
  for (const RecordField<Row>& field : table) {
    if (json.size() > 1) {
      json += ',';
    }
    append_json_string(json, field.key);
    json += ':';
    append_json_value(json, field.get(row), field.kind);
  }
  json += '}';
  return json;
}

} // namespace

void read_row(std::string_view section, const Json& value, std::string where, Snapshot& into) {
  const ObjectReader reader(value, std::move(where));
  if (section == "practices") {
    into.practices.push_back(read_record(reader, k_practice_field_table));
  } else if (section == "staff") {
    into.staff.push_back(read_staff(reader));
  } else if (section == "access") {
    into.access.push_back(read_record_of_any_version(reader, k_grant_field_table));
  } else if (section == "clients") {
    into.clients.push_back(read_record(reader, k_client_field_table));
  } else if (section == "users") {
    into.users.push_back(read_user(reader));
  } else if (section == "documents") {
    into.documents.push_back(read_record(reader, k_document_field_table));
  } else {
    into.audit.push_back(read_record_of_any_version(reader, k_audit_field_table));
  }
}

std::string dump(const OrderedJson& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string row_json(const Practice& practice) {
  return row_json_of(practice, k_practice_field_table);
}
std::string row_json(const Staff& staff) {
  return row_json_of(staff, k_staff_field_table);
}
std::string row_json(const AccessGrant& grant) {
  return row_json_of(grant, k_grant_field_table);
}
std::string row_json(const ClientAccount& client) {
  return row_json_of(client, k_client_field_table);
}
std::string row_json(const ClientUser& user) {
  return row_json_of(user, k_user_field_table);
}
std::string row_json(const Document& document) {
  return row_json_of(document, k_document_field_table);
}
std::string row_json(const AuditEvent& event) {
  return row_json_of(event, k_audit_field_table);
}

} // namespace acctctl::export_rows
