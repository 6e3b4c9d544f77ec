#pragma once

#include <array>

#include "acctctl/fields/record_fields.hpp"

// The fields of the other stored records, described once (record_fields.hpp): the export's
// rows, import's checks, the output records that show them as stored, and both stores'
// columns come from these tables. A user's are in user_fields.hpp.
namespace acctctl {

inline constexpr std::array k_practice_field_table{
    field_of<&Practice::id>("id"),
    field_of<&Practice::name>("name").folded_into("name_key").checked_by(&field_checks::name),
    field_of<&Practice::created_at>("created_at"),
};

inline constexpr std::array k_staff_field_table{
    field_of<&Staff::id>("id"),
    field_of<&Staff::email>("email").folded_into("email_key").checked_by(&field_checks::email),
    field_of<&Staff::name>("name").checked_by(&field_checks::name),
    field_of<&Staff::role>("role"),
    field_of<&Staff::practice_id>("practice_id"),
    field_of<&Staff::created_at>("created_at"),
    field_of<&Staff::status>("status"),
    field_of<&Staff::db_role>("db_role"),
};

inline constexpr std::array k_grant_field_table{
    field_of<&AccessGrant::staff_id>("staff_id"),
    field_of<&AccessGrant::client_id>("client_id"),
    field_of<&AccessGrant::granted_at>("granted_at"),
    field_of<&AccessGrant::until>("until").checked_by(&field_checks::utc_time),
};

inline constexpr std::array k_client_field_table{
    field_of<&ClientAccount::id>("id"),
    field_of<&ClientAccount::practice_id>("practice_id"),
    field_of<&ClientAccount::name>("name").folded_into("name_key").checked_by(&field_checks::name),
    field_of<&ClientAccount::contact_email>("contact_email").checked_by(&field_checks::email),
    field_of<&ClientAccount::professional_id>("professional_id"),
    field_of<&ClientAccount::created_at>("created_at"),
};

inline constexpr std::array k_document_field_table{
    field_of<&Document::id>("id"),
    field_of<&Document::client_id>("client_id"),
    field_of<&Document::title>("title").checked_by(&field_checks::name),
    field_of<&Document::submitted_by_id>("submitted_by_id"),
    field_of<&Document::submitted_by>("submitted_by"),
    field_of<&Document::submitted_at>("submitted_at"),
};

inline constexpr std::array k_audit_field_table{
    field_of<&AuditEvent::id>("id"),
    field_of<&AuditEvent::at>("at"),
    field_of<&AuditEvent::actor>("actor"),
    field_of<&AuditEvent::action>("action"),
    field_of<&AuditEvent::practice_id>("practice_id"),
    field_of<&AuditEvent::client_id>("client_id"),
    field_of<&AuditEvent::client>("client"),
    field_of<&AuditEvent::user_id>("user_id"),
    field_of<&AuditEvent::user>("user"),
    field_of<&AuditEvent::detail_json>("detail").as(FieldKind::object),
    field_of<&AuditEvent::connected_as>("connected_as"),
    field_of<&AuditEvent::batch>("batch"),
    field_of<&AuditEvent::hash>("hash"),
};

} // namespace acctctl
