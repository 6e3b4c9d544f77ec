#pragma once

namespace acctctl::cli {

// SIGINT and SIGTERM stop the command at its next check point (interrupt.hpp): a prompt's
// read returns, a running statement is interrupted, the transaction rolls back.
void install_signal_handlers();

} // namespace acctctl::cli
