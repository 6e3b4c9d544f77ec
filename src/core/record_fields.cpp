#include "acctctl/fields/user_fields.hpp"

#include "acctctl/values.hpp"

namespace acctctl {
namespace field_checks {

std::string name(std::string_view key, std::string_view text) {
  return check_name(key, text);
}

std::string email(std::string_view key, std::string_view text) {
  return check_email(key, text);
}

std::string username(std::string_view /*key*/, std::string_view text) {
  return check_username(text);
}

} // namespace field_checks

UserFieldMask changed_fields(const ClientUser& before, const ClientUser& after) {
  UserFieldMask changed = 0;
  for (const UserField& field : k_user_field_table) {
    if (field.mask != 0 && field.get(before) != field.get(after)) {
      changed |= field.mask;
    }
  }
  return changed;
}

} // namespace acctctl
