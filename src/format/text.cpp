// Display width and terminal-safe text.
#include <fmt/format.h>
#include <utf8proc.h>

#include "acctctl/format.hpp"

namespace acctctl {
namespace {

template <typename Visit>
void for_each_code_point(std::string_view text, Visit visit) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  const auto length = static_cast<utf8proc_ssize_t>(text.size());
  utf8proc_ssize_t offset = 0;
  while (offset < length) {
    utf8proc_int32_t code_point = 0;
    utf8proc_ssize_t used = utf8proc_iterate(bytes + offset, length - offset, &code_point);
    if (used <= 0) {
      code_point = -1; // an invalid byte
      used = 1;
    }
    visit(code_point, text.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(used)));
    offset += used;
  }
}

} // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for_each_code_point(text, [&](utf8proc_int32_t code_point, std::string_view) {
    width += code_point < 0 ? 1 : static_cast<std::size_t>(utf8proc_charwidth(code_point));
  });
  return width;
}

std::string printable(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  for_each_code_point(text, [&](utf8proc_int32_t code_point, std::string_view bytes) {
    if (code_point == '\t') {
      result += "\\t";
    } else if (code_point == '\n') {
      result += "\\n";
    } else if (code_point == '\r') {
      result += "\\r";
    } else if (code_point < 0) {
      result += "\uFFFD";
    } else if (code_point < 0x20 || (code_point >= 0x7F && code_point < 0xA0)) {
      result += fmt::format("\\x{:02x}", code_point);
    } else {
      result += bytes;
    }
  });
  return result;
}

std::optional<OutputFormat> parse_output_format(std::string_view text) {
  if (text == "table") {
    return OutputFormat::table;
  }
  if (text == "tsv") {
    return OutputFormat::tsv;
  }
  if (text == "csv") {
    return OutputFormat::csv;
  }
  if (text == "json") {
    return OutputFormat::json;
  }
  if (text == "jsonl") {
    return OutputFormat::jsonl;
  }
  return std::nullopt;
}

} // namespace acctctl
