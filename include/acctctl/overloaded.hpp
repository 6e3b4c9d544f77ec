#pragma once

namespace acctctl {

// A visitor made of lambdas, one per alternative: std::visit(Overloaded{…}, variant).
template <typename... Handlers> struct Overloaded : Handlers... { using Handlers::operator()...; };
template <typename... Handlers> Overloaded(Handlers...) -> Overloaded<Handlers...>;

} // namespace acctctl
