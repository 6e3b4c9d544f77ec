#include "cells.hpp"

#include <fmt/format.h>

namespace acctctl::format {
namespace {

template <typename... Handlers> struct Overloaded : Handlers... { using Handlers::operator()...; };
template <typename... Handlers> Overloaded(Handlers...) -> Overloaded<Handlers...>;

} // namespace

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

std::string plain_text(const Cell& cell) {
  std::string text;
  append_plain_text(text, cell);
  return text;
}

} // namespace acctctl::format
