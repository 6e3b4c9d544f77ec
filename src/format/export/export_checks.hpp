#pragma once

#include "acctctl/store/snapshot.hpp"

namespace acctctl {

// The checks of an export across its rows: unique ids and keys per section, references
// between sections, and the invariants R2, R9 and R14 over the whole document. Throws
// Error(usage) naming the first row at fault ("users[3]: …").
void check_export_consistency(const Snapshot& snapshot);

} // namespace acctctl
