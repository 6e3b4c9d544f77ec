#include "acctctl/user_fields.hpp"

#include "acctctl/values.hpp"

namespace acctctl {
namespace user_field_access {

std::string check_name_text(std::string_view key, std::string_view text) {
  return check_name(key, text);
}

std::string check_email_text(std::string_view key, std::string_view text) {
  return check_email(key, text);
}

std::string check_username_text(std::string_view /*key*/, std::string_view text) {
  return check_username(text);
}

} // namespace user_field_access

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
