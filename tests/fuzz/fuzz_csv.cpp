// The CSV reader and the users file: any bytes give records or Error(usage), never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "acctctl/error.hpp"
#include "acctctl/format/csv.hpp"
#include "acctctl/format/roster_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto records = acctctl::parse_csv(text);
    for (std::size_t i = 1; i < records.size(); ++i) {
      if (records[i].line < records[i - 1].line) {
        __builtin_trap(); // line numbers only grow
      }
    }
  } catch (const acctctl::Error& error) {
    if (error.code() != acctctl::ExitCode::usage) {
      __builtin_trap();
    }
  }
  try {
    acctctl::read_users_csv(text, "2026-12-01T12:00:00Z");
  } catch (const acctctl::Error& error) {
    if (error.code() != acctctl::ExitCode::usage) {
      __builtin_trap();
    }
  }
  return 0;
}
