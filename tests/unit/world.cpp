#include "world.hpp"

#include "acctctl/service/clients.hpp"
#include "acctctl/service/documents.hpp"
#include "acctctl/service/practices_staff.hpp"
#include "acctctl/service/store_admin.hpp"

namespace acctctl::testing {

NewUser login_user(std::string name, std::string email, std::optional<std::string> username) {
  NewUser user;
  user.name = std::move(name);
  user.email = std::move(email);
  user.username = std::move(username);
  return user;
}

World::World() : store(open_sqlite_store(":memory:", OpenPurpose::init)) {
  initialize_store(*store, clock, {k_support, "Sam Support"});
  Session s = support();
  add_practice(s, "Ledger & Co");
  add_practice(s, "Other Practice");
  add_staff(s, {k_admin, "Ada Admin", StaffRole::admin, "Ledger & Co", std::nullopt});
  add_staff(s, {k_member, "Bob Member", StaffRole::member, "Ledger & Co", std::nullopt});
  add_staff(s, {k_outsider, "Carol Outsider", StaffRole::member, "Ledger & Co", std::nullopt});
  add_staff(s, {k_other_admin, "Zed Admin", StaffRole::admin, "Other Practice", std::nullopt});
  add_client(s, {"Acme Ltd", "Ledger & Co", std::nullopt, "office@acme.test"});
  add_client(s, {"Birch LLC", "Ledger & Co", std::nullopt, std::nullopt});
  Session admin = as(k_admin);
  grant_access(admin, k_member, {"Acme Ltd"}, std::nullopt, {});
  NewUser ann = login_user("Ann Able", "ann@acme.test");
  ann.role = Role::admin;
  add("Acme Ltd", ann);
  add("Acme Ltd", login_user("Ben Baker", "ben@acme.test", "ben"));
  NewUser dora;
  dora.name = "Dora Docs";
  dora.login_access = false;
  add("Acme Ltd", dora);
  add("Birch LLC", login_user("Cy Cedar", "cy@birch.test"));
}

std::vector<ClientUser> World::users(std::string_view client) {
  Session s = support();
  UserQuery query;
  query.client_ref = std::string(client);
  std::vector<ClientUser> result;
  list_users(s, query, [&](const UserListing& row) { result.push_back(row.user); });
  return result;
}

std::optional<ClientUser> World::user(std::string_view name, std::string_view client) {
  for (ClientUser& found : users(client)) {
    if (found.name == name) {
      return found;
    }
  }
  return std::nullopt;
}

std::vector<AuditEvent> World::audit() {
  Session s = support();
  std::vector<AuditEvent> events;
  AuditQuery query;
  query.limit = std::nullopt;
  list_audit(s, query, [&](const AuditEvent& event) { events.push_back(event); });
  return events;
}

BatchReport World::deactivate(std::vector<std::string> refs, BatchOptions options,
                              const char* actor) {
  Session s = as(actor);
  NoConfirmation yes;
  return change_user_status(s, StatusChange::deactivate, "Acme Ltd", refs, options, yes);
}

BatchReport World::remove(std::vector<std::string> refs, BatchOptions options, const char* actor) {
  Session s = as(actor);
  NoConfirmation yes;
  return change_user_status(s, StatusChange::remove, "Acme Ltd", refs, options, yes);
}

BatchReport World::enable(std::vector<std::string> refs, BatchOptions options, const char* actor) {
  Session s = as(actor);
  NoConfirmation yes;
  return change_user_status(s, StatusChange::enable, "Acme Ltd", refs, options, yes);
}

BatchReport World::add(std::string_view client, NewUser user, const char* actor) {
  Session s = as(actor);
  return add_users(s, client, {std::move(user)}, {});
}

} // namespace acctctl::testing
