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

// A concurrent transaction got in the way (a serialisation failure, a deadlock, or a unique
// index that another writer filled first): nothing was written, and planning again against
// the new state may succeed. Batches retry a few times, then exit 6.
class ConflictError : public Error {
public:
  explicit ConflictError(const std::string& message) : Error(ExitCode::busy, message) {}
};

inline int to_int(ExitCode code) {
  return static_cast<int>(code);
}

} // namespace acctctl
