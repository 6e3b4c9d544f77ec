#pragma once

#include <string>

namespace acctctl::cli {

// Overwrites, in this process's own argv, a --db value (`--db VALUE` or `--db=VALUE`) that
// holds a password, as the mysql client does with -p: from then on ps and /proc/PID/cmdline
// show the URL masked. Returns whether it overwrote one. Call it once CLI11 has copied argv.
bool hide_store_password(int argc, char** argv, const std::string& db);

} // namespace acctctl::cli
