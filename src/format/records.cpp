#include "acctctl/format/records.hpp"

#include <fmt/format.h>

#include "acctctl/rules.hpp"
#include "cells.hpp"
#include "fields.hpp"
#include "stored_fields.hpp"

namespace acctctl {
namespace {

using format::borrowed;
using format::field;
using format::Fields;
using format::keys_of;
using format::nullable;
using format::record_of;

template <typename Row, std::size_t Count>
Layout layout_of(const Fields<Row, Count>& fields, std::vector<TableColumn> columns) {
  return {keys_of(fields), std::move(columns)};
}

constexpr const auto& k_user_fields = format::k_user_listing_fields;

// The seed's Users page: the owner is marked next to their name.
std::string name_with_owner_mark(const Record& record) {
  const std::string name(format::text_of(record[field(k_user_fields, "name")]).value_or(""));
  const bool owner = std::get<bool>(record[field(k_user_fields, "owner")]);
  return owner ? name + " (Owner)" : name;
}

Layout make_user_layout(UserTable table) {
  const auto& f = k_user_fields;
  const TableColumn name{"NAME", field(f, "name"), &name_with_owner_mark};
  if (table == UserTable::portal) {
    return layout_of(f, {{"ID", field(f, "id")},
                         name,
                         {"USERNAME", field(f, "username")},
                         {"PERMISSIONS", field(f, "permissions")},
                         {"ALERTS", field(f, "alert_recipient")},
                         {"STATUS", field(f, "status")}});
  }
  Layout result = layout_of(f, {{"ID", field(f, "id")},
                                name,
                                {"EMAIL", field(f, "email")},
                                {"USERNAME", field(f, "username")},
                                {"ROLE", field(f, "role")},
                                {"LOGIN", field(f, "login_access")},
                                {"STATUS", field(f, "status")}});
  if (table == UserTable::all_clients) { // users of several clients say whose they are
    result.table.insert(result.table.begin() + 1, {"CLIENT", field(f, "client")});
  }
  return result;
}

constexpr Fields<ClientSummary, 11> k_client_fields{{
    {"id", [](const ClientSummary& s) -> Cell { return s.client.id; }},
    {"practice", [](const ClientSummary& s) { return borrowed(s.practice); }},
    {"name", [](const ClientSummary& s) { return borrowed(s.client.name); }},
    {"contact_email", [](const ClientSummary& s) { return borrowed(s.client.contact_email); }},
    {"professional", [](const ClientSummary& s) { return borrowed(s.professional); }},
    {"owner", [](const ClientSummary& s) { return borrowed(s.owner); }},
    {"alert_recipient", [](const ClientSummary& s) { return borrowed(s.alert_recipient); }},
    {"active_users", [](const ClientSummary& s) -> Cell { return s.active_users; }},
    {"deactivated_users", [](const ClientSummary& s) -> Cell { return s.deactivated_users; }},
    {"documents", [](const ClientSummary& s) -> Cell { return s.documents; }},
    {"created_at", [](const ClientSummary& s) { return borrowed(s.client.created_at); }},
}};

constexpr Fields<Role, 2> k_role_fields{{
    {"role", [](const Role& r) -> Cell { return borrowed(to_string(r)); }},
    {"permissions", [](const Role& r) -> Cell { return default_permissions(r); }},
}};

constexpr const auto& k_document_fields = format::k_document_listing_fields;

constexpr const auto& k_audit_fields = format::k_audit_event_fields;

constexpr Fields<ItemReport, 5> k_result_fields{{
    {"id", [](const ItemReport& i) { return nullable(i.id); }},
    {"name", [](const ItemReport& i) { return borrowed(i.name); }},
    {"action", [](const ItemReport& i) { return borrowed(i.action); }},
    {"result", [](const ItemReport& i) -> Cell { return borrowed(to_string(i.result)); }},
    {"reason",
     [](const ItemReport& i) {
       return i.reason.empty() ? Cell(std::monostate{}) : Cell(i.reason);
     }},
}};

constexpr Fields<PracticeSummary, 5> k_practice_fields{{
    {"id", [](const PracticeSummary& s) -> Cell { return s.practice.id; }},
    {"name", [](const PracticeSummary& s) { return borrowed(s.practice.name); }},
    {"clients", [](const PracticeSummary& s) -> Cell { return s.clients; }},
    {"staff", [](const PracticeSummary& s) -> Cell { return s.staff; }},
    {"created_at", [](const PracticeSummary& s) { return borrowed(s.practice.created_at); }},
}};

constexpr Fields<StaffListing, 6> k_staff_fields{{
    {"id", [](const StaffListing& l) -> Cell { return l.staff.id; }},
    {"email", [](const StaffListing& l) { return borrowed(l.staff.email); }},
    {"name", [](const StaffListing& l) { return borrowed(l.staff.name); }},
    {"role", [](const StaffListing& l) -> Cell { return borrowed(to_string(l.staff.role)); }},
    {"practice", [](const StaffListing& l) { return borrowed(l.practice); }},
    {"created_at", [](const StaffListing& l) { return borrowed(l.staff.created_at); }},
}};

constexpr Fields<AccessGrant, 5> k_grant_fields{{
    {"staff_id", [](const AccessGrant& g) -> Cell { return g.staff_id; }},
    {"staff", [](const AccessGrant& g) { return borrowed(g.staff_email); }},
    {"client_id", [](const AccessGrant& g) -> Cell { return g.client_id; }},
    {"client", [](const AccessGrant& g) { return borrowed(g.client); }},
    {"granted_at", [](const AccessGrant& g) { return borrowed(g.granted_at); }},
}};

constexpr Fields<CheckFinding, 3> k_check_fields{{
    {"check", [](const CheckFinding& c) { return borrowed(c.check); }},
    {"ok", [](const CheckFinding& c) -> Cell { return c.ok; }},
    {"detail",
     [](const CheckFinding& c) {
       return c.detail.empty() ? Cell(std::monostate{}) : Cell(c.detail);
     }},
}};

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
  return record_of(k_user_fields, listing);
}

void user_record_into(const UserListing& listing, Record& record) {
  format::record_into(k_user_fields, listing, record);
}

const Layout& client_layout() {
  const auto& f = k_client_fields;
  static const Layout result = layout_of(f, {{"ID", field(f, "id")},
                                             {"NAME", field(f, "name")},
                                             {"PRACTICE", field(f, "practice")},
                                             {"PROFESSIONAL", field(f, "professional")},
                                             {"OWNER", field(f, "owner")},
                                             {"ACTIVE", field(f, "active_users")},
                                             {"DEACTIVATED", field(f, "deactivated_users")},
                                             {"DOCUMENTS", field(f, "documents")}});
  return result;
}

Record client_record(const ClientSummary& summary) {
  return record_of(k_client_fields, summary);
}

const Layout& role_layout() {
  const auto& f = k_role_fields;
  static const Layout result =
      layout_of(f, {{"ROLE", field(f, "role")}, {"PERMISSIONS", field(f, "permissions")}});
  return result;
}

Record role_record(Role role) {
  return record_of(k_role_fields, role);
}

const Layout& document_layout() {
  const auto& f = k_document_fields;
  static const Layout result = layout_of(f, {{"ID", field(f, "id")},
                                             {"TITLE", field(f, "title")},
                                             {"SUBMITTED BY", field(f, "submitted_by")},
                                             {"SUBMITTED AT", field(f, "submitted_at")}});
  return result;
}

Record document_record(const DocumentListing& listing) {
  return record_of(k_document_fields, listing);
}

const Layout& audit_layout() {
  const auto& f = k_audit_fields;
  static const Layout result{keys_of(f),
                             {{"ID", field(f, "id")},
                              {"AT", field(f, "at")},
                              {"ACTOR", field(f, "actor")},
                              {"ACTION", field(f, "action")},
                              {"CLIENT", field(f, "client")},
                              {"USER", field(f, "user")},
                              {"DETAIL", field(f, "detail"), &detail_summary}},
                             {"detail"}};
  return result;
}

Record audit_record(const AuditEvent& event) {
  return record_of(k_audit_fields, event);
}

// With --dry-run, every row says so: "dry_run": true after the fields above.
const Layout& result_layout(bool dry_run) {
  const auto& f = k_result_fields;
  static const Layout applied = layout_of(f, {{"ID", field(f, "id")},
                                              {"NAME", field(f, "name")},
                                              {"ACTION", field(f, "action")},
                                              {"RESULT", field(f, "result")},
                                              {"REASON", field(f, "reason")}});
  static const Layout planned = [] {
    Layout made = applied;
    made.keys.emplace_back("dry_run");
    return made;
  }();
  return dry_run ? planned : applied;
}

Record result_record(const ItemReport& item, bool dry_run) {
  Record record;
  result_record_into(item, dry_run, record);
  return record;
}

void result_record_into(const ItemReport& item, bool dry_run, Record& record) {
  record_into(k_result_fields, item, record);
  if (dry_run) {
    record.emplace_back(true);
  }
}

const Layout& practice_layout() {
  const auto& f = k_practice_fields;
  static const Layout result = layout_of(f, {{"ID", field(f, "id")},
                                             {"NAME", field(f, "name")},
                                             {"CLIENTS", field(f, "clients")},
                                             {"STAFF", field(f, "staff")}});
  return result;
}

Record practice_record(const PracticeSummary& summary) {
  return record_of(k_practice_fields, summary);
}

const Layout& staff_layout() {
  const auto& f = k_staff_fields;
  static const Layout result = layout_of(f, {{"ID", field(f, "id")},
                                             {"EMAIL", field(f, "email")},
                                             {"NAME", field(f, "name")},
                                             {"ROLE", field(f, "role")},
                                             {"PRACTICE", field(f, "practice")}});
  return result;
}

Record staff_record(const StaffListing& listing) {
  return record_of(k_staff_fields, listing);
}

const Layout& grant_layout() {
  const auto& f = k_grant_fields;
  static const Layout result = layout_of(f, {{"STAFF", field(f, "staff")},
                                             {"CLIENT", field(f, "client")},
                                             {"GRANTED AT", field(f, "granted_at")}});
  return result;
}

Record grant_record(const AccessGrant& grant) {
  return record_of(k_grant_fields, grant);
}

const Layout& check_layout() {
  const auto& f = k_check_fields;
  static const Layout result = layout_of(
      f, {{"CHECK", field(f, "check")}, {"OK", field(f, "ok")}, {"DETAIL", field(f, "detail")}});
  return result;
}

Record check_record(const CheckFinding& finding) {
  return record_of(k_check_fields, finding);
}

} // namespace acctctl
