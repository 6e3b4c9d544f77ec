#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "acctctl/service/session.hpp"

namespace acctctl {

struct ClientQuery {
  std::optional<std::string> practice_ref;
  std::optional<std::string> name_contains; // case-insensitive substring, taken literally
};

// Every client account the actor reaches (R1).
void list_clients(Session& session, const ClientQuery& query, const Sink<ClientSummary>& sink);
ClientSummary show_client(Session& session, std::string_view client_ref);

struct NewClient {
  std::string name;
  std::string practice_ref;
  std::optional<std::string> professional_ref; // staff of the same practice (else exit 4)
  std::optional<std::string> contact_email;
};

// Support or any staff of the practice; a member who adds a client is granted access to it.
// Names are unique within a practice, case-insensitively (exit 4).
ClientSummary add_client(Session& session, const NewClient& client);

} // namespace acctctl
