#include "acctctl/values.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>
#include <utf8proc.h>

#include "acctctl/error.hpp"
#include "acctctl/lookalike.hpp"
#include "acctctl/utf8.hpp"

namespace acctctl {
namespace {

std::size_t count_code_points(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
      ++count;
    }
  }
  return count;
}

bool has_whitespace_or_control(std::string_view text) {
  if (is_ascii(text)) {
    // Nearly every email: the ASCII spaces and controls (Zs U+0020, Cc U+0000-001F, U+007F)
    // without a Unicode table look-up per character.
    return std::any_of(text.begin(), text.end(), [](char c) { return c <= ' ' || c == '\x7F'; });
  }
  bool found = false;
  for_each_code_point(text, [&](std::int32_t code_point, std::string_view) {
    const utf8proc_category_t category =
        code_point < 0 ? UTF8PROC_CATEGORY_CN : utf8proc_category(code_point);
    found = code_point < 0 || category == UTF8PROC_CATEGORY_ZS ||
            category == UTF8PROC_CATEGORY_ZL || category == UTF8PROC_CATEGORY_ZP ||
            category == UTF8PROC_CATEGORY_CC;
    return !found;
  });
  return found;
}

void check_text(std::string_view what, std::string_view text) {
  if (text.empty()) {
    throw Error(ExitCode::usage, fmt::format("{} is empty", what));
  }
  if (!is_valid_utf8(text)) {
    throw Error(ExitCode::usage, fmt::format("{} is not valid UTF-8", what));
  }
  if (text.find('\0') != std::string_view::npos) {
    throw Error(ExitCode::usage, fmt::format("{} contains a NUL character", what));
  }
}

// SPEC §2: an identity holds no invisible or format character, and no label of it mixes
// scripts (TS #39). `labels_at` are the characters it is cut at: "@." for an email, whose
// parts may each be written in a script of their own.
void check_identity(std::string_view what, std::string_view text, std::string_view labels_at) {
  if (const auto invisible = first_invisible(text)) {
    throw Error(ExitCode::usage,
                fmt::format("{} {} contains an invisible or format character (U+{:04X})", what,
                            in_quotes(text), *invisible));
  }
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find_first_of(labels_at, start), text.size());
    const std::string_view label = text.substr(start, end - start);
    if (mixes_scripts(label)) {
      throw Error(ExitCode::usage,
                  fmt::format("{} {} mixes scripts in {} (Unicode TS #39): write each part in "
                              "one script",
                              what, in_quotes(text), in_quotes(label)));
    }
    start = end + 1;
  }
}

} // namespace

std::string fold_key(std::string_view text) {
  std::string key;
  fold_key_into(text, key);
  return key;
}

void fold_key_into(std::string_view text, std::string& key) {
  // ASCII, nearly every email and username: composition changes nothing and case folding is
  // lowercasing, so the bytes are folded here without utf8proc's allocation and tables.
  if (is_ascii(text)) {
    key.assign(text);
    lowercase_ascii_in_place(key);
    return;
  }
  utf8proc_uint8_t* folded = nullptr;
  const utf8proc_ssize_t length = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
      static_cast<utf8proc_ssize_t>(text.size()), &folded,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
  if (length < 0) {
    // Invalid UTF-8 never reaches here through check_*; compare such text byte for byte.
    key.assign(text);
    return;
  }
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(folded, &std::free);
  key.assign(reinterpret_cast<const char*>(folded), static_cast<std::size_t>(length));
}

bool folds_into_ascii(std::string_view text) {
  if (is_ascii(text)) {
    return false;
  }
  // ASCII folds to ASCII byte for byte, so any ASCII byte more in the key came from a
  // character that was not ASCII.
  const auto ascii_bytes = [](std::string_view s) {
    return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0x80) == 0; });
  };
  return ascii_bytes(fold_key(text)) > ascii_bytes(text);
}

std::optional<std::string> folded(const std::optional<std::string>& text) {
  return text ? std::optional<std::string>(fold_key(*text)) : std::nullopt;
}

std::string check_name(std::string_view what, std::string_view text) {
  check_text(what, text);
  if (count_code_points(text) > k_max_name_chars) {
    throw Error(ExitCode::usage,
                fmt::format("{} is too long: at most {} characters", what, k_max_name_chars));
  }
  return std::string(text);
}

std::string check_email(std::string_view what, std::string_view text) {
  check_text(what, text);
  const auto at = text.rfind('@');
  const bool well_formed = at != std::string_view::npos && at > 0 && at + 1 < text.size() &&
                           !has_whitespace_or_control(text);
  if (!well_formed) {
    throw Error(ExitCode::usage,
                fmt::format("{} {} is not an email: expected local@domain with no spaces", what,
                            in_quotes(text)));
  }
  if (text.size() > k_max_email_bytes) {
    throw Error(ExitCode::usage,
                fmt::format("{} is too long: at most {} bytes", what, k_max_email_bytes));
  }
  check_identity(what, text, "@.");
  return std::string(text);
}

std::string check_username(std::string_view text) {
  check_text("the username", text);
  if (has_whitespace_or_control(text)) {
    throw Error(ExitCode::usage,
                fmt::format("username {} contains spaces or control characters", in_quotes(text)));
  }
  if (text.size() > k_max_email_bytes) {
    throw Error(ExitCode::usage,
                fmt::format("the username is too long: at most {} bytes", k_max_email_bytes));
  }
  check_identity("username", text, "@.");
  return std::string(text);
}

std::optional<Id> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 19) {
    return std::nullopt;
  }
  for (const char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
  }
  Id value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value <= 0) {
    return std::nullopt;
  }
  return value;
}

std::string in_quotes(std::string_view text) {
  std::string result = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      result += '\\';
      result += c;
    } else if (c == '\n') {
      result += "\\n";
    } else if (c == '\t') {
      result += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      result += fmt::format("\\x{:02x}", byte);
    } else {
      result += c;
    }
  }
  result += '"';
  if (!is_valid_utf8(result)) {
    return "(text that is not valid UTF-8)";
  }
  return result;
}

} // namespace acctctl
