#include "acctctl/change_set.hpp"

namespace acctctl {

UserFieldMask changed_fields(const ClientUser& before, const ClientUser& after) {
  UserFieldMask changed = 0;
  const auto note = [&](bool differs, UserFieldMask field) {
    if (differs) {
      changed |= field;
    }
  };
  note(before.name != after.name, user_field::name);
  note(before.email != after.email, user_field::email);
  note(before.username != after.username, user_field::username);
  note(before.role != after.role, user_field::role);
  note(before.permissions != after.permissions, user_field::permissions);
  note(before.login_access != after.login_access, user_field::login_access);
  note(before.status != after.status || before.deactivated_at != after.deactivated_at,
       user_field::status);
  note(before.is_owner != after.is_owner, user_field::owner);
  note(before.is_alert_recipient != after.is_alert_recipient, user_field::alert_recipient);
  return changed;
}

} // namespace acctctl
