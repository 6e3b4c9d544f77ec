#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include <utf8proc.h>

// Text as bytes: UTF-8 decoding and validity, the byte order mark, ASCII case.
namespace acctctl {

// U+FEFF as UTF-8: a file may start with it (a CSV from a spreadsheet), and a CSV field that
// starts with it is quoted so that no reader drops it.
inline constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

// Whether every byte of `text` is ASCII: nearly every email and username, which then skip the
// Unicode tables.
inline bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; });
}

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

inline bool is_valid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto length = static_cast<utf8proc_ssize_t>(text.size());
  while (length > 0) {
    if (*bytes < 0x80) { // the common case: ASCII, a byte at a time
      ++bytes;
      --length;
      continue;
    }
    utf8proc_int32_t code_point = 0;
    const utf8proc_ssize_t used = utf8proc_iterate(bytes, length, &code_point);
    if (used <= 0) {
      return false;
    }
    bytes += used;
    length -= used;
  }
  return true;
}

// A-Z to a-z, every other byte as it is: for keywords (CSV headers, yes/no answers) and the
// ASCII fast path of case folding.
inline void lowercase_ascii_in_place(std::string& text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
}
inline std::string lowercase_ascii(std::string_view text) {
  std::string result(text);
  lowercase_ascii_in_place(result);
  return result;
}

} // namespace acctctl
