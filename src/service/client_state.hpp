#pragma once

#include <string_view>
#include <unordered_map>

#include "acctctl/service/batch.hpp"
#include "acctctl/service/session.hpp"
#include "service/user_index.hpp"

namespace acctctl {

// A client account as a batch plans against it: the account, its users and how many
// documents each submitted.
struct ClientContext {
  ClientAccount client;
  ClientUsers users;
  std::unordered_map<Id, std::int64_t> documents;

  std::string subject() const;
};

// Whether a client's context counts each user's documents, for summaries that show them.
enum class DocumentCounts { load, skip };

// R1 first (exit 5), then the users, and their documents when `documents` says so.
ClientContext load_client_context(Session& session, const Staff& actor, std::string_view client_ref,
                                  DocumentCounts documents);
// The user `item.ref` names: the item is then about it (id, name, email, documents), or, when
// nothing matches, not_found and null. An ambiguous reference throws Error(usage) listing
// the candidates.
const ClientUser* resolve_item(const ClientContext& context, PlannedItem& item);

// The one user `ref` names in the client; throws not found (3) or ambiguous (2).
const ClientUser& resolve_user(const ClientContext& context, std::string_view ref);

// The one user `ref` names among every client the actor reaches (no --client): not found (3),
// ambiguous across clients (2), or only in clients the actor may not access (5).
UserListing find_reachable_user(Session& session, const Staff& actor, std::string_view ref);

// Where a batch over a client's users happens, for summaries and errors: "client Acme Ltd".
std::string client_subject(const ClientAccount& client);

// Error(usage) for a reference that names several users of `client`, listing them in id
// order, whichever engine or index found them.
[[noreturn]] void throw_ambiguous_user(std::string_view ref, const ClientAccount& client,
                                       std::vector<const ClientUser*> matches);
// What a USER may be given as, for suggestions: the user's username and email.
void add_references(const ClientUser& user, std::vector<std::string>& references);
// "no user "ref" in client C", with the closest of `references` (SPEC §4).
std::string no_user_reason(std::string_view ref, const ClientAccount& client,
                           const std::vector<std::string>& references);

// R10's summary lines: what deactivating or removing a user with `documents` means.
std::string deactivation_consequence(std::int64_t documents);
std::string removal_consequence(std::int64_t documents);

} // namespace acctctl
