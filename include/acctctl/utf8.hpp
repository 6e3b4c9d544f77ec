#pragma once

#include <cstdint>
#include <string_view>

#include <utf8proc.h>

namespace acctctl {

// Calls `visit(code_point, bytes)` for each UTF-8 character of `text`, in order; an invalid
// byte comes as code point -1 with that one byte. Stops early when `visit` returns false.
template <typename Visit> void for_each_code_point(std::string_view text, Visit visit) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  const auto length = static_cast<utf8proc_ssize_t>(text.size());
  utf8proc_ssize_t offset = 0;
  while (offset < length) {
    utf8proc_int32_t code_point = 0;
    utf8proc_ssize_t used = utf8proc_iterate(bytes + offset, length - offset, &code_point);
    if (used <= 0) {
      code_point = -1;
      used = 1;
    }
    if (!visit(static_cast<std::int32_t>(code_point),
               text.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(used)))) {
      return;
    }
    offset += used;
  }
}

} // namespace acctctl
