#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "acctctl/model.hpp"

// A stored record's fields, each described once: the key that names it in output, exports
// and audit details, its store column, its kind, and how it is read from and written to the
// domain object. Output, export and import, and both stores' SQL walk these tables
// (user_fields.hpp, account_fields.hpp) instead of listing the fields again.
namespace acctctl {

// Which fields an update of a user changes, as bits: a store may write only those columns (an
// UPDATE that sets an indexed column rewrites that index's entry, changed or not).
using UserFieldMask = std::uint16_t;

// One field's value, borrowing the record's text: null, a flag, a number, text or permissions.
using FieldValue =
    std::variant<std::monostate, bool, std::int64_t, std::string_view, PermissionSet>;

// What a field holds, and so how a store column or a JSON member carries it.
enum class FieldKind {
  id,            // a positive integer; null (0) before the store numbers the row
  optional_id,   // a positive integer or null
  text,          // never null
  optional_text, // text or null
  choice,        // the name of an enum value (role, status)
  flag,          // true or false
  permissions,   // a set of permission names
  object,        // a JSON object, kept as its text (an audit event's detail)
};

namespace field_access {

inline FieldValue value_of(std::int64_t id) {
  return id == 0 ? FieldValue() : FieldValue(id);
}
inline FieldValue value_of(const std::optional<std::int64_t>& id) {
  return id ? value_of(*id) : FieldValue();
}
inline FieldValue value_of(bool flag) {
  return flag;
}
inline FieldValue value_of(const std::string& text) {
  return std::string_view(text);
}
inline FieldValue value_of(const std::optional<std::string>& text) {
  return text ? FieldValue(std::string_view(*text)) : FieldValue();
}
inline FieldValue value_of(const PermissionSet& permissions) {
  return permissions;
}
template <typename Enum>
requires std::is_enum_v<Enum> FieldValue value_of(Enum value) {
  return to_string(value);
}

template <typename T> bool assign_alternative(T& into, const FieldValue& value) {
  const T* found = std::get_if<T>(&value);
  if (found != nullptr) {
    into = *found;
  }
  return found != nullptr;
}

inline bool assign(std::int64_t& into, const FieldValue& value) {
  return assign_alternative(into, value);
}
inline bool assign(bool& into, const FieldValue& value) {
  return assign_alternative(into, value);
}
inline bool assign(PermissionSet& into, const FieldValue& value) {
  return assign_alternative(into, value);
}
inline bool assign(std::string& into, const FieldValue& value) {
  const auto* text = std::get_if<std::string_view>(&value);
  if (text != nullptr) {
    into.assign(*text); // a reused row keeps its buffer
  }
  return text != nullptr;
}
template <typename T> bool assign(std::optional<T>& into, const FieldValue& value) {
  if (std::holds_alternative<std::monostate>(value)) {
    into.reset();
    return true;
  }
  if (into) {
    return assign(*into, value);
  }
  return assign(into.emplace(), value);
}

inline std::optional<Role> parse(std::string_view text, Role* /*tag*/) {
  return parse_role(text);
}
inline std::optional<UserStatus> parse(std::string_view text, UserStatus* /*tag*/) {
  return parse_user_status(text);
}
inline std::optional<StaffRole> parse(std::string_view text, StaffRole* /*tag*/) {
  return parse_staff_role(text);
}
inline std::optional<StaffStatus> parse(std::string_view text, StaffStatus* /*tag*/) {
  return parse_staff_status(text);
}
template <typename Enum>
requires std::is_enum_v<Enum>
bool assign(Enum& into, const FieldValue& value) {
  const auto* text = std::get_if<std::string_view>(&value);
  const auto parsed = text != nullptr ? parse(*text, static_cast<Enum*>(nullptr)) : std::nullopt;
  if (parsed) {
    into = *parsed;
  }
  return parsed.has_value();
}

template <typename T> constexpr FieldKind kind_of() {
  if constexpr (std::is_same_v<T, std::int64_t>) {
    return FieldKind::id;
  } else if constexpr (std::is_same_v<T, std::optional<std::int64_t>>) {
    return FieldKind::optional_id;
  } else if constexpr (std::is_same_v<T, std::string>) {
    return FieldKind::text;
  } else if constexpr (std::is_same_v<T, std::optional<std::string>>) {
    return FieldKind::optional_text;
  } else if constexpr (std::is_same_v<T, bool>) {
    return FieldKind::flag;
  } else if constexpr (std::is_same_v<T, PermissionSet>) {
    return FieldKind::permissions;
  } else {
    static_assert(std::is_enum_v<T>, "a field of a type that no FieldKind carries");
    return FieldKind::choice;
  }
}

template <typename Row, typename T> Row row_of(T Row::*);
template <typename Row, typename T> T type_of(T Row::*);

template <auto Member> FieldValue get(const decltype(row_of(Member))& row) {
  return value_of(row.*Member);
}
template <auto Member> bool set(decltype(row_of(Member))& row, const FieldValue& value) {
  return assign(row.*Member, value);
}

} // namespace field_access

template <typename Row> struct RecordField {
  std::string_view key;        // JSON key, TSV/CSV column and audit detail key: "owner"
  std::string_view column;     // the stores' column: "is_owner"
  std::string_view key_column; // its case-folded twin that look-ups use, or ""
  FieldKind kind;
  std::string_view skeleton_column = {}; // its confusable skeleton, which R14 compares, or ""
  // A user's update bit that writes it, numbered by with_update_bits; 0: set once, at insert.
  UserFieldMask mask = 0;
  // The field whose update bit writes it: its own key (updated()), another's (updated_with),
  // or "" for a field set once, at insert.
  std::string_view update_group = {};
  bool audited = false;                // compared in a user's audit detail
  std::string_view roster_column = {}; // its column in a users CSV (SPEC.md §3), or ""
  // The names a choice field takes, for a message that lists them; or null.
  std::vector<std::string> (*choices)() = nullptr;
  // A value rule (values.hpp) that import applies to the text, or null.
  std::string (*check)(std::string_view key, std::string_view text) = nullptr;
  FieldValue (*get)(const Row& row) = nullptr;
  // False when `value` does not fit the field (another type, an unknown name).
  bool (*set)(Row& row, const FieldValue& value) = nullptr;

  constexpr RecordField stored_as(std::string_view name) const {
    RecordField copy = *this;
    copy.column = name;
    return copy;
  }
  constexpr RecordField folded_into(std::string_view name) const {
    RecordField copy = *this;
    copy.key_column = name;
    return copy;
  }
  constexpr RecordField skeleton_into(std::string_view name) const {
    RecordField copy = *this;
    copy.skeleton_column = name;
    return copy;
  }
  constexpr RecordField as(FieldKind other) const {
    RecordField copy = *this;
    copy.kind = other;
    return copy;
  }
  // Written by an update that changes it, with an update bit of its own.
  constexpr RecordField updated() const { return updated_with(key); }
  // Written by the update bit of the field `group` (deactivated_at goes with status).
  constexpr RecordField updated_with(std::string_view group) const {
    RecordField copy = *this;
    copy.update_group = group;
    return copy;
  }
  constexpr RecordField in_audit_detail() const {
    RecordField copy = *this;
    copy.audited = true;
    return copy;
  }
  constexpr RecordField in_roster() const { return in_roster_as(key); }
  constexpr RecordField in_roster_as(std::string_view column_name) const {
    RecordField copy = *this;
    copy.roster_column = column_name;
    return copy;
  }
  constexpr RecordField choosing_from(std::vector<std::string> (*names)()) const {
    RecordField copy = *this;
    copy.choices = names;
    return copy;
  }
  constexpr RecordField checked_by(std::string (*rule)(std::string_view, std::string_view)) const {
    RecordField copy = *this;
    copy.check = rule;
    return copy;
  }
};

// The field of `Member` under `key`, stored in a column of the same name; its kind follows
// the member's type.
template <auto Member> constexpr auto field_of(std::string_view key) {
  using Row = decltype(field_access::row_of(Member));
  using T = decltype(field_access::type_of(Member));
  RecordField<Row> result{key, key, "", field_access::kind_of<T>()};
  result.get = &field_access::get<Member>;
  result.set = &field_access::set<Member>;
  return result;
}

// The position of the field named `key`; a key that is not there does not compile.
template <typename Table>
consteval std::size_t field_index(const Table& table, std::string_view key) {
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].key == key) {
      return i;
    }
  }
  throw "no field with this key";
}

// `table` with its update bits numbered: one bit per updated() field, in table order, which
// the fields updated_with it share.
template <typename Row, std::size_t Count>
consteval std::array<RecordField<Row>, Count>
with_update_bits(std::array<RecordField<Row>, Count> table) {
  UserFieldMask next = 1;
  for (RecordField<Row>& field : table) {
    if (field.update_group == field.key) {
      field.mask = next;
      next = static_cast<UserFieldMask>(next << 1U);
    }
  }
  for (RecordField<Row>& field : table) {
    if (!field.update_group.empty() && field.update_group != field.key) {
      field.mask = table[field_index(table, field.update_group)].mask;
      if (field.mask == 0) {
        throw "updated_with a field that is not updated()";
      }
    }
  }
  return table;
}

// Value rules for import, by a field's key.
namespace field_checks {
std::string name(std::string_view key, std::string_view text);
std::string email(std::string_view key, std::string_view text);
std::string username(std::string_view key, std::string_view text);
// A stored time: canonical UTC text, "2026-12-31T17:00:00Z" (clock.hpp).
std::string utc_time(std::string_view key, std::string_view text);
} // namespace field_checks

} // namespace acctctl
