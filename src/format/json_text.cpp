#include "json_text.hpp"

#include <fmt/format.h>

#include "acctctl/overloaded.hpp"
#include "acctctl/utf8.hpp"
#include "cells.hpp"

namespace acctctl::format {
namespace {

void newline(std::string& out, int indent, int level) {
  out += '\n';
  out.append(static_cast<std::size_t>(indent) * static_cast<std::size_t>(level), ' ');
}

template <typename Items>
void append_list(std::string& out, const Items& items, int indent, int level) {
  if (items.empty()) {
    out += "[]";
    return;
  }
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    if (indent >= 0) {
      newline(out, indent, level + 1);
    }
    append_json_string(out, items[i]);
  }
  if (indent >= 0) {
    newline(out, indent, level);
  }
  out += ']';
}

// An object cell (audit detail): rare and nested, so nlohmann writes it, re-indented.
void append_object(std::string& out, const nlohmann::ordered_json& value, int indent, int level) {
  const std::string text = value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
  for (const char c : text) {
    out += c;
    if (c == '\n') {
      out.append(static_cast<std::size_t>(indent) * static_cast<std::size_t>(level), ' ');
    }
  }
}

void append_cell(std::string& out, const Cell& cell, int indent, int level) {
  std::visit(
      Overloaded{
          [&](std::monostate) { out += "null"; },
          [&](bool value) { out += value ? "true" : "false"; },
          [&](std::int64_t value) {
            const fmt::format_int digits(value);
            out.append(digits.data(), digits.size());
          },
          [&](const std::string& value) { append_json_string(out, value); },
          [&](std::string_view value) { append_json_string(out, value); },
          [&](const std::vector<std::string>& value) { append_list(out, value, indent, level); },
          [&](const PermissionSet& value) { append_list(out, value.name_views(), indent, level); },
          [&](const nlohmann::ordered_json& value) { append_object(out, value, indent, level); },
      },
      cell);
}

} // namespace

} // namespace acctctl::format

namespace acctctl::format {

void append_json_record(std::string& out, const Layout& layout, const Record& record, int indent,
                        int level) {
  const std::size_t count = std::min(layout.keys.size(), record.size());
  if (count == 0) {
    out += "{}";
    return;
  }
  out += '{';
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) {
      out += ',';
    }
    if (indent >= 0) {
      newline(out, indent, level + 1);
    }
    append_json_string(out, layout.keys[i]);
    out += indent >= 0 ? ": " : ":";
    append_cell(out, record[i], indent, level + 1);
  }
  if (indent >= 0) {
    newline(out, indent, level);
  }
  out += '}';
}

} // namespace acctctl::format
