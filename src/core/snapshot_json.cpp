#include "acctctl/snapshot_json.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "acctctl/error.hpp"
#include "acctctl/values.hpp"

namespace acctctl {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

OrderedJson nullable(const std::optional<std::string>& value) {
  return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

OrderedJson nullable(const std::optional<Id>& value) {
  return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

[[noreturn]] void invalid(std::string_view where, std::string_view problem) {
  throw Error(ExitCode::usage, fmt::format("{}: {}", where, problem));
}

// A problem of the document as a whole, not of one row.
[[noreturn]] void invalid_document(std::string_view problem) {
  throw Error(ExitCode::usage, std::string(problem));
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

ClientUser read_user(const ObjectReader& r) {
  ClientUser user;
  user.id = r.id("id");
  user.client_id = r.id("client_id");
  user.name = r.checked("name", name_check("name"));
  user.email = optional_email(r, "email");
  if (!r.member("username").is_null()) {
    user.username = r.checked("username", &check_username);
  }
  user.role = r.choice<Role>("role", &parse_role);
  const Json& permissions = r.member("permissions");
  if (!permissions.is_array()) {
    invalid(r.where(), "\"permissions\" must be an array");
  }
  for (const Json& permission : permissions) {
    const auto parsed =
        permission.is_string() ? parse_permission(permission.get<std::string>()) : std::nullopt;
    if (!parsed) {
      invalid(r.where(), "\"permissions\" holds an unknown permission");
    }
    user.permissions.insert(*parsed);
  }
  user.login_access = r.boolean("login_access");
  user.status = r.choice<UserStatus>("status", &parse_user_status);
  user.is_owner = r.boolean("owner");
  user.is_alert_recipient = r.boolean("alert_recipient");
  user.created_at = r.text("created_at");
  user.deactivated_at = r.optional_text("deactivated_at");
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

// `key` returns an optional key per row; rows without one (no username, say) are skipped.
template <typename Row, typename Key>
void require_unique(const std::vector<Row>& rows, const char* section_name, Key key,
                    const char* what) {
  std::set<typename decltype(key(std::declval<const Row&>()))::value_type> seen;
  for (std::size_t index = 0; index < rows.size(); ++index) {
    const auto value = key(rows[index]);
    if (value && !seen.insert(*value).second) {
      invalid(fmt::format("{}[{}]", section_name, index), fmt::format("duplicate {}", what));
    }
  }
}

template <typename Row> std::optional<Id> id_of(const Row& row) {
  return row.id;
}

std::optional<std::string> folded(const std::optional<std::string>& text) {
  return text ? std::optional<std::string>(fold_key(*text)) : std::nullopt;
}

// References between sections, and the invariants R2, R9 and R14 over the whole document.
void check_consistency(const Snapshot& s) {
  require_unique(s.practices, "practices", &id_of<Practice>, "id");
  require_unique(
      s.practices, "practices", [](const Practice& p) { return std::optional(fold_key(p.name)); },
      "name");
  require_unique(s.staff, "staff", &id_of<Staff>, "id");
  require_unique(
      s.staff, "staff", [](const Staff& p) { return std::optional(fold_key(p.email)); }, "email");
  require_unique(s.clients, "clients", &id_of<ClientAccount>, "id");
  require_unique(
      s.clients, "clients",
      [](const ClientAccount& c) {
        return std::optional(std::pair(c.practice_id, fold_key(c.name)));
      },
      "name in its practice");
  require_unique(
      s.access, "access",
      [](const AccessGrant& g) { return std::optional(std::pair(g.staff_id, g.client_id)); },
      "grant");
  require_unique(s.users, "users", &id_of<ClientUser>, "id");
  require_unique(
      s.users, "users", [](const ClientUser& u) { return folded(u.username); }, "username (R14)");
  require_unique(
      s.users, "users",
      [](const ClientUser& u) {
        return u.email ? std::optional(std::pair(u.client_id, fold_key(*u.email))) : std::nullopt;
      },
      "email in its client account (R14)");
  require_unique(s.documents, "documents", &id_of<Document>, "id");
  require_unique(s.audit, "audit", &id_of<AuditEvent>, "id");

  std::unordered_set<Id> practices;
  for (const Practice& practice : s.practices) {
    practices.insert(practice.id);
  }
  std::unordered_map<Id, const Staff*> staff;
  for (std::size_t i = 0; i < s.staff.size(); ++i) {
    staff.emplace(s.staff[i].id, &s.staff[i]);
    if (s.staff[i].practice_id && !practices.contains(*s.staff[i].practice_id)) {
      invalid(fmt::format("staff[{}]", i), "refers to a missing practice");
    }
  }
  std::unordered_map<Id, const ClientAccount*> clients;
  for (std::size_t i = 0; i < s.clients.size(); ++i) {
    const ClientAccount& client = s.clients[i];
    clients.emplace(client.id, &client);
    if (!practices.contains(client.practice_id)) {
      invalid(fmt::format("clients[{}]", i), "refers to a missing practice");
    }
    if (client.professional_id) {
      const auto professional = staff.find(*client.professional_id);
      if (professional == staff.end() || professional->second->practice_id != client.practice_id) {
        invalid(fmt::format("clients[{}]", i),
                "the professional must be staff of the client's practice");
      }
    }
  }
  for (std::size_t i = 0; i < s.access.size(); ++i) {
    if (!staff.contains(s.access[i].staff_id) || !clients.contains(s.access[i].client_id)) {
      invalid(fmt::format("access[{}]", i), "refers to a missing staff member or client");
    }
  }
  struct Flags {
    int users = 0, owners = 0, alert_recipients = 0;
  };
  std::unordered_map<Id, Flags> per_client;
  std::unordered_map<Id, Id> user_client;
  for (std::size_t i = 0; i < s.users.size(); ++i) {
    const ClientUser& user = s.users[i];
    const std::string where = fmt::format("users[{}]", i);
    if (!clients.contains(user.client_id)) {
      invalid(where, "refers to a missing client");
    }
    user_client.emplace(user.id, user.client_id);
    Flags& flags = per_client[user.client_id];
    ++flags.users;
    if (user.is_owner) {
      ++flags.owners;
      if (!user.is_active() || !user.login_access) {
        invalid(where, "the owner must be an active user with login access (R2)");
      }
    }
    if (user.is_alert_recipient) {
      ++flags.alert_recipients;
      if (!user.is_active() || !user.login_access) {
        invalid(where, "the alert recipient must be an active user with login access (R9)");
      }
    }
  }
  for (const auto& [client_id, flags] : per_client) {
    if (flags.owners != 1) {
      invalid(fmt::format("client {}", clients.at(client_id)->name),
              fmt::format("has {} owners; a client account with users has exactly one (R2)",
                          flags.owners));
    }
    if (flags.alert_recipients > 1) {
      invalid(fmt::format("client {}", clients.at(client_id)->name),
              "has more than one alert recipient (R9)");
    }
  }
  for (std::size_t i = 0; i < s.documents.size(); ++i) {
    const Document& document = s.documents[i];
    const std::string where = fmt::format("documents[{}]", i);
    if (!clients.contains(document.client_id)) {
      invalid(where, "refers to a missing client");
    }
    if (document.submitted_by_id) {
      const auto submitter = user_client.find(*document.submitted_by_id);
      if (submitter == user_client.end() || submitter->second != document.client_id) {
        invalid(where, "the submitter is not a user of the document's client");
      }
    }
  }
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

OrderedJson to_json(const ClientUser& u) {
  return {{"id", u.id},
          {"client_id", u.client_id},
          {"name", u.name},
          {"email", nullable(u.email)},
          {"username", nullable(u.username)},
          {"role", to_string(u.role)},
          {"permissions", u.permissions.names()},
          {"login_access", u.login_access},
          {"status", to_string(u.status)},
          {"owner", u.is_owner},
          {"alert_recipient", u.is_alert_recipient},
          {"created_at", u.created_at},
          {"deactivated_at", nullable(u.deactivated_at)}};
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

std::string dump(const OrderedJson& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

constexpr std::array<std::string_view, 7> k_sections = {
    "practices", "staff", "access", "clients", "users", "documents", "audit"};

// SAX events in, one row at a time out: the rows of a section are built as small DOMs and
// handed over as soon as each closes, so a large export never exists as one tree.
class ExportReader final : public nlohmann::json_sax<Json> {
public:
  explicit ExportReader(Snapshot& snapshot) : m_snapshot(snapshot) {}

  bool null() override { return value(nullptr); }
  bool boolean(bool v) override { return value(v); }
  bool number_integer(number_integer_t v) override { return value(v); }
  bool number_unsigned(number_unsigned_t v) override { return value(v); }
  bool number_float(number_float_t v, const string_t& /*text*/) override { return value(v); }
  bool string(string_t& v) override { return value(std::move(v)); }
  bool binary(binary_t& /*v*/) override { return value(nullptr); }

  bool start_object(std::size_t /*size*/) override {
    if (!m_in_root) {
      m_in_root = true;
      return true;
    }
    m_stack.push_back({Json::object(), {}});
    return true;
  }

  bool key(string_t& name) override {
    if (m_stack.empty() && !m_section) {
      m_top_key = std::move(name);
    } else {
      m_stack.back().key = std::move(name);
    }
    return true;
  }

  bool end_object() override {
    if (m_stack.empty()) {
      return true; // the end of the document
    }
    Json done = std::move(m_stack.back().value);
    m_stack.pop_back();
    return value(std::move(done));
  }

  bool start_array(std::size_t /*size*/) override {
    if (!m_in_root) {
      not_an_export();
    }
    const auto* section = std::find(k_sections.begin(), k_sections.end(), m_top_key);
    if (m_stack.empty() && !m_section && section != k_sections.end()) {
      m_section = m_top_key;
      m_index = 0;
      m_seen.insert(m_top_key);
      return true;
    }
    m_stack.push_back({Json::array(), {}});
    return true;
  }

  bool end_array() override {
    if (m_stack.empty()) {
      m_section.reset();
      return true;
    }
    Json done = std::move(m_stack.back().value);
    m_stack.pop_back();
    return value(std::move(done));
  }

  bool parse_error(std::size_t position, const std::string& /*token*/,
                   const nlohmann::detail::exception& error) override {
    // nlohmann's text starts with "[json.exception.parse_error.101] "; keep what follows.
    const std::string text = error.what();
    const auto start = text.find("] ");
    throw Error(ExitCode::usage,
                fmt::format("not valid JSON at byte {}: {}", position,
                            start == std::string::npos ? text : text.substr(start + 2)));
  }

  void finish() {
    if (!m_in_root) {
      not_an_export();
    }
    check_header();
    for (const std::string_view section : k_sections) {
      if (!m_seen.contains(std::string(section))) {
        invalid_document(fmt::format("it has no \"{}\" array", section));
      }
    }
  }

private:
  struct Frame {
    Json value;
    std::string key;
  };

  [[noreturn]] static void not_an_export() {
    invalid_document("it has no \"format\": \"acctctl-export\"");
  }

  void check_header() const {
    if (!m_header.contains("format") || m_header["format"] != "acctctl-export") {
      not_an_export();
    }
    const auto version = m_header.find("version");
    if (version == m_header.end() || !version->is_number_integer()) {
      invalid_document("its \"version\" is missing or not an integer");
    }
    if (version->get<std::int64_t>() > k_export_version) {
      invalid_document(fmt::format("its version {} is newer than this acctctl reads ({})",
                                   version->get<std::int64_t>(), k_export_version));
    }
  }

  template <typename V> bool value(V&& v) {
    if (!m_stack.empty()) {
      Frame& parent = m_stack.back();
      if (parent.value.is_object()) {
        parent.value[parent.key] = std::forward<V>(v);
      } else {
        parent.value.push_back(std::forward<V>(v));
      }
      return true;
    }
    if (m_section) {
      add_row(Json(std::forward<V>(v)));
    } else {
      m_header[m_top_key] = std::forward<V>(v);
    }
    return true;
  }

  void add_row(const Json& row) {
    try {
      read_row(row);
    } catch (const Error&) {
      // Rows come before the header when keys were re-sorted; without a header this is
      // most likely not an export at all, and that is the better thing to say.
      if (!m_header.contains("format")) {
        not_an_export();
      }
      throw;
    }
  }

  void read_row(const Json& row) {
    const std::string& section = *m_section;
    const ObjectReader reader(row, fmt::format("{}[{}]", section, m_index++));
    if (section == "practices") {
      m_snapshot.practices.push_back(read_practice(reader));
    } else if (section == "staff") {
      m_snapshot.staff.push_back(read_staff(reader));
    } else if (section == "access") {
      m_snapshot.access.push_back(read_grant(reader));
    } else if (section == "clients") {
      m_snapshot.clients.push_back(read_client(reader));
    } else if (section == "users") {
      m_snapshot.users.push_back(read_user(reader));
    } else if (section == "documents") {
      m_snapshot.documents.push_back(read_document(reader));
    } else {
      m_snapshot.audit.push_back(read_event(reader));
    }
  }

  Snapshot& m_snapshot;
  bool m_in_root = false;
  std::string m_top_key;
  Json m_header = Json::object();
  std::optional<std::string> m_section;
  std::size_t m_index = 0;
  std::set<std::string> m_seen;
  std::vector<Frame> m_stack;
};

} // namespace

ExportWriter::ExportWriter(std::ostream& out, std::string_view exported_at) : m_out(out) {
  m_out << "{\n  \"format\": \"acctctl-export\",\n  \"version\": " << k_export_version
        << ",\n  \"exported_at\": " << dump(OrderedJson(exported_at));
}

void ExportWriter::begin_section(std::string_view name) {
  if (m_in_section) {
    m_out << (m_first_row ? "]" : "\n  ]");
  }
  m_out << ",\n  " << dump(OrderedJson(name)) << ": [";
  m_in_section = true;
  m_first_row = true;
}

void ExportWriter::write_row(const std::string& json) {
  m_out << (m_first_row ? "\n    " : ",\n    ") << json;
  m_first_row = false;
}

void ExportWriter::row(const Practice& practice) {
  write_row(dump(to_json(practice)));
}
void ExportWriter::row(const Staff& staff) {
  write_row(dump(to_json(staff)));
}
void ExportWriter::row(const AccessGrant& grant) {
  write_row(dump(to_json(grant)));
}
void ExportWriter::row(const ClientAccount& client) {
  write_row(dump(to_json(client)));
}
void ExportWriter::row(const ClientUser& user) {
  write_row(dump(to_json(user)));
}
void ExportWriter::row(const Document& document) {
  write_row(dump(to_json(document)));
}
void ExportWriter::row(const AuditEvent& event) {
  write_row(dump(to_json(event)));
}

void ExportWriter::finish() {
  if (m_in_section) {
    m_out << (m_first_row ? "]" : "\n  ]");
  }
  m_out << "\n}\n";
  m_out.flush();
}

Snapshot read_export(std::istream& in) {
  Snapshot snapshot;
  ExportReader reader(snapshot);
  Json::sax_parse(in, &reader);
  reader.finish();
  check_consistency(snapshot);
  return snapshot;
}

} // namespace acctctl
