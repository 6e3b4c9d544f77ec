#include "acctctl/format/field_json.hpp"

#include <iterator>
#include <type_traits>

#include <fmt/format.h>

#include "acctctl/format/writers.hpp"

namespace acctctl {

void append_json_value(std::string& out, const FieldValue& value, FieldKind kind) {
  if (kind == FieldKind::object) {
    const auto* text = std::get_if<std::string_view>(&value);
    out += stored_object(text != nullptr ? *text : "{}")
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          out += "null";
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          fmt::format_to(std::back_inserter(out), "{}", v);
        } else if constexpr (std::is_same_v<T, std::string_view>) {
          append_json_string(out, v);
        } else {
          out += '[';
          for (const std::string_view name : v.name_views()) {
            if (out.back() != '[') {
              out += ',';
            }
            append_json_string(out, name);
          }
          out += ']';
        }
      },
      value);
}

nlohmann::ordered_json stored_object(std::string_view text) {
  auto object = nlohmann::ordered_json::parse(text, nullptr, false);
  return object.is_discarded() || !object.is_object() ? nlohmann::ordered_json::object() : object;
}

} // namespace acctctl
