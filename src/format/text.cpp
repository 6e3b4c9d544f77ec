// Display width and terminal-safe text.
#include <fmt/format.h>
#include <utf8proc.h>

#include "acctctl/format/writers.hpp"
#include "acctctl/utf8.hpp"

namespace acctctl {
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for_each_code_point(text, [&](std::int32_t code_point, std::string_view) {
    width += code_point < 0 ? 1 : static_cast<std::size_t>(utf8proc_charwidth(code_point));
    return true;
  });
  return width;
}

std::string fit_width(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) {
    return std::string(text);
  }
  constexpr std::string_view k_ellipsis = "…";
  std::string result;
  std::size_t used = 0;
  for_each_code_point(text, [&](std::int32_t code_point, std::string_view bytes) {
    const auto columns =
        code_point < 0 ? 1 : static_cast<std::size_t>(utf8proc_charwidth(code_point));
    if (used + columns + 1 > width) { // keep a column for the ellipsis
      return false;
    }
    used += columns;
    result += bytes; // combining marks (0 columns) stay with the character before them
    return true;
  });
  if (width > 0) {
    result += k_ellipsis;
  }
  return result;
}

namespace {

// Characters that show nothing or reorder the text around them (category Cf: U+200B, U+00AD,
// U+FEFF, bidi embeddings, overrides, isolates and marks): shown on a terminal they can make a
// line read differently from what it holds (SPEC §4).
bool is_invisible_format(std::int32_t code_point) {
  return code_point >= 0xA0 && utf8proc_category(code_point) == UTF8PROC_CATEGORY_CF;
}

bool is_control(std::int32_t code_point) {
  return code_point < 0x20 || (code_point >= 0x7F && code_point < 0xA0);
}

} // namespace

std::string terminal_safe(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  std::size_t offset = 0;
  for_each_code_point(text, [&](std::int32_t code_point, std::string_view bytes) {
    offset += bytes.size();
    const bool line_end = code_point == '\n' || code_point == '\t' ||
                          (code_point == '\r' && offset < text.size() && text[offset] == '\n');
    // The layout's own separators pass, and so do invalid bytes: they cannot steer a terminal.
    const bool shown_as_is = line_end || code_point < 0;
    if (!shown_as_is && (code_point < 0x20 || code_point == 0x7F)) {
      result += fmt::format("\\x{:02x}", code_point);
    } else if (!shown_as_is && (is_control(code_point) || is_invisible_format(code_point))) {
      // \u, which JSON reads too, so that JSON on a terminal stays valid JSON.
      result += fmt::format("\\u{:04x}", code_point);
    } else {
      result += bytes;
    }
    return true;
  });
  return result;
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
    } else if (is_control(code_point)) {
      result += fmt::format("\\x{:02x}", code_point);
    } else if (is_invisible_format(code_point)) {
      result += fmt::format("\\u{:04x}", code_point);
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
