#pragma once

#include <array>

#include "acctctl/fields/record_fields.hpp"

// A client user's fields, described once (record_fields.hpp). Output records (JSON, TSV and
// CSV keys), export and import, both stores' columns and statements, the update bits, the
// audit detail and the test that an edit of each field is seen (test_user_change.cpp) all walk
// this table.
//
// A new user field touches exactly:
//   1. its member in ClientUser (acctctl/model.hpp);
//   2. its line here: .updated() if updates write it, .in_audit_detail() if the trail shows
//      it, .checked_by() for import's value rule, .stored_as()/.folded_into() for its column;
//   3. its column in both schemas, with a migration for existing stores
//      (src/store/sqlite/schema.cpp, src/store/postgres/schema.cpp).
// and, only when the field is more than stored and shown:
//   4. set by users edit: a member of UserChange and its line in change_user
//      (acctctl/user_change.hpp, src/core/user_change.cpp), and the option
//      (src/cli/users_commands.cpp);
//   5. given when a user is added (users add, portal add, a roster row): a member of NewUser
//      (acctctl/model.hpp), its line in change_of(NewUser) (src/core/user_change.cpp) and
//      users add's option (src/cli/users_commands.cpp);
//      a roster column besides: .in_roster() here (the reader walks the table), its line in
//      row_of (src/format/roster_csv.cpp) and in sync's change_of (src/service/sync_plan.cpp);
//   6. a column of the table view: src/format/records.cpp (JSON, TSV and CSV have it already);
//   7. import reads every key of the table, so exports made before it need k_export_version
//      raised and the old version read with a default (src/format/export/).
namespace acctctl {

using UserField = RecordField<ClientUser>;

inline constexpr auto k_user_field_table = with_update_bits(std::array{
    field_of<&ClientUser::id>("id"),
    field_of<&ClientUser::client_id>("client_id"),
    field_of<&ClientUser::name>("name")
        .folded_into("name_key")
        .updated()
        .in_roster()
        .in_audit_detail()
        .checked_by(&field_checks::name),
    field_of<&ClientUser::email>("email")
        .folded_into("email_key")
        .updated()
        .in_roster()
        .in_audit_detail()
        .checked_by(&field_checks::email),
    field_of<&ClientUser::username>("username")
        .folded_into("username_key")
        .skeleton_into("username_skeleton")
        .updated()
        .in_roster()
        .in_audit_detail()
        .checked_by(&field_checks::username),
    field_of<&ClientUser::role>("role").updated().in_audit_detail().in_roster().choosing_from(
        &role_names),
    field_of<&ClientUser::permissions>("permissions").updated().in_audit_detail().in_roster(),
    field_of<&ClientUser::login_access>("login_access")
        .updated()
        .in_audit_detail()
        .in_roster_as("login"),
    field_of<&ClientUser::status>("status").updated().in_audit_detail(),
    field_of<&ClientUser::is_owner>("owner").stored_as("is_owner").updated().in_audit_detail(),
    field_of<&ClientUser::is_alert_recipient>("alert_recipient")
        .stored_as("is_alert_recipient")
        .updated()
        .in_audit_detail(),
    field_of<&ClientUser::created_at>("created_at"),
    field_of<&ClientUser::deactivated_at>("deactivated_at").updated_with("status"),
    // Last, so that TSV and CSV columns of earlier versions keep their places (SPEC §4).
    field_of<&ClientUser::starts_at>("starts_at")
        .updated()
        .in_audit_detail()
        .in_roster_as("start")
        .checked_by(&field_checks::utc_time),
    field_of<&ClientUser::ends_at>("ends_at")
        .updated()
        .in_audit_detail()
        .in_roster_as("end")
        .checked_by(&field_checks::utc_time),
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
inline constexpr UserFieldMask k_all = [] {
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
