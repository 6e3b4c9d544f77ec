#pragma once

#include <memory>
#include <string>

#include "acctctl/store.hpp"

namespace acctctl {

using SqliteOptions = StoreOptions;

// Opens the SQLite store at `path` (":memory:" for a private in-memory store, as tests use).
std::unique_ptr<Store> open_sqlite_store(const std::string& path, OpenPurpose purpose,
                                         const SqliteOptions& options = {});

// Whether the linked SQLite has the fix for the WAL-reset corruption race (3.51.3, 3.50.7,
// 3.44.6): only then may a store use WAL; otherwise it keeps the rollback journal.
bool sqlite_wal_is_safe(int sqlite_version_number);

} // namespace acctctl
