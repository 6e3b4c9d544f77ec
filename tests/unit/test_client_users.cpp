// SPEC.md §3 references: USER is an id, an email or a username, exactly as given.
#include <catch2/catch.hpp>

#include "service/user_index.hpp"

using namespace acctctl;

namespace {

ClientUser make(Id id, std::string name, std::optional<std::string> email,
                std::optional<std::string> username) {
  ClientUser user;
  user.id = id;
  user.name = std::move(name);
  user.email = std::move(email);
  user.username = std::move(username);
  user.login_access = user.username.has_value();
  return user;
}

ClientUsers acme() {
  ClientUser ann = make(1, "Ann Able", "ann@acme.test", "ann@acme.test");
  ann.is_owner = true;
  return ClientUsers({ann, make(2, "Ben Baker", "ben@acme.test", "ben"),
                      make(3, "Dora Docs", std::nullopt, std::nullopt)});
}

std::vector<Id> ids(const std::vector<const ClientUser*>& users) {
  std::vector<Id> result;
  for (const ClientUser* user : users) {
    result.push_back(user->id);
  }
  return result;
}

} // namespace

TEST_CASE("a user reference is an id, an email or a username", "[references]") {
  const ClientUsers users = acme();
  CHECK(ids(users.resolve("2")) == std::vector<Id>{2});
  CHECK(ids(users.resolve("ben@acme.test")) == std::vector<Id>{2});
  CHECK(ids(users.resolve("ben")) == std::vector<Id>{2});
  CHECK(ids(users.resolve("3")) == std::vector<Id>{3});
}

TEST_CASE("emails and usernames match case-insensitively, without trimming", "[references]") {
  const ClientUsers users = acme();
  CHECK(ids(users.resolve("BEN@ACME.TEST")) == std::vector<Id>{2});
  CHECK(ids(users.resolve("Ben")) == std::vector<Id>{2});
  CHECK(users.resolve(" ben").empty());
  CHECK(users.resolve("ben ").empty());
  CHECK(users.resolve("Ben Baker").empty()); // names are not references
  CHECK(users.resolve("99").empty());
}

TEST_CASE("a reference that names two users is ambiguous", "[references]") {
  ClientUsers users = acme();
  users.put(make(4, "Eve", "eve@acme.test", "ben@acme.test"));
  CHECK(ids(users.resolve("ben@acme.test")) == std::vector<Id>{2, 4});
  users.put(make(5, "Numbers", "n@acme.test", "2"));
  CHECK(ids(users.resolve("2")) == std::vector<Id>{2, 5});
}

TEST_CASE("the users follows changes made while a batch is planned", "[references]") {
  ClientUsers users = acme();
  CHECK(users.owner()->id == 1);
  ClientUser ben = *users.find(2);
  ben.email = "benjamin@acme.test";
  ben.is_alert_recipient = true;
  users.put(ben);
  CHECK(users.resolve("ben@acme.test").empty());
  CHECK(ids(users.resolve("benjamin@acme.test")) == std::vector<Id>{2});
  CHECK(users.alert_recipient()->id == 2);
  users.erase(2);
  CHECK(users.resolve("ben").empty());
  CHECK(users.alert_recipient() == nullptr);
  CHECK(users.size() == 2);
  CHECK(users.with_email("ann@acme.test", Id{1}) == nullptr); // except the user themself
}
