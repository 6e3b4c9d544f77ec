// The store factory: the engine is chosen by the location's form (SPEC.md §6).
#include "acctctl/store.hpp"
#include "store/engines.hpp"

namespace acctctl {

std::unique_ptr<Store> open_store(const std::string& location, OpenPurpose purpose,
                                  const StoreOptions& options) {
  if (is_postgres_url(location)) {
    return open_postgres_store(location, purpose, options);
  }
  return open_sqlite_store(location, purpose, options);
}

bool names_a_server(std::string_view location) {
  return is_postgres_url(location);
}

std::string shown_location(const std::string& location) {
  return is_postgres_url(location) ? mask_password(location) : location;
}

} // namespace acctctl
