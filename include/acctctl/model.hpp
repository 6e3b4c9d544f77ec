#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace acctctl {

using Id = std::int64_t;

enum class Role { admin, standard, submitter, viewer };
inline constexpr std::array k_roles = {Role::admin, Role::standard, Role::submitter, Role::viewer};

enum class Permission {
  submit_documents,
  view_documents,
  export_data,
  manage_users,
  manage_settings,
  view_invoices,
  pay_invoices,
  messaging,
};
inline constexpr std::array k_permissions = {
    Permission::submit_documents, Permission::view_documents,  Permission::export_data,
    Permission::manage_users,     Permission::manage_settings, Permission::view_invoices,
    Permission::pay_invoices,     Permission::messaging,
};

// pending: their access starts later (R15, SPEC §3.2); `acctctl due` makes them active.
enum class UserStatus { active, deactivated, pending };
enum class StaffRole { support, admin, member };
enum class StaffStatus { active, deactivated }; // deactivated: left the practice (SPEC §3.3)

std::string_view to_string(Role role);
std::string_view to_string(Permission permission);
std::string_view to_string(UserStatus status);
std::string_view to_string(StaffRole role);
std::string_view to_string(StaffStatus status);
std::optional<Role> parse_role(std::string_view text);
std::optional<Permission> parse_permission(std::string_view text);
std::optional<UserStatus> parse_user_status(std::string_view text);
std::optional<StaffRole> parse_staff_role(std::string_view text);
std::optional<StaffStatus> parse_staff_status(std::string_view text);

std::vector<std::string> role_names();
std::vector<std::string> permission_names();

// A set of permissions; iterates and prints in the canonical order of k_permissions.
class PermissionSet {
public:
  PermissionSet() = default;
  PermissionSet(std::initializer_list<Permission> permissions);

  bool contains(Permission permission) const { return (m_bits & bit(permission)) != 0; }
  void insert(Permission permission) { m_bits |= bit(permission); }
  void erase(Permission permission) { m_bits &= ~bit(permission); }
  bool empty() const { return m_bits == 0; }
  std::size_t index() const { return m_bits; } // a number for each set, below 2^8
  std::vector<std::string> names() const;
  // The names in canonical order, from a table made once per set: no allocation per call;
  // valid while the calling thread lives.
  std::span<const std::string_view> name_views() const;
  bool operator==(const PermissionSet&) const = default;

private:
  static unsigned bit(Permission permission) { return 1U << static_cast<unsigned>(permission); }
  unsigned m_bits = 0;
};

// A stored list, names joined by `separator`; unknown names are skipped (the stores' CHECK
// constraints keep them out).
PermissionSet parse_permission_names(std::string_view list, char separator = ',');
// The stored list: the names joined by ",", in canonical order (from the same table).
std::string_view permission_list_text(const PermissionSet& permissions);

struct Practice {
  Id id = 0;
  std::string name;
  std::string created_at;
};

struct Staff {
  Id id = 0;
  std::string email;
  std::string name;
  StaffRole role = StaffRole::member;
  std::optional<Id> practice_id; // none for support
  std::string created_at;
  StaffStatus status = StaffStatus::active;
  // PostgreSQL: the database role whose sessions act as this staff member (SPEC §6.3).
  std::optional<std::string> db_role;

  bool is_support() const { return role == StaffRole::support; }
};

struct ClientAccount {
  Id id = 0;
  Id practice_id = 0;
  std::string name;
  std::optional<std::string> contact_email;
  std::optional<Id> professional_id;
  std::string created_at;
};

struct ClientUser {
  Id id = 0;
  Id client_id = 0;
  std::string name;
  std::optional<std::string> email;
  std::optional<std::string> username; // set exactly when login_access
  Role role = Role::standard;
  PermissionSet permissions;
  bool login_access = true;
  UserStatus status = UserStatus::active;
  bool is_owner = false;
  bool is_alert_recipient = false;
  std::string created_at;
  std::optional<std::string> deactivated_at;
  // R15: when access starts and ends (SPEC §3.2), canonical UTC text; none when not scheduled.
  std::optional<std::string> starts_at;
  std::optional<std::string> ends_at;

  bool operator==(const ClientUser&) const = default;

  bool is_active() const { return status == UserStatus::active; }
  bool is_pending() const { return status == UserStatus::pending; }
};

struct Document {
  Id id = 0;
  Id client_id = 0;
  std::string title;
  std::optional<Id> submitted_by_id; // none once the submitter is removed (R6)
  std::string submitted_by;          // the submitter's name, kept after removal
  std::string submitted_at;
};

struct AuditEvent {
  Id id = 0;
  std::string at;
  std::string actor; // staff email
  std::string action;
  std::optional<Id> practice_id;
  std::optional<Id> client_id;
  std::optional<std::string> client; // names as they were when the event happened
  std::optional<Id> user_id;
  std::optional<std::string> user;
  std::string detail_json = "{}";
  // Who the store saw (SPEC §6.3): the PostgreSQL session role, or the operating-system user
  // on SQLite. None for events written before acctctl kept it (schema 4).
  std::optional<std::string> connected_as;
  // One command run's events share it (a UUIDv7). None for events written before schema 4.
  std::optional<std::string> batch;
  std::string hash; // the chain's (audit_chain.hpp, SPEC §4.1)
};

// Rows of listings: an entity with the names of what it refers to.
struct UserListing {
  ClientUser user;
  std::string client;
};

struct ClientSummary {
  ClientAccount client;
  std::string practice;
  std::optional<std::string> professional;
  std::optional<std::string> owner;
  std::optional<std::string> alert_recipient;
  std::int64_t active_users = 0;
  std::int64_t deactivated_users = 0;
  std::int64_t documents = 0;
  std::int64_t pending_users = 0;
};

struct PracticeSummary {
  Practice practice;
  std::int64_t clients = 0;
  std::int64_t staff = 0;
};

struct StaffListing {
  Staff staff;
  std::optional<std::string> practice;
};

struct AccessGrant {
  Id staff_id = 0;
  std::string staff_email;
  Id client_id = 0;
  std::string client;
  std::string granted_at;
  std::optional<std::string> until; // the grant ends then (SPEC §3.2); none: it does not end
};

struct DocumentListing {
  Document document;
  std::string client;
};

// Which client accounts an actor reaches, as a filter a store can apply in a query.
struct ClientScope {
  enum class Kind { everything, practice, granted } kind = Kind::everything;
  Id practice_id = 0; // Kind::practice
  Id staff_id = 0;    // Kind::granted
};

// A user to add; values are already checked (values.hpp). Missing role: standard; missing
// permissions: the role's defaults; a login user's username defaults to the email.
struct NewUser {
  std::string name;
  std::optional<std::string> email;
  std::optional<std::string> username;
  std::optional<Role> role;
  std::optional<PermissionSet> permissions;
  bool login_access = true;
  std::optional<std::string> starts_at; // canonical UTC (when.hpp)
  std::optional<std::string> ends_at;
};

} // namespace acctctl
