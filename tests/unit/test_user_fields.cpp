// The user field table (user_fields.hpp): output, export, both stores and the audit detail
// read and write users through it, so each field's get and set must agree.
#include <catch2/catch.hpp>

#include <set>

#include "acctctl/records.hpp"
#include "acctctl/user_fields.hpp"

using namespace acctctl;

namespace {

// A user whose every field differs from a default ClientUser.
ClientUser everything_set() {
  ClientUser user;
  user.id = 41;
  user.client_id = 7;
  user.name = "Ann Able, the longer name";
  user.email = "ann@acme.test";
  user.username = "ann.able";
  user.role = Role::admin;
  user.permissions = {Permission::manage_users, Permission::messaging};
  user.login_access = false;
  user.status = UserStatus::deactivated;
  user.is_owner = true;
  user.is_alert_recipient = true;
  user.created_at = "2026-01-02T03:04:05Z";
  user.deactivated_at = "2026-02-03T04:05:06Z";
  return user;
}

} // namespace

TEST_CASE("each user field sets what it gets, and only that", "[user-fields]") {
  const ClientUser source = everything_set();
  ClientUser copy;
  for (const UserField& field : k_user_field_table) {
    const ClientUser before = copy;
    REQUIRE(field.set(copy, field.get(source)));
    CHECK(field.get(copy) == field.get(source));
    // Every other field is as it was.
    for (const UserField& other : k_user_field_table) {
      if (other.key != field.key) {
        CHECK(other.get(copy) == other.get(before));
      }
    }
  }
  CHECK(copy == source);
}

TEST_CASE("a user field refuses a value that does not fit it", "[user-fields]") {
  ClientUser user;
  CHECK_FALSE(k_user_field_table[user_field_index("role")].set(user, std::string_view("boss")));
  CHECK_FALSE(k_user_field_table[user_field_index("name")].set(user, true));
  CHECK_FALSE(k_user_field_table[user_field_index("owner")].set(user, std::string_view("yes")));
  CHECK(user == ClientUser{});
}

TEST_CASE("the update bits name each changeable field", "[user-fields]") {
  const ClientUser before = everything_set();
  for (const UserField& field : k_user_field_table) {
    if (field.mask == 0) {
      continue;
    }
    ClientUser after = before;
    REQUIRE(field.set(after, field.get(ClientUser{})));
    CHECK(changed_fields(before, after) == field.mask);
  }
  CHECK(changed_fields(before, before) == 0);
}

TEST_CASE("the keys are unique and the listing's keys are the table's", "[user-fields]") {
  std::set<std::string_view> keys;
  for (const UserField& field : k_user_field_table) {
    CHECK(keys.insert(field.key).second);
  }
  std::vector<std::string> expected;
  for (const UserField& field : k_user_field_table) {
    expected.emplace_back(field.key);
    if (field.key == "client_id") {
      expected.emplace_back("client");
    }
  }
  CHECK(user_layout(UserTable::one_client).keys == expected);
}
