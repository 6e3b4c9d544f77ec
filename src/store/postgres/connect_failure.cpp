#include "store/postgres/connect_failure.hpp"

#include <array>

namespace acctctl::postgres {
namespace {

// libpq's and the server's words for a server that is not there yet, or not the primary yet.
constexpr std::array<std::string_view, 13> k_passing = {
    "Connection refused",
    "No such file or directory", // a Unix socket not there: no server on it
    "the database system is starting up",
    "the database system is shutting down",
    "the database system is in recovery mode",
    "the database system is not yet accepting connections",
    "the database system is not accepting connections",
    "server is in hot standby mode", // target_session_attrs=read-write|primary, mid-failover
    "session is read-only",
    "server closed the connection unexpectedly",
    "timeout expired",
    "sorry, too many clients already",
    "No route to host",
};

bool passes(std::string_view line) {
  for (const std::string_view words : k_passing) {
    if (line.find(words) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

} // namespace

ConnectFailure read_connect_failure(std::string_view libpq_message) {
  ConnectFailure failure;
  bool all_pass = true;
  while (!libpq_message.empty()) {
    const std::size_t end = libpq_message.find('\n');
    std::string_view line = libpq_message.substr(0, end);
    libpq_message.remove_prefix(end == std::string_view::npos ? libpq_message.size() : end + 1);
    if (line.empty() || line.front() == '\t' || line.front() == ' ') {
      continue; // a hint under the line before
    }
    if (!failure.reason.empty()) {
      failure.reason += "; ";
    }
    failure.reason += line;
    all_pass = all_pass && passes(line);
  }
  if (failure.reason.empty()) {
    failure.reason = "no reason given";
    all_pass = false;
  }
  failure.transient = all_pass;
  return failure;
}

} // namespace acctctl::postgres
