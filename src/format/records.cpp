#include "acctctl/format/records.hpp"

#include <fmt/format.h>

#include "acctctl/rules.hpp"
#include "cells.hpp"
#include "fields.hpp"
#include "stored_fields.hpp"

namespace acctctl {
namespace {

using field_access::value_of;
using format::Fields;
using format::keys_of;
using format::listed;
using format::record_into;
using format::record_of;

// The position of `key` in `fields`, checked when the code compiles.
template <typename Row, std::size_t Count>
consteval std::size_t field(const Fields<Row, Count>& fields, std::string_view key) {
  return field_index(fields, key);
}

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

// What listings compute besides the stored rows' fields. A count is carried as FieldKind::id
// carries an id: a JSON number.
constexpr Fields<ClientSummary, 12> k_client_fields{{
    listed<ClientSummary>("id", FieldKind::id,
                          [](const ClientSummary& s) -> FieldValue { return s.client.id; }),
    listed<ClientSummary>("practice", FieldKind::text,
                          [](const ClientSummary& s) { return value_of(s.practice); }),
    listed<ClientSummary>("name", FieldKind::text,
                          [](const ClientSummary& s) { return value_of(s.client.name); }),
    listed<ClientSummary>("contact_email", FieldKind::optional_text,
                          [](const ClientSummary& s) { return value_of(s.client.contact_email); }),
    listed<ClientSummary>("professional", FieldKind::optional_text,
                          [](const ClientSummary& s) { return value_of(s.professional); }),
    listed<ClientSummary>("owner", FieldKind::optional_text,
                          [](const ClientSummary& s) { return value_of(s.owner); }),
    listed<ClientSummary>("alert_recipient", FieldKind::optional_text,
                          [](const ClientSummary& s) { return value_of(s.alert_recipient); }),
    listed<ClientSummary>("active_users", FieldKind::id,
                          [](const ClientSummary& s) -> FieldValue { return s.active_users; }),
    listed<ClientSummary>("deactivated_users", FieldKind::id,
                          [](const ClientSummary& s) -> FieldValue { return s.deactivated_users; }),
    listed<ClientSummary>("documents", FieldKind::id,
                          [](const ClientSummary& s) -> FieldValue { return s.documents; }),
    listed<ClientSummary>("created_at", FieldKind::text,
                          [](const ClientSummary& s) { return value_of(s.client.created_at); }),
    // Last, so that TSV and CSV columns of earlier versions keep their places (SPEC §4).
    listed<ClientSummary>("pending_users", FieldKind::id,
                          [](const ClientSummary& s) -> FieldValue { return s.pending_users; }),
}};

constexpr Fields<Role, 2> k_role_fields{{
    listed<Role>("role", FieldKind::choice, [](const Role& r) { return value_of(r); }),
    listed<Role>("permissions", FieldKind::permissions,
                 [](const Role& r) { return value_of(default_permissions(r)); }),
}};

constexpr const auto& k_document_fields = format::k_document_listing_fields;

constexpr const auto& k_audit_fields = format::k_audit_event_fields;

// An item's id may be 0 (kept, not null) and its reason empty (null).
constexpr Fields<ItemReport, 5> k_result_fields{{
    listed<ItemReport>("id", FieldKind::optional_id,
                       [](const ItemReport& i) { return i.id ? FieldValue(*i.id) : FieldValue(); }),
    listed<ItemReport>("name", FieldKind::text,
                       [](const ItemReport& i) { return value_of(i.name); }),
    listed<ItemReport>("action", FieldKind::text,
                       [](const ItemReport& i) { return value_of(i.action); }),
    listed<ItemReport>("result", FieldKind::choice,
                       [](const ItemReport& i) -> FieldValue { return to_string(i.result); }),
    listed<ItemReport>(
        "reason", FieldKind::optional_text,
        [](const ItemReport& i) { return i.reason.empty() ? FieldValue() : value_of(i.reason); }),
}};

constexpr Fields<PracticeSummary, 5> k_practice_fields{{
    listed<PracticeSummary>("id", FieldKind::id,
                            [](const PracticeSummary& s) -> FieldValue { return s.practice.id; }),
    listed<PracticeSummary>("name", FieldKind::text,
                            [](const PracticeSummary& s) { return value_of(s.practice.name); }),
    listed<PracticeSummary>("clients", FieldKind::id,
                            [](const PracticeSummary& s) -> FieldValue { return s.clients; }),
    listed<PracticeSummary>("staff", FieldKind::id,
                            [](const PracticeSummary& s) -> FieldValue { return s.staff; }),
    listed<PracticeSummary>(
        "created_at", FieldKind::text,
        [](const PracticeSummary& s) { return value_of(s.practice.created_at); }),
}};

constexpr Fields<StaffListing, 8> k_staff_fields{{
    listed<StaffListing>("id", FieldKind::id,
                         [](const StaffListing& l) -> FieldValue { return l.staff.id; }),
    listed<StaffListing>("email", FieldKind::text,
                         [](const StaffListing& l) { return value_of(l.staff.email); }),
    listed<StaffListing>("name", FieldKind::text,
                         [](const StaffListing& l) { return value_of(l.staff.name); }),
    listed<StaffListing>("role", FieldKind::choice,
                         [](const StaffListing& l) { return value_of(l.staff.role); }),
    listed<StaffListing>("practice", FieldKind::optional_text,
                         [](const StaffListing& l) { return value_of(l.practice); }),
    listed<StaffListing>("created_at", FieldKind::text,
                         [](const StaffListing& l) { return value_of(l.staff.created_at); }),
    listed<StaffListing>("status", FieldKind::choice,
                         [](const StaffListing& l) { return value_of(l.staff.status); }),
    listed<StaffListing>("db_role", FieldKind::optional_text,
                         [](const StaffListing& l) { return value_of(l.staff.db_role); }),
}};

constexpr Fields<AccessGrant, 6> k_grant_fields{{
    listed<AccessGrant>("staff_id", FieldKind::id,
                        [](const AccessGrant& g) -> FieldValue { return g.staff_id; }),
    listed<AccessGrant>("staff", FieldKind::text,
                        [](const AccessGrant& g) { return value_of(g.staff_email); }),
    listed<AccessGrant>("client_id", FieldKind::id,
                        [](const AccessGrant& g) -> FieldValue { return g.client_id; }),
    listed<AccessGrant>("client", FieldKind::text,
                        [](const AccessGrant& g) { return value_of(g.client); }),
    listed<AccessGrant>("granted_at", FieldKind::text,
                        [](const AccessGrant& g) { return value_of(g.granted_at); }),
    listed<AccessGrant>("until", FieldKind::optional_text,
                        [](const AccessGrant& g) { return value_of(g.until); }),
}};

constexpr Fields<CheckFinding, 3> k_check_fields{{
    listed<CheckFinding>("check", FieldKind::text,
                         [](const CheckFinding& c) { return value_of(c.check); }),
    listed<CheckFinding>("ok", FieldKind::flag,
                         [](const CheckFinding& c) { return value_of(c.ok); }),
    listed<CheckFinding>(
        "detail", FieldKind::optional_text,
        [](const CheckFinding& c) { return c.detail.empty() ? FieldValue() : value_of(c.detail); }),
}};

constexpr Fields<ChainSummary, 3> k_chain_fields{{
    listed<ChainSummary>("chain", FieldKind::text,
                         [](const ChainSummary& c) { return value_of(c.chain); }),
    listed<ChainSummary>("events", FieldKind::id,
                         [](const ChainSummary& c) -> FieldValue { return c.events; }),
    listed<ChainSummary>("head", FieldKind::text,
                         [](const ChainSummary& c) { return value_of(c.head); }),
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
  const auto& detail = std::get<nlohmann::ordered_json>(record[field(k_audit_fields, "detail")]);
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
  record_into(k_user_fields, listing, record);
}

const Layout& client_layout() {
  const auto& f = k_client_fields;
  static const Layout result = layout_of(f, {{"ID", field(f, "id")},
                                             {"NAME", field(f, "name")},
                                             {"PRACTICE", field(f, "practice")},
                                             {"PROFESSIONAL", field(f, "professional")},
                                             {"OWNER", field(f, "owner")},
                                             {"ACTIVE", field(f, "active_users")},
                                             {"PENDING", field(f, "pending_users")},
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

// With --dry-run, every row says so: "dry_run": true after the fields above. A batch across
// client accounts (users offboard) adds `client` after them, so that the columns of the
// other mutation rows keep their places.
const Layout& result_layout(bool dry_run, bool with_client) {
  const auto& f = k_result_fields;
  static const Layout applied = layout_of(f, {{"ID", field(f, "id")},
                                              {"NAME", field(f, "name")},
                                              {"ACTION", field(f, "action")},
                                              {"RESULT", field(f, "result")},
                                              {"REASON", field(f, "reason")}});
  static const auto variant = [](bool planned, bool client) {
    Layout made = applied;
    if (client) {
      made.keys.emplace_back("client");
      made.table.insert(made.table.begin() + 2, TableColumn{"CLIENT", k_result_fields.size()});
    }
    if (planned) {
      made.keys.emplace_back("dry_run");
    }
    return made;
  };
  static const Layout layouts[2][2] = {{applied, variant(false, true)},
                                       {variant(true, false), variant(true, true)}};
  return layouts[dry_run ? 1 : 0][with_client ? 1 : 0];
}

Record result_record(const ItemReport& item, bool dry_run) {
  Record record;
  result_record_into(item, dry_run, false, record);
  return record;
}

void result_record_into(const ItemReport& item, bool dry_run, bool with_client, Record& record) {
  record_into(k_result_fields, item, record);
  if (with_client) {
    record.emplace_back(item.client ? Cell(std::string_view(*item.client)) : Cell());
  }
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
                                             {"GRANTED AT", field(f, "granted_at")},
                                             {"UNTIL", field(f, "until")}});
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

const Layout& chain_layout() {
  const auto& f = k_chain_fields;
  static const Layout result = layout_of(
      f,
      {{"CHAIN", field(f, "chain")}, {"EVENTS", field(f, "events")}, {"HEAD", field(f, "head")}});
  return result;
}

Record chain_record(const ChainSummary& chain) {
  return record_of(k_chain_fields, chain);
}

} // namespace acctctl
