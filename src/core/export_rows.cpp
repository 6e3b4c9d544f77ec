#include "export_rows.hpp"

#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/user_fields.hpp"
#include "acctctl/values.hpp"

namespace acctctl::export_rows {

void invalid(std::string_view where, std::string_view problem) {
  throw Error(ExitCode::usage, fmt::format("{}: {}", where, problem));
}

namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

OrderedJson nullable(const std::optional<std::string>& value) {
  return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

OrderedJson nullable(const std::optional<Id>& value) {
  return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

// Reads the fields of one JSON object, naming it ("users[3]") in every complaint.
class ObjectReader {
public:
  ObjectReader(const Json& value, std::string where) : m_value(value), m_where(std::move(where)) {
    if (!m_value.is_object()) {
      invalid(m_where, "expected an object");
    }
  }

  const std::string& where() const { return m_where; }

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

  std::optional<std::string> optional_text(const char* key) const {
    return member(key).is_null() ? std::nullopt : std::optional<std::string>(text(key));
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

  template <typename Enum>
  Enum choice(const char* key, std::optional<Enum> (*parse)(std::string_view)) const {
    const std::string value = text(key);
    const auto parsed = parse(value);
    if (!parsed) {
      invalid(m_where, fmt::format("\"{}\" has an unknown value {}", key, in_quotes(value)));
    }
    return *parsed;
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

auto name_check(const char* what) {
  return [what](std::string_view text) { return check_name(what, text); };
}

auto email_check(const char* what) {
  return [what](std::string_view text) { return check_email(what, text); };
}

std::optional<std::string> optional_email(const ObjectReader& reader, const char* key) {
  if (reader.member(key).is_null()) {
    return std::nullopt;
  }
  return reader.checked(key, email_check(key));
}

Practice read_practice(const ObjectReader& r) {
  return {r.id("id"), r.checked("name", name_check("name")), r.text("created_at")};
}

Staff read_staff(const ObjectReader& r) {
  Staff staff;
  staff.id = r.id("id");
  staff.email = r.checked("email", email_check("email"));
  staff.name = r.checked("name", name_check("name"));
  staff.role = r.choice<StaffRole>("role", &parse_staff_role);
  staff.practice_id = r.optional_id("practice_id");
  staff.created_at = r.text("created_at");
  if (staff.is_support() == staff.practice_id.has_value()) {
    invalid(r.where(), "support staff have no practice_id, practice staff have one");
  }
  return staff;
}

AccessGrant read_grant(const ObjectReader& r) {
  return {r.id("staff_id"), "", r.id("client_id"), "", r.text("granted_at")};
}

ClientAccount read_client(const ObjectReader& r) {
  ClientAccount client;
  client.id = r.id("id");
  client.practice_id = r.id("practice_id");
  client.name = r.checked("name", name_check("name"));
  client.contact_email = optional_email(r, "contact_email");
  client.professional_id = r.optional_id("professional_id");
  client.created_at = r.text("created_at");
  return client;
}

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

// One field of a user, read as its kind asks and checked by its value rule.
void read_user_field(const ObjectReader& r, const UserField& field, ClientUser& user) {
  const std::string key(field.key);
  switch (field.kind) {
  case FieldKind::id:
    field.set(user, std::int64_t{r.id(key.c_str())});
    return;
  case FieldKind::flag:
    field.set(user, r.boolean(key.c_str()));
    return;
  case FieldKind::permissions:
    field.set(user, read_permissions(r, key.c_str()));
    return;
  case FieldKind::optional_text:
    if (r.member(key.c_str()).is_null()) {
      field.set(user, FieldValue());
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
  if (!field.set(user, std::string_view(text))) {
    invalid(r.where(), fmt::format("\"{}\" has an unknown value {}", key, in_quotes(text)));
  }
}

ClientUser read_user(const ObjectReader& r) {
  ClientUser user;
  for (const UserField& field : k_user_field_table) {
    read_user_field(r, field, user);
  }
  if (user.login_access != user.username.has_value()) {
    invalid(r.where(), "a user has a username exactly when they have login access");
  }
  if ((user.status == UserStatus::deactivated) != user.deactivated_at.has_value()) {
    invalid(r.where(), "\"deactivated_at\" is set exactly for deactivated users");
  }
  return user;
}

Document read_document(const ObjectReader& r) {
  Document document;
  document.id = r.id("id");
  document.client_id = r.id("client_id");
  document.title = r.checked("title", name_check("title"));
  document.submitted_by_id = r.optional_id("submitted_by_id");
  document.submitted_by = r.text("submitted_by");
  document.submitted_at = r.text("submitted_at");
  return document;
}

AuditEvent read_event(const ObjectReader& r) {
  AuditEvent event;
  event.id = r.id("id");
  event.at = r.text("at");
  event.actor = r.text("actor");
  event.action = r.text("action");
  event.practice_id = r.optional_id("practice_id");
  event.client_id = r.optional_id("client_id");
  event.client = r.optional_text("client");
  event.user_id = r.optional_id("user_id");
  event.user = r.optional_text("user");
  const Json& detail = r.member("detail");
  if (!detail.is_object()) {
    invalid(r.where(), "\"detail\" must be an object");
  }
  event.detail_json = detail.dump();
  return event;
}

OrderedJson to_json(const Practice& p) {
  return {{"id", p.id}, {"name", p.name}, {"created_at", p.created_at}};
}

OrderedJson to_json(const Staff& s) {
  return {{"id", s.id},
          {"email", s.email},
          {"name", s.name},
          {"role", to_string(s.role)},
          {"practice_id", nullable(s.practice_id)},
          {"created_at", s.created_at}};
}

OrderedJson to_json(const AccessGrant& g) {
  return {{"staff_id", g.staff_id}, {"client_id", g.client_id}, {"granted_at", g.granted_at}};
}

OrderedJson to_json(const ClientAccount& c) {
  return {{"id", c.id},
          {"practice_id", c.practice_id},
          {"name", c.name},
          {"contact_email", nullable(c.contact_email)},
          {"professional_id", nullable(c.professional_id)},
          {"created_at", c.created_at}};
}

OrderedJson json_of(const FieldValue& value) {
  return std::visit(
      [](const auto& v) -> OrderedJson {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else if constexpr (std::is_same_v<T, PermissionSet>) {
          return v.names();
        } else {
          return v;
        }
      },
      value);
}

OrderedJson to_json(const ClientUser& user) {
  OrderedJson json = OrderedJson::object();
  for (const UserField& field : k_user_field_table) {
    json[std::string(field.key)] = json_of(field.get(user));
  }
  return json;
}

OrderedJson to_json(const Document& d) {
  return {{"id", d.id},
          {"client_id", d.client_id},
          {"title", d.title},
          {"submitted_by_id", nullable(d.submitted_by_id)},
          {"submitted_by", d.submitted_by},
          {"submitted_at", d.submitted_at}};
}

OrderedJson to_json(const AuditEvent& e) {
  OrderedJson detail = OrderedJson::parse(e.detail_json, nullptr, false);
  if (detail.is_discarded()) {
    detail = OrderedJson::object();
  }
  return {{"id", e.id},
          {"at", e.at},
          {"actor", e.actor},
          {"action", e.action},
          {"practice_id", nullable(e.practice_id)},
          {"client_id", nullable(e.client_id)},
          {"client", nullable(e.client)},
          {"user_id", nullable(e.user_id)},
          {"user", nullable(e.user)},
          {"detail", std::move(detail)}};
}

} // namespace

void read_row(std::string_view section, const Json& value, std::string where, Snapshot& into) {
  const ObjectReader reader(value, std::move(where));
  if (section == "practices") {
    into.practices.push_back(read_practice(reader));
  } else if (section == "staff") {
    into.staff.push_back(read_staff(reader));
  } else if (section == "access") {
    into.access.push_back(read_grant(reader));
  } else if (section == "clients") {
    into.clients.push_back(read_client(reader));
  } else if (section == "users") {
    into.users.push_back(read_user(reader));
  } else if (section == "documents") {
    into.documents.push_back(read_document(reader));
  } else {
    into.audit.push_back(read_event(reader));
  }
}

std::string dump(const OrderedJson& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string row_json(const Practice& practice) {
  return dump(to_json(practice));
}
std::string row_json(const Staff& staff) {
  return dump(to_json(staff));
}
std::string row_json(const AccessGrant& grant) {
  return dump(to_json(grant));
}
std::string row_json(const ClientAccount& client) {
  return dump(to_json(client));
}
std::string row_json(const ClientUser& user) {
  return dump(to_json(user));
}
std::string row_json(const Document& document) {
  return dump(to_json(document));
}
std::string row_json(const AuditEvent& event) {
  return dump(to_json(event));
}

} // namespace acctctl::export_rows
