#pragma once

#include <ostream>

#include "acctctl/service/batch.hpp"

namespace acctctl::cli {

// R10: a summary on stderr, then `[y/N]` (deactivate, transfer) or typing `delete` (remove),
// read from stdin when it is a terminal; --yes confirms without asking; otherwise exit 2.
class TerminalConfirmer final : public Confirmer {
public:
  TerminalConfirmer(bool yes, bool stdin_is_terminal, std::ostream& err)
      : m_yes(yes), m_stdin_is_terminal(stdin_is_terminal), m_err(err) {}

  bool waits_for_a_person() const override { return !m_yes && m_stdin_is_terminal; }
  bool confirm(const Plan& plan) override;

private:
  bool m_yes;
  bool m_stdin_is_terminal;
  std::ostream& m_err;
};

// A line from stdin without C++ stream buffering, so a signal interrupts the wait (exit
// 130/143); nullopt at end of input.
std::optional<std::string> read_answer();

} // namespace acctctl::cli
