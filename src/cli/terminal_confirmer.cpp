#include "terminal_confirmer.hpp"

#include <cerrno>
#include <unistd.h>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/format/writers.hpp"
#include "acctctl/interrupt.hpp"
#include "acctctl/utf8.hpp"
#include "acctctl/values.hpp"

namespace acctctl::cli {
namespace {

constexpr std::size_t k_listed = 20;

bool typed_confirmation(const Plan& plan) {
  return plan.confirmation == Confirmation::typed_delete;
}

// "deactivate 2 users", "transfer ownership", "sync" (whose tally says the rest)
std::string what_happens(const Plan& plan) {
  if (plan.action == "transfer-ownership") {
    return "transfer ownership";
  }
  if (!plan.tally.empty()) {
    return plan.action;
  }
  const std::size_t changes = plan.changes();
  return fmt::format("{} {}", plan.action, counted(changes, "user", "users"));
}

void print_summary(const Plan& plan, std::ostream& err) {
  const std::size_t changes = plan.changes();
  if (plan.tally.empty()) {
    err << fmt::format("acctctl: about to {} of {}:\n", what_happens(plan),
                       printable(plan.subject));
  } else {
    err << fmt::format("acctctl: about to {} {}: {}:\n", what_happens(plan),
                       printable(plan.subject), plan.tally);
  }
  std::size_t listed = 0;
  for (const PlannedItem& item : plan.items) {
    if (!item.decision.applies()) {
      continue;
    }
    if (++listed > k_listed) {
      err << fmt::format("  … and {} more\n", changes - k_listed);
      break;
    }
    std::vector<std::string> about;
    if (item.id) {
      about.push_back(fmt::format("id {}", *item.id));
    }
    if (item.email) {
      about.push_back(*item.email);
    }
    err << fmt::format("  {} ({}) {}\n", printable(item.name),
                       printable(fmt::format("{}", fmt::join(about, ", "))), item.consequence);
  }
  for (const PlannedItem& item : plan.items) {
    for (const std::string& warning : item.warnings) {
      err << fmt::format("  note: {}\n", printable(warning));
    }
  }
}

} // namespace

std::optional<std::string> read_answer() {
  std::string line;
  char c = 0;
  while (true) {
    const ssize_t got = read(STDIN_FILENO, &c, 1);
    if (got < 0 && errno == EINTR) {
      throw_if_interrupted();
      continue;
    }
    if (got <= 0) {
      return line.empty() ? std::nullopt : std::optional<std::string>(line);
    }
    if (c == '\n') {
      return line;
    }
    line += c;
  }
}

bool TerminalConfirmer::confirm(const Plan& plan) {
  if (m_yes) {
    return true;
  }
  if (!m_stdin_is_terminal) {
    throw Error(ExitCode::usage,
                fmt::format("{} needs confirmation and stdin is not a terminal: pass --yes to "
                            "confirm (or --dry-run to see the plan); nothing changed",
                            plan.action));
  }
  print_summary(plan, m_err);
  if (typed_confirmation(plan)) {
    m_err << "This cannot be undone. Type \"delete\" to confirm: ";
  } else {
    std::string question = what_happens(plan);
    question[0] = static_cast<char>(question[0] - 'a' + 'A');
    m_err << question << "? [y/N] ";
  }
  m_err.flush();
  std::optional<std::string> answer = read_answer();
  throw_if_interrupted();
  if (answer && !answer->empty() && answer->back() == '\r') {
    answer->pop_back();
  }
  if (!answer) {
    m_err << '\n';
    return false;
  }
  if (typed_confirmation(plan)) {
    return *answer == "delete";
  }
  const std::string reply = lowercase_ascii(*answer);
  return reply == "y" || reply == "yes";
}

} // namespace acctctl::cli
