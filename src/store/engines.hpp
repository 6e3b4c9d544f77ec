#pragma once

// The engines behind open_store(): private to src/store and its tests.

#include <memory>
#include <string>
#include <string_view>

#include "acctctl/store.hpp"

namespace acctctl {

using SqliteOptions = StoreOptions;

// Opens the SQLite store at `path` (":memory:" for a private in-memory store, as tests use).
std::unique_ptr<Store> open_sqlite_store(const std::string& path, OpenPurpose purpose,
                                         const SqliteOptions& options = {});

// Whether the linked SQLite has the fix for the WAL-reset corruption race (3.51.3, 3.50.7,
// 3.44.6): only then may a store use WAL; otherwise it keeps the rollback journal.
bool sqlite_wal_is_safe(int sqlite_version_number);

// Opens the PostgreSQL store at `url` (postgres/open.cpp).
std::unique_ptr<Store> open_postgres_store(const std::string& url, OpenPurpose purpose,
                                           const StoreOptions& options = {});
// Whether `location` is a PostgreSQL URL (location.cpp).
bool is_postgres_url(std::string_view location);
// libpq's reading of a URL or keyword/value string (postgres/conninfo.cpp): the URL with its
// passwords as *** (Error(usage) when libpq cannot read it), and whether the text may hold a
// password (also when libpq cannot read it, or misreads a password as a host or database).
std::string shown_postgres_url(const std::string& url);
bool may_hold_password(const std::string& conninfo);

} // namespace acctctl
