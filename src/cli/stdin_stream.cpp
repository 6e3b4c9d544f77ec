#include "stdin_stream.hpp"

#include <cerrno>
#include <unistd.h>

#include "acctctl/interrupt.hpp"

namespace acctctl::cli {

StdinBuffer::int_type StdinBuffer::underflow() {
  while (true) {
    const ssize_t got = ::read(STDIN_FILENO, m_block.data(), m_block.size());
    if (got > 0) {
      setg(m_block.data(), m_block.data(), m_block.data() + got);
      return traits_type::to_int_type(m_block.front());
    }
    // A signal ends the read (no SA_RESTART); the command stops at its next check.
    if (got == 0 || errno != EINTR || pending_interrupt() != 0) {
      return traits_type::eof();
    }
  }
}

} // namespace acctctl::cli
