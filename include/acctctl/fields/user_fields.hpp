#pragma once

#include <array>

#include "acctctl/fields/record_fields.hpp"

// A client user's fields, described once (record_fields.hpp). Output records, export and
// import, both stores' columns and statements, the update bits and the audit detail all walk
// this table, so a new field is a line here plus its column in each schema.
namespace acctctl {

using UserField = RecordField<ClientUser>;

inline constexpr auto k_user_field_table = with_update_bits(std::array{
    field_of<&ClientUser::id>("id"),
    field_of<&ClientUser::client_id>("client_id"),
    field_of<&ClientUser::name>("name")
        .folded_into("name_key")
        .updated()
        .in_audit_detail()
        .checked_by(&field_checks::name),
    field_of<&ClientUser::email>("email")
        .folded_into("email_key")
        .updated()
        .in_audit_detail()
        .checked_by(&field_checks::email),
    field_of<&ClientUser::username>("username")
        .folded_into("username_key")
        .updated()
        .in_audit_detail()
        .checked_by(&field_checks::username),
    field_of<&ClientUser::role>("role").updated().in_audit_detail(),
    field_of<&ClientUser::permissions>("permissions").updated().in_audit_detail(),
    field_of<&ClientUser::login_access>("login_access").updated().in_audit_detail(),
    field_of<&ClientUser::status>("status").updated().in_audit_detail(),
    field_of<&ClientUser::is_owner>("owner").stored_as("is_owner").updated().in_audit_detail(),
    field_of<&ClientUser::is_alert_recipient>("alert_recipient")
        .stored_as("is_alert_recipient")
        .updated()
        .in_audit_detail(),
    field_of<&ClientUser::created_at>("created_at"),
    field_of<&ClientUser::deactivated_at>("deactivated_at").updated_with("status"),
});

consteval std::size_t user_field_index(std::string_view key) {
  return field_index(k_user_field_table, key);
}

// The update bit that writes the user field `key`.
consteval UserFieldMask user_update_bit(std::string_view key) {
  return k_user_field_table[user_field_index(key)].mask;
}

namespace user_field {
// Every update bit: an update that writes every changeable column.
inline constexpr UserFieldMask all = [] {
  UserFieldMask bits = 0;
  for (const auto& field : k_user_field_table) {
    bits |= field.mask;
  }
  return bits;
}();
} // namespace user_field

// The fields whose values differ between two versions of a user, as update bits.
UserFieldMask changed_fields(const ClientUser& before, const ClientUser& after);

} // namespace acctctl
