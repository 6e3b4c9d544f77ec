#include "cells.hpp"

#include <fmt/format.h>

namespace acctctl::format {
namespace {

template <typename... Handlers> struct Overloaded : Handlers... { using Handlers::operator()...; };
template <typename... Handlers> Overloaded(Handlers...) -> Overloaded<Handlers...>;

} // namespace

std::string plain_text(const Cell& cell) {
  return std::visit(Overloaded{
                        [](std::monostate) { return std::string(); },
                        [](bool value) { return std::string(value ? "yes" : "no"); },
                        [](std::int64_t value) { return std::to_string(value); },
                        [](const std::string& value) { return value; },
                        [](const std::vector<std::string>& value) {
                          return fmt::format("{}", fmt::join(value, ","));
                        },
                        [](const nlohmann::ordered_json& value) { return value.dump(); },
                    },
                    cell);
}

void append_plain_text(std::string& out, const Cell& cell) {
  std::visit(Overloaded{
                 [](std::monostate) {},
                 [&](bool value) { out += value ? "yes" : "no"; },
                 [&](std::int64_t value) { fmt::format_to(std::back_inserter(out), "{}", value); },
                 [&](const std::string& value) { out += value; },
                 [&](const std::vector<std::string>& value) {
                   for (std::size_t i = 0; i < value.size(); ++i) {
                     if (i > 0) {
                       out += ',';
                     }
                     out += value[i];
                   }
                 },
                 [&](const nlohmann::ordered_json& value) { out += value.dump(); },
             },
             cell);
}

nlohmann::ordered_json to_json(const Cell& cell) {
  return std::visit(Overloaded{
                        [](std::monostate) { return nlohmann::ordered_json(nullptr); },
                        [](const auto& value) { return nlohmann::ordered_json(value); },
                    },
                    cell);
}

nlohmann::ordered_json to_json(const Layout& layout, const Record& record) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < layout.keys.size() && i < record.size(); ++i) {
    object[layout.keys[i]] = to_json(record[i]);
  }
  return object;
}

} // namespace acctctl::format
