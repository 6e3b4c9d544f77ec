#pragma once

#include <functional>

#include "acctctl/error.hpp"

namespace acctctl::testing {

// The exit code `action` fails with (Error's), or success if it does not throw.
inline ExitCode exit_code_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.code();
  }
  return ExitCode::success;
}

} // namespace acctctl::testing
