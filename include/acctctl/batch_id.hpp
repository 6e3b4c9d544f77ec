#pragma once

#include <string>

namespace acctctl {

// A new command run's batch (SPEC §4): a UUIDv7 (RFC 9562), its time the wall clock's and its
// 74 other bits from the kernel's random source, so runs on different hosts never share one
// and batches sort by when they started.
std::string new_batch_id();

} // namespace acctctl
