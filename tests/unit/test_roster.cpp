// SPEC.md §3 references: USER is an id, an email or a username, exactly as given.
#include <catch2/catch.hpp>

#include "acctctl/roster.hpp"

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

Roster acme() {
  ClientUser ann = make(1, "Ann Able", "ann@acme.test", "ann@acme.test");
  ann.is_owner = true;
  return Roster({ann, make(2, "Ben Baker", "ben@acme.test", "ben"),
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
  const Roster roster = acme();
  CHECK(ids(roster.resolve("2")) == std::vector<Id>{2});
  CHECK(ids(roster.resolve("ben@acme.test")) == std::vector<Id>{2});
  CHECK(ids(roster.resolve("ben")) == std::vector<Id>{2});
  CHECK(ids(roster.resolve("3")) == std::vector<Id>{3});
}

TEST_CASE("emails and usernames match case-insensitively, without trimming", "[references]") {
  const Roster roster = acme();
  CHECK(ids(roster.resolve("BEN@ACME.TEST")) == std::vector<Id>{2});
  CHECK(ids(roster.resolve("Ben")) == std::vector<Id>{2});
  CHECK(roster.resolve(" ben").empty());
  CHECK(roster.resolve("ben ").empty());
  CHECK(roster.resolve("Ben Baker").empty()); // names are not references
  CHECK(roster.resolve("99").empty());
}

TEST_CASE("a reference that names two users is ambiguous", "[references]") {
  Roster roster = acme();
  roster.put(make(4, "Eve", "eve@acme.test", "ben@acme.test"));
  CHECK(ids(roster.resolve("ben@acme.test")) == std::vector<Id>{2, 4});
  roster.put(make(5, "Numbers", "n@acme.test", "2"));
  CHECK(ids(roster.resolve("2")) == std::vector<Id>{2, 5});
}

TEST_CASE("the roster follows changes made while a batch is planned", "[references]") {
  Roster roster = acme();
  CHECK(roster.owner()->id == 1);
  ClientUser ben = *roster.find(2);
  ben.email = "benjamin@acme.test";
  ben.is_alert_recipient = true;
  roster.put(ben);
  CHECK(roster.resolve("ben@acme.test").empty());
  CHECK(ids(roster.resolve("benjamin@acme.test")) == std::vector<Id>{2});
  CHECK(roster.alert_recipient()->id == 2);
  roster.erase(2);
  CHECK(roster.resolve("ben").empty());
  CHECK(roster.alert_recipient() == nullptr);
  CHECK(roster.size() == 2);
  CHECK(roster.with_email("ann@acme.test", Id{1}) == nullptr); // except the user themself
}
