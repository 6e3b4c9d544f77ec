#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>

namespace acctctl::cli {

// "acctctl: 12000/50000 (24%)" on one stderr line, redrawn at most ten times a second, for
// writes of more than a few thousand items. Only installed when stderr is a terminal.
class ProgressLine {
public:
  static constexpr std::size_t k_threshold = 2000;

  explicit ProgressLine(std::ostream& err) : m_err(&err) {}

  void operator()(std::size_t done, std::size_t total) {
    if (total < k_threshold) {
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - m_last < std::chrono::milliseconds(100)) {
      return;
    }
    m_last = now;
    *m_err << "\racctctl: " << done << '/' << total << " (" << done * 100 / total << "%)";
    if (done == total) {
      *m_err << "\r\x1b[K"; // leave the line clean for the summary
    }
    m_err->flush();
  }

private:
  std::ostream* m_err;
  std::chrono::steady_clock::time_point m_last{};
};

} // namespace acctctl::cli
