#pragma once

#include <vector>

#include "acctctl/model.hpp"

namespace acctctl {

// The whole content of a store, ids included: what `export` writes and `import` reads.
struct Snapshot {
  std::vector<Practice> practices;
  std::vector<Staff> staff;
  std::vector<AccessGrant> access;
  std::vector<ClientAccount> clients;
  std::vector<ClientUser> users;
  std::vector<Document> documents;
  std::vector<AuditEvent> audit;

  // Every row, for an import's progress.
  std::size_t rows() const {
    return practices.size() + staff.size() + access.size() + clients.size() + users.size() +
           documents.size() + audit.size();
  }
};

} // namespace acctctl
