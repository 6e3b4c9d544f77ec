#include "acctctl/fields/user_fields.hpp"

#include <fmt/format.h>

#include "acctctl/clock.hpp"
#include "acctctl/error.hpp"
#include "acctctl/values.hpp"
#include "acctctl/when.hpp"

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

std::string utc_time(std::string_view key, std::string_view text) {
  const std::optional<std::time_t> seconds = utc_seconds(text);
  if (!seconds || format_utc(*seconds) != text) {
    throw Error(ExitCode::usage, fmt::format("{} is {}, not a UTC time like 2026-12-31T17:00:00Z",
                                             key, in_quotes(text)));
  }
  return std::string(text);
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
