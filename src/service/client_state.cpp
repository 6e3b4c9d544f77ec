#include "service/client_state.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/suggest.hpp"
#include "acctctl/values.hpp"
#include "service/references.hpp"

namespace acctctl {
namespace {

const ClientUser* find_one(const ClientContext& context, std::string_view ref) {
  const auto matches = context.users.resolve(ref);
  if (matches.size() > 1) {
    throw_ambiguous_user(ref, context.client, matches);
  }
  return matches.empty() ? nullptr : matches.front();
}

std::string not_found_reason(const ClientContext& context, std::string_view ref) {
  std::vector<std::string> references;
  for (const ClientUser* user : context.users.in_id_order()) {
    add_references(*user, references);
  }
  return no_user_reason(ref, context.client, references);
}

} // namespace

std::string client_subject(const ClientAccount& client) {
  return fmt::format("client {}", client.name);
}

void throw_ambiguous_user(std::string_view ref, const ClientAccount& client,
                          std::vector<const ClientUser*> matches) {
  std::sort(matches.begin(), matches.end(),
            [](const ClientUser* a, const ClientUser* b) { return a->id < b->id; });
  std::vector<std::string> names;
  names.reserve(matches.size());
  for (const ClientUser* user : matches) {
    names.push_back(fmt::format("{} (id {})", user->name, user->id));
  }
  throw Error(ExitCode::usage,
              fmt::format("user {} is ambiguous in client {}: it matches {}; use an id",
                          in_quotes(ref), client.name, fmt::join(names, ", ")));
}

void add_references(const ClientUser& user, std::vector<std::string>& references) {
  for (const auto& text : {user.username, user.email}) {
    if (text) {
      references.push_back(*text);
    }
  }
}

std::string no_user_reason(std::string_view ref, const ClientAccount& client,
                           const std::vector<std::string>& references) {
  return fmt::format("no user {} in client {}{}", in_quotes(ref), client.name,
                     did_you_mean(ref, references));
}

std::string ClientContext::subject() const {
  return client_subject(client);
}

ClientContext load_client_context(Session& session, const Staff& actor, std::string_view client_ref,
                                  DocumentCounts documents) {
  ClientContext context;
  context.client = resolve_client(session, actor, client_ref);
  session.store.lock_client(context.client.id);
  context.users = ClientUsers(session.store.load_users(context.client.id));
  if (documents == DocumentCounts::load) {
    context.documents = session.store.count_documents_by_user(context.client.id);
  }
  return context;
}

const ClientUser* resolve_item(const ClientContext& context, PlannedItem& item) {
  const ClientUser* user = find_one(context, item.ref);
  if (user == nullptr) {
    item.decision = Decision::not_found(not_found_reason(context, item.ref));
    return nullptr;
  }
  item.about(*user);
  const auto documents = context.documents.find(user->id);
  item.documents = documents == context.documents.end() ? 0 : documents->second;
  return user;
}

namespace {

std::string documents_stay(std::int64_t documents) {
  if (documents == 0) {
    return "they have no documents";
  }
  return fmt::format("their {} {}", counted(documents, "document", "documents"),
                     documents == 1 ? "stays" : "stay");
}

} // namespace

std::string deactivation_consequence(std::int64_t documents) {
  return fmt::format("will lose login access and the ability to submit documents; {}",
                     documents_stay(documents));
}

std::string removal_consequence(std::int64_t documents) {
  return fmt::format("will be removed permanently: they cannot be enabled again and must be "
                     "added again as a new user; {}",
                     documents == 0
                         ? "they have no documents"
                         : fmt::format("{}, under their name", documents_stay(documents)));
}

const ClientUser& resolve_user(const ClientContext& context, std::string_view ref) {
  const ClientUser* user = find_one(context, ref);
  if (user == nullptr) {
    throw Error(ExitCode::not_found, not_found_reason(context, ref));
  }
  return *user;
}

} // namespace acctctl
