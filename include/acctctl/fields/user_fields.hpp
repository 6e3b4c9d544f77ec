#pragma once

#include <array>

#include "acctctl/fields/record_fields.hpp"

// A client user's fields, described once (record_fields.hpp). Output records, export and
// import, both stores' columns and statements, the update masks and the audit detail all walk
// this table, so a new field is a line here plus its column in each schema.
namespace acctctl {

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

using UserField = RecordField<ClientUser>;

inline constexpr std::array k_user_field_table{
    field_of<&ClientUser::id>("id"),
    field_of<&ClientUser::client_id>("client_id"),
    field_of<&ClientUser::name>("name")
        .folded_into("name_key")
        .changed_by(user_field::name)
        .in_audit_detail()
        .checked_by(&field_checks::name),
    field_of<&ClientUser::email>("email")
        .folded_into("email_key")
        .changed_by(user_field::email)
        .in_audit_detail()
        .checked_by(&field_checks::email),
    field_of<&ClientUser::username>("username")
        .folded_into("username_key")
        .changed_by(user_field::username)
        .in_audit_detail()
        .checked_by(&field_checks::username),
    field_of<&ClientUser::role>("role").changed_by(user_field::role).in_audit_detail(),
    field_of<&ClientUser::permissions>("permissions")
        .changed_by(user_field::permissions)
        .in_audit_detail(),
    field_of<&ClientUser::login_access>("login_access")
        .changed_by(user_field::login_access)
        .in_audit_detail(),
    field_of<&ClientUser::status>("status").changed_by(user_field::status).in_audit_detail(),
    field_of<&ClientUser::is_owner>("owner")
        .stored_as("is_owner")
        .changed_by(user_field::owner)
        .in_audit_detail(),
    field_of<&ClientUser::is_alert_recipient>("alert_recipient")
        .stored_as("is_alert_recipient")
        .changed_by(user_field::alert_recipient)
        .in_audit_detail(),
    field_of<&ClientUser::created_at>("created_at"),
    field_of<&ClientUser::deactivated_at>("deactivated_at").changed_by(user_field::status),
};

consteval std::size_t user_field_index(std::string_view key) {
  return field_index(k_user_field_table, key);
}

// The fields whose values differ between two versions of a user, as update bits.
UserFieldMask changed_fields(const ClientUser& before, const ClientUser& after);

} // namespace acctctl
