#pragma once

#include <array>
#include <istream>
#include <streambuf>

// Standard input read in 64 KiB blocks. std::cin, kept in step with C stdio, reads one
// character at a time (getc, then ungetc): 100,000 references from a pipe took 60 ms that way.
namespace acctctl::cli {

class StdinBuffer final : public std::streambuf {
protected:
  int_type underflow() override;

private:
  std::array<char, 1 << 16> m_block{};
};

// An istream over its own StdinBuffer. Read stdin through one of these at a time.
class StdinStream final : public std::istream {
public:
  StdinStream() : std::istream(&m_buffer) {}

private:
  StdinBuffer m_buffer;
};

} // namespace acctctl::cli
