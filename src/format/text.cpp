// Display width and terminal-safe text.
#include <fmt/format.h>
#include <utf8proc.h>

#include "acctctl/format.hpp"
#include "core/code_points.hpp"

namespace acctctl {
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for_each_code_point(text, [&](std::int32_t code_point, std::string_view) {
    width += code_point < 0 ? 1 : static_cast<std::size_t>(utf8proc_charwidth(code_point));
    return true;
  });
  return width;
}

std::string printable(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  for_each_code_point(text, [&](std::int32_t code_point, std::string_view bytes) {
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
    return true;
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
