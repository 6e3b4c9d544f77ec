#include "acctctl/records.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace acctctl {
namespace {

Cell nullable(const std::optional<std::string>& value) {
  return value ? Cell(*value) : Cell(std::monostate{});
}

Cell nullable(const std::optional<Id>& value) {
  return value ? Cell(*value) : Cell(std::monostate{});
}

std::size_t index_of(const std::vector<std::string>& keys, std::string_view key) {
  return static_cast<std::size_t>(std::find(keys.begin(), keys.end(), key) - keys.begin());
}

// A layout whose table shows `columns`: pairs of header and key.
Layout layout(std::vector<std::string> keys,
              std::initializer_list<std::pair<const char*, const char*>> columns) {
  Layout result{std::move(keys), {}};
  for (const auto& [header, key] : columns) {
    result.table.push_back({header, index_of(result.keys, key)});
  }
  return result;
}

const std::vector<std::string> k_user_keys = {
    "id",         "client_id",     "client",       "name",   "email", "username",
    "role",       "permissions",   "login_access", "status", "owner", "alert_recipient",
    "created_at", "deactivated_at"};

// The seed's Users page: the owner is marked next to their name.
std::string name_with_owner_mark(const Record& record) {
  const auto& name = std::get<std::string>(record[index_of(k_user_keys, "name")]);
  const bool owner = std::get<bool>(record[index_of(k_user_keys, "owner")]);
  return owner ? name + " (Owner)" : name;
}

Layout make_user_layout(UserTable table) {
  Layout result;
  switch (table) {
  case UserTable::one_client:
  case UserTable::all_clients:
    result = layout(k_user_keys, {{"ID", "id"},
                                  {"NAME", "name"},
                                  {"EMAIL", "email"},
                                  {"USERNAME", "username"},
                                  {"ROLE", "role"},
                                  {"LOGIN", "login_access"},
                                  {"STATUS", "status"}});
    if (table == UserTable::all_clients) { // users of several clients say whose they are
      result.table.insert(result.table.begin() + 1, {"CLIENT", index_of(k_user_keys, "client")});
    }
    break;
  case UserTable::portal:
    result = layout(k_user_keys, {{"ID", "id"},
                                  {"NAME", "name"},
                                  {"USERNAME", "username"},
                                  {"PERMISSIONS", "permissions"},
                                  {"ALERTS", "alert_recipient"},
                                  {"STATUS", "status"}});
    break;
  }
  for (TableColumn& column : result.table) {
    if (column.header == "NAME") {
      column.text = &name_with_owner_mark;
    }
  }
  return result;
}

constexpr std::size_t k_detail_width = 72;

std::string detail_value(const nlohmann::ordered_json& value) {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_array()) {
    std::vector<std::string> items;
    for (const auto& item : value) {
      items.push_back(detail_value(item));
    }
    return fmt::format("{}", fmt::join(items, ","));
  }
  if (value.is_object() && value.contains("name")) {
    return detail_value(value["name"]);
  }
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Audit detail in a table: "status: active→deactivated, documents_kept=2", cut to fit a
// terminal (JSON has all of it). A field that only gained a value reads as "name=value".
std::string detail_summary(const Record& record) {
  const auto& detail = std::get<nlohmann::ordered_json>(record.back());
  std::vector<std::string> parts;
  for (const auto& [key, value] : detail.items()) {
    if (value.is_object() && value.contains("before") && value.contains("after")) {
      parts.push_back(value["before"].is_null()
                          ? fmt::format("{}={}", key, detail_value(value["after"]))
                          : fmt::format("{}: {}→{}", key, detail_value(value["before"]),
                                        detail_value(value["after"])));
    } else {
      parts.push_back(fmt::format("{}={}", key, detail_value(value)));
    }
  }
  std::string summary = fmt::format("{}", fmt::join(parts, ", "));
  if (display_width(summary) > k_detail_width) {
    std::string cut;
    std::size_t width = 0;
    for (std::size_t i = 0; i < summary.size();) {
      std::size_t next = i + 1;
      while (next < summary.size() &&
             (static_cast<unsigned char>(summary[next]) & 0xC0U) == 0x80U) {
        ++next;
      }
      const std::string_view piece(summary.data() + i, next - i);
      width += display_width(piece);
      if (width > k_detail_width - 1) {
        break;
      }
      cut += piece;
      i = next;
    }
    summary = cut + "…";
  }
  return summary;
}

} // namespace

const Layout& user_layout(UserTable table) {
  static const Layout one = make_user_layout(UserTable::one_client);
  static const Layout all = make_user_layout(UserTable::all_clients);
  static const Layout portal = make_user_layout(UserTable::portal);
  switch (table) {
  case UserTable::one_client:
    return one;
  case UserTable::all_clients:
    return all;
  case UserTable::portal:
    break;
  }
  return portal;
}

Record user_record(const UserListing& listing) {
  const ClientUser& u = listing.user;
  return {u.id,
          u.client_id,
          listing.client,
          u.name,
          nullable(u.email),
          nullable(u.username),
          std::string(to_string(u.role)),
          u.permissions.names(),
          u.login_access,
          std::string(to_string(u.status)),
          u.is_owner,
          u.is_alert_recipient,
          u.created_at,
          nullable(u.deactivated_at)};
}

const Layout& client_layout() {
  static const Layout result =
      layout({"id", "practice", "name", "contact_email", "professional", "owner", "alert_recipient",
              "active_users", "deactivated_users", "documents", "created_at"},
             {{"ID", "id"},
              {"NAME", "name"},
              {"PRACTICE", "practice"},
              {"PROFESSIONAL", "professional"},
              {"OWNER", "owner"},
              {"ACTIVE", "active_users"},
              {"DEACTIVATED", "deactivated_users"},
              {"DOCUMENTS", "documents"}});
  return result;
}

Record client_record(const ClientSummary& s) {
  return {s.client.id,
          s.practice,
          s.client.name,
          nullable(s.client.contact_email),
          nullable(s.professional),
          nullable(s.owner),
          nullable(s.alert_recipient),
          s.active_users,
          s.deactivated_users,
          s.documents,
          s.client.created_at};
}

const Layout& role_layout() {
  static const Layout result =
      layout({"role", "permissions"}, {{"ROLE", "role"}, {"PERMISSIONS", "permissions"}});
  return result;
}

Record role_record(Role role) {
  return {std::string(to_string(role)), default_permissions(role).names()};
}

const Layout& document_layout() {
  static const Layout result = layout(
      {"id", "client_id", "client", "title", "submitted_by_id", "submitted_by", "submitted_at"},
      {{"ID", "id"},
       {"TITLE", "title"},
       {"SUBMITTED BY", "submitted_by"},
       {"SUBMITTED AT", "submitted_at"}});
  return result;
}

Record document_record(const DocumentListing& listing) {
  const Document& d = listing.document;
  return {d.id,           d.client_id,   listing.client, d.title, nullable(d.submitted_by_id),
          d.submitted_by, d.submitted_at};
}

const Layout& audit_layout() {
  static const Layout result = [] {
    Layout made =
        layout({"id", "at", "actor", "action", "client_id", "client", "user_id", "user", "detail"},
               {{"ID", "id"},
                {"AT", "at"},
                {"ACTOR", "actor"},
                {"ACTION", "action"},
                {"CLIENT", "client"},
                {"USER", "user"}});
    made.table.push_back({"DETAIL", made.keys.size() - 1, &detail_summary});
    made.json_only = {"detail"};
    return made;
  }();
  return result;
}

Record audit_record(const AuditEvent& e) {
  auto detail = nlohmann::ordered_json::parse(e.detail_json, nullptr, false);
  if (detail.is_discarded() || !detail.is_object()) {
    detail = nlohmann::ordered_json::object();
  }
  return {e.id,
          e.at,
          e.actor,
          e.action,
          nullable(e.client_id),
          nullable(e.client),
          nullable(e.user_id),
          nullable(e.user),
          std::move(detail)};
}

const Layout& result_layout(bool dry_run) {
  static const Layout applied =
      layout({"id", "name", "action", "result", "reason"}, {{"ID", "id"},
                                                            {"NAME", "name"},
                                                            {"ACTION", "action"},
                                                            {"RESULT", "result"},
                                                            {"REASON", "reason"}});
  static const Layout planned =
      layout({"id", "name", "action", "result", "reason", "dry_run"}, {{"ID", "id"},
                                                                       {"NAME", "name"},
                                                                       {"ACTION", "action"},
                                                                       {"RESULT", "result"},
                                                                       {"REASON", "reason"}});
  return dry_run ? planned : applied;
}

Record result_record(const ItemReport& item, bool dry_run) {
  Record record{nullable(item.id), item.name, item.action, std::string(to_string(item.result)),
                item.reason.empty() ? Cell(std::monostate{}) : Cell(item.reason)};
  if (dry_run) {
    record.emplace_back(true);
  }
  return record;
}

const Layout& practice_layout() {
  static const Layout result =
      layout({"id", "name", "clients", "staff", "created_at"},
             {{"ID", "id"}, {"NAME", "name"}, {"CLIENTS", "clients"}, {"STAFF", "staff"}});
  return result;
}

Record practice_record(const PracticeSummary& s) {
  return {s.practice.id, s.practice.name, s.clients, s.staff, s.practice.created_at};
}

const Layout& staff_layout() {
  static const Layout result =
      layout({"id", "email", "name", "role", "practice", "created_at"}, {{"ID", "id"},
                                                                         {"EMAIL", "email"},
                                                                         {"NAME", "name"},
                                                                         {"ROLE", "role"},
                                                                         {"PRACTICE", "practice"}});
  return result;
}

Record staff_record(const StaffListing& listing) {
  const Staff& s = listing.staff;
  return {s.id,        s.email, s.name, std::string(to_string(s.role)), nullable(listing.practice),
          s.created_at};
}

const Layout& grant_layout() {
  static const Layout result =
      layout({"staff_id", "staff", "client_id", "client", "granted_at"},
             {{"STAFF", "staff"}, {"CLIENT", "client"}, {"GRANTED AT", "granted_at"}});
  return result;
}

Record grant_record(const AccessGrant& g) {
  return {g.staff_id, g.staff_email, g.client_id, g.client, g.granted_at};
}

const Layout& check_layout() {
  static const Layout result =
      layout({"check", "ok", "detail"}, {{"CHECK", "check"}, {"OK", "ok"}, {"DETAIL", "detail"}});
  return result;
}

Record check_record(const CheckFinding& finding) {
  return {finding.check, finding.ok,
          finding.detail.empty() ? Cell(std::monostate{}) : Cell(finding.detail)};
}

} // namespace acctctl
