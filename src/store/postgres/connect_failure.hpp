#pragma once

#include <string>
#include <string_view>

// Why libpq could not connect, read from its message, and whether trying again may help
// (issue 26): a server that is down, restarting, failing over or read-only is a moment's
// state; a refused login, a missing database or an unknown host name is not.
namespace acctctl::postgres {

struct ConnectFailure {
  // One line per host tried (a multi-host URL tries each in turn), joined with "; "; libpq's
  // indented hints ("Is the server running…?") left out.
  std::string reason;
  bool transient = false; // every host failed for a reason that passes
};

ConnectFailure read_connect_failure(std::string_view libpq_message);

} // namespace acctctl::postgres
