#include "acctctl/model.hpp"

#include <algorithm>
#include <bitset>
#include <memory>

namespace acctctl {
namespace {

// One name table per enum, so that to_string and parse cannot disagree.
template <typename Enum, std::size_t N> struct NameTable {
  std::array<std::pair<Enum, std::string_view>, N> entries;

  std::string_view name(Enum value) const {
    const auto* found = std::find_if(entries.begin(), entries.end(),
                                     [&](const auto& entry) { return entry.first == value; });
    return found == entries.end() ? std::string_view{"?"} : found->second;
  }

  std::optional<Enum> parse(std::string_view text) const {
    const auto* found = std::find_if(entries.begin(), entries.end(),
                                     [&](const auto& entry) { return entry.second == text; });
    if (found == entries.end()) {
      return std::nullopt;
    }
    return found->first;
  }

  std::vector<std::string> names() const {
    std::vector<std::string> result;
    for (const auto& entry : entries) {
      result.emplace_back(entry.second);
    }
    return result;
  }
};

constexpr NameTable<Role, 4> k_role_names{{{
    {Role::admin, "admin"},
    {Role::standard, "standard"},
    {Role::submitter, "submitter"},
    {Role::viewer, "viewer"},
}}};

constexpr NameTable<Permission, 8> k_permission_names{{{
    {Permission::submit_documents, "submit-documents"},
    {Permission::view_documents, "view-documents"},
    {Permission::export_data, "export"},
    {Permission::manage_users, "manage-users"},
    {Permission::manage_settings, "manage-settings"},
    {Permission::view_invoices, "view-invoices"},
    {Permission::pay_invoices, "pay-invoices"},
    {Permission::messaging, "messaging"},
}}};

constexpr NameTable<UserStatus, 3> k_status_names{{{
    {UserStatus::active, "active"},
    {UserStatus::deactivated, "deactivated"},
    {UserStatus::pending, "pending"},
}}};

constexpr NameTable<StaffStatus, 2> k_staff_status_names{{{
    {StaffStatus::active, "active"},
    {StaffStatus::deactivated, "deactivated"},
}}};

constexpr NameTable<StaffRole, 3> k_staff_role_names{{{
    {StaffRole::support, "support"},
    {StaffRole::admin, "admin"},
    {StaffRole::member, "member"},
}}};

} // namespace

std::string_view to_string(Role role) {
  return k_role_names.name(role);
}
std::string_view to_string(Permission permission) {
  return k_permission_names.name(permission);
}
std::string_view to_string(UserStatus status) {
  return k_status_names.name(status);
}
std::string_view to_string(StaffRole role) {
  return k_staff_role_names.name(role);
}
std::string_view to_string(StaffStatus status) {
  return k_staff_status_names.name(status);
}

std::optional<Role> parse_role(std::string_view text) {
  return k_role_names.parse(text);
}
std::optional<Permission> parse_permission(std::string_view text) {
  return k_permission_names.parse(text);
}
std::optional<UserStatus> parse_user_status(std::string_view text) {
  return k_status_names.parse(text);
}
std::optional<StaffRole> parse_staff_role(std::string_view text) {
  return k_staff_role_names.parse(text);
}
std::optional<StaffStatus> parse_staff_status(std::string_view text) {
  return k_staff_status_names.parse(text);
}

std::vector<std::string> role_names() {
  return k_role_names.names();
}
std::vector<std::string> permission_names() {
  return k_permission_names.names();
}

PermissionSet::PermissionSet(std::initializer_list<Permission> permissions) {
  for (const Permission permission : permissions) {
    insert(permission);
  }
}

namespace {

constexpr std::size_t k_permission_sets = std::size_t{1} << k_permissions.size();

// A set's bits are then its index: bit i is k_permissions[i].
constexpr bool canonical_order_is_enum_order() {
  for (std::size_t i = 0; i < k_permissions.size(); ++i) {
    if (static_cast<std::size_t>(k_permissions.at(i)) != i) {
      return false;
    }
  }
  return true;
}
static_assert(canonical_order_is_enum_order());

// Each set's names and stored text, made the first time the set is asked for: a listing or a
// batch asks for the same few sets once a row, a small command for one or two.
class PermissionTexts {
public:
  const std::vector<std::string_view>& names(std::size_t bits) {
    make(bits);
    return m_names.at(bits);
  }
  const std::string& joined(std::size_t bits) {
    make(bits);
    return m_joined.at(bits);
  }

private:
  void make(std::size_t bits) {
    if (m_made.test(bits)) {
      return;
    }
    for (std::size_t i = 0; i < k_permissions.size(); ++i) {
      if ((bits & (std::size_t{1} << i)) != 0) {
        const std::string_view name = to_string(k_permissions.at(i));
        m_joined.at(bits) += m_joined.at(bits).empty() ? "" : ",";
        m_joined.at(bits) += name;
        m_names.at(bits).push_back(name);
      }
    }
    m_made.set(bits);
  }

  std::bitset<k_permission_sets> m_made;
  std::array<std::vector<std::string_view>, k_permission_sets> m_names;
  std::array<std::string, k_permission_sets> m_joined;
};

PermissionTexts& permission_texts() {
  // On the heap when first asked for: 14 KiB of thread-local storage would be zeroed (and
  // paged in) at the start of every command, listing or not.
  thread_local const std::unique_ptr<PermissionTexts> texts = std::make_unique<PermissionTexts>();
  return *texts;
}

} // namespace

std::vector<std::string> PermissionSet::names() const {
  const std::span<const std::string_view> views = name_views();
  return {views.begin(), views.end()};
}

std::span<const std::string_view> PermissionSet::name_views() const {
  return permission_texts().names(index());
}

std::string_view permission_list_text(const PermissionSet& permissions) {
  return permission_texts().joined(permissions.index());
}

PermissionSet parse_permission_names(std::string_view list, char separator) {
  // A listing parses the same stored text row after row: the last one's set is remembered.
  thread_local std::string last_list;
  thread_local PermissionSet last_set;
  if (separator == ',' && list == last_list && !list.empty()) {
    return last_set;
  }
  const std::string_view whole = list;
  PermissionSet permissions;
  while (!list.empty()) {
    const auto end = list.find(separator);
    if (const auto permission = parse_permission(list.substr(0, end))) {
      permissions.insert(*permission);
    }
    list = end == std::string_view::npos ? std::string_view{} : list.substr(end + 1);
  }
  if (separator == ',') {
    last_list.assign(whole);
    last_set = permissions;
  }
  return permissions;
}

} // namespace acctctl
