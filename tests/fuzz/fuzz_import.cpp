// import: any bytes give a checked snapshot or Error(usage), never a crash or another error.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "acctctl/error.hpp"
#include "acctctl/format/export_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    acctctl::read_export(in);
  } catch (const acctctl::Error& error) {
    if (error.code() != acctctl::ExitCode::usage) {
      __builtin_trap();
    }
  }
  return 0;
}
