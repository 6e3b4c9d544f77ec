#pragma once

namespace acctctl::cli {

// The whole program: parses the command line, runs the command, turns every failure into
// one `acctctl: error: …` line and SPEC.md §5's exit status.
int run(int argc, char** argv);

} // namespace acctctl::cli
