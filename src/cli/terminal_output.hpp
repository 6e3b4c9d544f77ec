#pragma once

#include <streambuf>
#include <string>

#include "acctctl/format/writers.hpp"

namespace acctctl::cli {

// stdout when it is a terminal (SPEC.md §4): each line is passed through terminal_safe, so
// stored escape sequences, C1 controls and bidi overrides are shown escaped in every format,
// while a pipe or a file still gets the bytes exactly. Lines are held until their end, so
// that a character is never split across two writes.
class TerminalSafeBuffer final : public std::streambuf {
public:
  explicit TerminalSafeBuffer(std::streambuf* target) : m_target(target) {}
  ~TerminalSafeBuffer() override { sync(); }
  TerminalSafeBuffer(const TerminalSafeBuffer&) = delete;
  TerminalSafeBuffer& operator=(const TerminalSafeBuffer&) = delete;

protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) {
      return traits_type::not_eof(c);
    }
    m_line += traits_type::to_char_type(c);
    if (c == '\n') {
      pass_on();
    }
    return c;
  }

  std::streamsize xsputn(const char* text, std::streamsize count) override {
    for (std::streamsize i = 0; i < count; ++i) {
      overflow(traits_type::to_int_type(text[i]));
    }
    return count;
  }

  int sync() override {
    pass_on();
    return m_target->pubsync();
  }

private:
  void pass_on() {
    if (!m_line.empty()) {
      const std::string safe = terminal_safe(m_line);
      m_target->sputn(safe.data(), static_cast<std::streamsize>(safe.size()));
      m_line.clear();
    }
  }

  std::streambuf* m_target;
  std::string m_line;
};

} // namespace acctctl::cli
