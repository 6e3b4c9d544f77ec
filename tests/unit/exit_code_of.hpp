#pragma once

#include <functional>
#include <string>

#include "acctctl/error.hpp"

namespace acctctl::testing {

// The exit code `action` fails with (Error's), or success if it does not throw; `message`
// gets the error's text.
inline ExitCode exit_code_of(const std::function<void()>& action, std::string* message = nullptr) {
  try {
    action();
  } catch (const Error& error) {
    if (message != nullptr) {
      *message = error.what();
    }
    return error.code();
  }
  return ExitCode::success;
}

} // namespace acctctl::testing
