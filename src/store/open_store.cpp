// The store factory: the engine is chosen by the location's form (SPEC.md §6).
#include "acctctl/sqlite_store.hpp"
#include "acctctl/store.hpp"
#include "postgres/pq.hpp"

namespace acctctl {

std::unique_ptr<Store> open_store(const std::string& location, OpenPurpose purpose,
                                  const StoreOptions& options) {
  if (postgres::is_postgres_url(location)) {
    return open_postgres_store(location, purpose, options);
  }
  return open_sqlite_store(location, purpose, options);
}

std::string shown_location(const std::string& location) {
  return postgres::is_postgres_url(location) ? postgres::mask_password(location) : location;
}

} // namespace acctctl
