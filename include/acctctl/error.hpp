#pragma once

#include <stdexcept>
#include <string>

namespace acctctl {

// SPEC.md §5: the one place that names the exit statuses.
enum class ExitCode : int {
  success = 0,
  store_error = 1,
  usage = 2,
  not_found = 3,
  refused = 4,
  denied = 5,
  busy = 6,
  interrupted = 130,
  terminated = 143,
};

// A failure that ends the command. Thrown anywhere below the CLI, caught once in main, which
// prints `acctctl: error: <message>` and exits with `code`. RAII rolls back on the way out.
class Error : public std::runtime_error {
public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
  ExitCode code() const noexcept { return m_code; }

private:
  ExitCode m_code;
};

inline int to_int(ExitCode code) {
  return static_cast<int>(code);
}

} // namespace acctctl
