// JSON string literals, written once: the output writers, `export` and the audit chain's
// canonical JSON (SPEC §4.1) must agree byte for byte.
#include "acctctl/json_string.hpp"

#include <iterator>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "acctctl/utf8.hpp"

namespace acctctl {

void append_json_string(std::string& out, std::string_view text) {
  if (!is_valid_utf8(text)) { // stored bytes that are not UTF-8: nlohmann's replacement rules
    out += nlohmann::ordered_json(std::string(text))
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  std::size_t plain = 0; // the start of a run that needs no escape, copied in one go
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') {
      continue;
    }
    out.append(text.substr(plain, i - plain));
    plain = i + 1;
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
    }
  }
  out.append(text.substr(plain));
  out += '"';
}

} // namespace acctctl
