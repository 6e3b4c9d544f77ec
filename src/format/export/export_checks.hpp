#pragma once

#include <cstdint>

#include "acctctl/store/snapshot.hpp"

namespace acctctl {

// The checks of an export across its rows: unique ids and keys per section, references
// between sections, and the invariants R2, R9 and R14 over the whole document. Throws
// Error(usage) naming the first row at fault ("users[3]: …").
void check_export_consistency(const Snapshot& snapshot);

// SPEC §4.1: an export of version 2 or later must carry audit chains that verify (Error(usage)
// naming the first event that breaks one); one of version 1, made before the chains, has its
// chains computed here, as init computes an older store's. Events end up in id order.
void check_audit_chains(Snapshot& snapshot, std::int64_t export_version);

} // namespace acctctl
