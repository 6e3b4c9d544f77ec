#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <variant>

#include "acctctl/model.hpp"

// A client user's fields, described once. Output records, export and import, both stores'
// columns and statements, the update masks and the audit detail all walk this one table, so
// a new field is a line here plus its column in each schema.
namespace acctctl {

// Which fields an update of a user changes, as bits: a store may write only those columns (an
// UPDATE that sets an indexed column rewrites that index's entry, changed or not).
using UserFieldMask = std::uint16_t;
namespace user_field {
inline constexpr UserFieldMask name = 1U << 0U;
inline constexpr UserFieldMask email = 1U << 1U;
inline constexpr UserFieldMask username = 1U << 2U;
inline constexpr UserFieldMask role = 1U << 3U;
inline constexpr UserFieldMask permissions = 1U << 4U;
inline constexpr UserFieldMask login_access = 1U << 5U;
inline constexpr UserFieldMask status = 1U << 6U; // with deactivated_at
inline constexpr UserFieldMask owner = 1U << 7U;
inline constexpr UserFieldMask alert_recipient = 1U << 8U;
inline constexpr UserFieldMask all = (1U << 9U) - 1U;
} // namespace user_field

// One field's value, borrowing the user's text: null, a flag, a number, text or permissions.
using FieldValue =
    std::variant<std::monostate, bool, std::int64_t, std::string_view, PermissionSet>;

// What a field holds, and so how a store column or a JSON member carries it.
enum class FieldKind {
  id,            // a positive integer; null before the store gives one
  text,          // never null
  optional_text, // text or null
  choice,        // the name of an enum value (role, status)
  flag,          // true or false
  permissions,   // a set of permission names
};

struct UserField {
  std::string_view key;        // JSON key, TSV/CSV column and audit detail key: "owner"
  std::string_view column;     // the stores' column: "is_owner"
  std::string_view key_column; // its case-folded twin that look-ups use, or ""
  FieldKind kind;
  UserFieldMask mask; // the update bit that writes it; 0: set once, at insert
  bool audited;       // compared in a user's audit detail
  // A value rule that import applies to text (values.hpp), or null.
  std::string (*check)(std::string_view key, std::string_view text);
  FieldValue (*get)(const ClientUser& user);
  // False when `value` does not fit the field (another type, an unknown name).
  bool (*set)(ClientUser& user, const FieldValue& value);
};

namespace user_field_access {

template <typename T> const T* as(const FieldValue& value) {
  return std::get_if<T>(&value);
}

inline bool assign(std::string& into, const FieldValue& value) {
  const auto* text = as<std::string_view>(value);
  if (text != nullptr) {
    into.assign(*text);
  }
  return text != nullptr;
}

inline bool assign(std::optional<std::string>& into, const FieldValue& value) {
  if (std::holds_alternative<std::monostate>(value)) {
    into.reset();
    return true;
  }
  if (into) {
    return assign(*into, value); // a reused row keeps its buffer
  }
  return assign(into.emplace(), value);
}

template <typename T> bool assign(T& into, const FieldValue& value) {
  const auto* found = as<T>(value);
  if (found != nullptr) {
    into = *found;
  }
  return found != nullptr;
}

template <typename Enum>
bool assign_choice(Enum& into, const FieldValue& value,
                   std::optional<Enum> (*parse)(std::string_view)) {
  const auto* text = as<std::string_view>(value);
  const auto parsed = text != nullptr ? parse(*text) : std::nullopt;
  if (parsed) {
    into = *parsed;
  }
  return parsed.has_value();
}

inline FieldValue text(const std::string& value) {
  return std::string_view(value);
}

inline FieldValue text(const std::optional<std::string>& value) {
  return value ? FieldValue(std::string_view(*value)) : FieldValue();
}

std::string check_name_text(std::string_view key, std::string_view text);
std::string check_email_text(std::string_view key, std::string_view text);
std::string check_username_text(std::string_view key, std::string_view text);

} // namespace user_field_access

// clang-format off
inline constexpr std::array<UserField, 13> k_user_field_table{{
    {"id", "id", "", FieldKind::id, 0, false, nullptr,
     [](const ClientUser& u) { return u.id == 0 ? FieldValue() : FieldValue(u.id); },
     [](ClientUser& u, const FieldValue& v) { return user_field_access::assign(u.id, v); }},
    {"client_id", "client_id", "", FieldKind::id, 0, false, nullptr,
     [](const ClientUser& u) { return FieldValue(u.client_id); },
     [](ClientUser& u, const FieldValue& v) { return user_field_access::assign(u.client_id, v); }},
    {"name", "name", "name_key", FieldKind::text, user_field::name, true,
     &user_field_access::check_name_text,
     [](const ClientUser& u) { return user_field_access::text(u.name); },
     [](ClientUser& u, const FieldValue& v) { return user_field_access::assign(u.name, v); }},
    {"email", "email", "email_key", FieldKind::optional_text, user_field::email, true,
     &user_field_access::check_email_text,
     [](const ClientUser& u) { return user_field_access::text(u.email); },
     [](ClientUser& u, const FieldValue& v) { return user_field_access::assign(u.email, v); }},
    {"username", "username", "username_key", FieldKind::optional_text, user_field::username, true,
     &user_field_access::check_username_text,
     [](const ClientUser& u) { return user_field_access::text(u.username); },
     [](ClientUser& u, const FieldValue& v) { return user_field_access::assign(u.username, v); }},
    {"role", "role", "", FieldKind::choice, user_field::role, true, nullptr,
     [](const ClientUser& u) { return FieldValue(to_string(u.role)); },
     [](ClientUser& u, const FieldValue& v) {
       return user_field_access::assign_choice(u.role, v, &parse_role);
     }},
    {"permissions", "permissions", "", FieldKind::permissions, user_field::permissions, true,
     nullptr,
     [](const ClientUser& u) { return FieldValue(u.permissions); },
     [](ClientUser& u, const FieldValue& v) { return user_field_access::assign(u.permissions, v); }},
    {"login_access", "login_access", "", FieldKind::flag, user_field::login_access, true, nullptr,
     [](const ClientUser& u) { return FieldValue(u.login_access); },
     [](ClientUser& u, const FieldValue& v) {
       return user_field_access::assign(u.login_access, v);
     }},
    {"status", "status", "", FieldKind::choice, user_field::status, true, nullptr,
     [](const ClientUser& u) { return FieldValue(to_string(u.status)); },
     [](ClientUser& u, const FieldValue& v) {
       return user_field_access::assign_choice(u.status, v, &parse_user_status);
     }},
    {"owner", "is_owner", "", FieldKind::flag, user_field::owner, true, nullptr,
     [](const ClientUser& u) { return FieldValue(u.is_owner); },
     [](ClientUser& u, const FieldValue& v) { return user_field_access::assign(u.is_owner, v); }},
    {"alert_recipient", "is_alert_recipient", "", FieldKind::flag, user_field::alert_recipient,
     true, nullptr,
     [](const ClientUser& u) { return FieldValue(u.is_alert_recipient); },
     [](ClientUser& u, const FieldValue& v) {
       return user_field_access::assign(u.is_alert_recipient, v);
     }},
    {"created_at", "created_at", "", FieldKind::text, 0, false, nullptr,
     [](const ClientUser& u) { return user_field_access::text(u.created_at); },
     [](ClientUser& u, const FieldValue& v) { return user_field_access::assign(u.created_at, v); }},
    {"deactivated_at", "deactivated_at", "", FieldKind::optional_text, user_field::status, false,
     nullptr,
     [](const ClientUser& u) { return user_field_access::text(u.deactivated_at); },
     [](ClientUser& u, const FieldValue& v) {
       return user_field_access::assign(u.deactivated_at, v);
     }},
}};
// clang-format on

// The position of the field named `key`; a key that is not there does not compile.
consteval std::size_t user_field_index(std::string_view key) {
  for (std::size_t i = 0; i < k_user_field_table.size(); ++i) {
    if (k_user_field_table[i].key == key) {
      return i;
    }
  }
  throw "no user field with this key";
}

// The fields whose values differ between two versions of a user, as update bits.
UserFieldMask changed_fields(const ClientUser& before, const ClientUser& after);

} // namespace acctctl
