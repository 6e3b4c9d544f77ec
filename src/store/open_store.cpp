// The store factory: the engine is chosen by the location's form (SPEC.md §6).
#include "acctctl/store.hpp"
#include "store/engines.hpp"

namespace acctctl {

std::unique_ptr<Store> open_store(const std::string& location, OpenPurpose purpose,
                                  const StoreOptions& options) {
  check_location_form(location);
  if (is_postgres_url(location)) {
    return open_postgres_store(location, purpose, options);
  }
  return open_sqlite_store(location, purpose, options);
}

} // namespace acctctl
