#include "signals.hpp"

#include <csignal>

#include "acctctl/interrupt.hpp"

namespace acctctl::cli {
namespace {

extern "C" void on_signal(int signal_number) {
  request_interrupt(signal_number);
}

} // namespace

void install_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = &on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0; // no SA_RESTART: a blocked read must return so the prompt can stop
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

} // namespace acctctl::cli
