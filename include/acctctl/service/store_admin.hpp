#pragma once

#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "acctctl/service/session.hpp"

// The store as a whole: init, check, export, import.
namespace acctctl {

struct InitRequest {
  std::optional<std::string> support_email; // required while the store has no support staff
  std::optional<std::string> support_name;  // defaults to the email
};

struct InitReport {
  StoreInfo info;
  std::optional<Staff> support_added;
};

// `store` was opened for init (created or upgraded); adds the first support staff member.
InitReport initialize_store(Store& store, const Clock& clock, const InitRequest& request);

struct CheckReport {
  StoreInfo info;
  std::vector<CheckFinding> findings;
};

CheckReport check_store(Session& session);

// Support only: the whole store as one versioned JSON document.
void export_store(Session& session, std::ostream& out);

struct ImportReport {
  std::size_t practices = 0, staff = 0, clients = 0, users = 0, documents = 0, audit = 0;
};

// Support only: replaces the whole store with the export read from `in`, in one transaction.
// The document is read and checked first (exit 2 if it is not a valid, consistent export);
// `source` names it in messages.
ImportReport import_store(Session& session, std::istream& in, std::string_view source);

} // namespace acctctl
