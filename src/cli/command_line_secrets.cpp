#include "command_line_secrets.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

#include "acctctl/store.hpp"

namespace acctctl::cli {
namespace {

// In place and to the byte: argv's strings are what the kernel shows, and may not grow. A
// shorter text is padded with spaces, a longer one cut: either way none of the password.
void overwrite(char* value, std::string_view with) {
  const std::size_t size = std::strlen(value);
  const std::size_t kept = std::min(size, with.size());
  std::memcpy(value, with.data(), kept);
  std::memset(value + kept, ' ', size - kept);
}

} // namespace

bool hide_store_password(int argc, char** argv, const std::string& db) {
  // Every copy: --db may be given twice with the one value.
  const std::string with_equals = "--db=" + db;
  std::vector<char*> copies;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--db" && i + 1 < argc && argv[i + 1] == db) {
      copies.push_back(argv[i + 1]);
    } else if (argv[i] == with_equals) {
      copies.push_back(argv[i] + std::strlen("--db="));
    }
  }
  if (copies.empty()) {
    return false; // from ACCTCTL_DB: the environment is not in ps
  }
  const auto hidden = location_for_everyone(db);
  if (!hidden) {
    return false;
  }
  for (char* copy : copies) {
    overwrite(copy, *hidden);
  }
  return true;
}

} // namespace acctctl::cli
