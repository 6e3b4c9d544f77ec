#include "cells.hpp"

#include <fmt/format.h>

#include "acctctl/overloaded.hpp"

namespace acctctl::format {
namespace {

template <typename Items> void append_joined(std::string& out, const Items& items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    out += items[i];
  }
}

} // namespace

std::optional<std::string_view> text_of(const Cell& cell) {
  if (const auto* owned = std::get_if<std::string>(&cell)) {
    return *owned;
  }
  if (const auto* borrowed = std::get_if<std::string_view>(&cell)) {
    return *borrowed;
  }
  return std::nullopt;
}

void append_plain_text(std::string& out, const Cell& cell) {
  std::visit(Overloaded{
                 [](std::monostate) {},
                 [&](bool value) { out += value ? "yes" : "no"; },
                 [&](std::int64_t value) {
                   const fmt::format_int digits(value);
                   out.append(digits.data(), digits.size());
                 },
                 [&](const std::string& value) { out += value; },
                 [&](std::string_view value) { out += value; },
                 [&](const std::vector<std::string>& value) { append_joined(out, value); },
                 [&](const PermissionSet& value) { out += permission_list_text(value); },
                 [&](const nlohmann::ordered_json& value) { out += value.dump(); },
             },
             cell);
}

std::string plain_text(const Cell& cell) {
  std::string text;
  append_plain_text(text, cell);
  return text;
}

} // namespace acctctl::format
