#pragma once

#include <string>
#include <string_view>

namespace acctctl {

// `text` as a JSON string literal, appended to `out`: nlohmann's bytes (ensure_ascii off,
// invalid UTF-8 replaced), without its DOM. For valid UTF-8 these are RFC 8785 §3.2.2.2's
// escapes: `\"`, `\\`, `\b \f \n \r \t`, other control characters as `\u00xx`.
void append_json_string(std::string& out, std::string_view text);

} // namespace acctctl
