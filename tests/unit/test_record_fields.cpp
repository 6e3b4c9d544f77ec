// The field tables (record_fields.hpp): output, export and import, both stores and the audit
// detail read and write records through them, so each field's get and set must agree.
#include <catch2/catch.hpp>

#include <set>

#include "acctctl/fields/account_fields.hpp"
#include "acctctl/fields/user_fields.hpp"
#include "acctctl/format/records.hpp"

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
  user.starts_at = "2026-01-03T00:00:00Z";
  user.ends_at = "2026-02-03T04:05:06Z";
  return user;
}

// Copies `source` field by field into a default row: each set takes what its get gave, and
// leaves every other field as it was. Returns the copy.
template <typename Row, std::size_t Count>
Row copied_field_by_field(const std::array<RecordField<Row>, Count>& table, const Row& source) {
  Row copy{};
  for (const RecordField<Row>& field : table) {
    const Row before = copy;
    REQUIRE(field.set(copy, field.get(source)));
    CHECK(field.get(copy) == field.get(source));
    for (const RecordField<Row>& other : table) {
      if (other.key != field.key) {
        CHECK(other.get(copy) == other.get(before));
      }
    }
  }
  for (const RecordField<Row>& field : table) {
    CHECK(field.get(copy) == field.get(source));
  }
  return copy;
}

} // namespace

TEST_CASE("each user field sets what it gets, and only that", "[record-fields]") {
  const ClientUser source = everything_set();
  CHECK(copied_field_by_field(k_user_field_table, source) == source);
}

TEST_CASE("each field of the other records sets what it gets, and only that", "[record-fields]") {
  copied_field_by_field(k_practice_field_table, Practice{3, "Focus", "2026-01-01T00:00:00Z"});
  copied_field_by_field(k_staff_field_table,
                        Staff{4, "ada@focus.test", "Ada", StaffRole::admin, 3,
                              "2026-01-01T00:00:00Z", StaffStatus::deactivated, "ada"});
  copied_field_by_field(k_grant_field_table,
                        AccessGrant{4, "ada@focus.test", 9, "Acme Ltd", "2026-01-01T00:00:00Z",
                                    "2026-02-01T00:00:00Z"});
  copied_field_by_field(k_client_field_table, ClientAccount{9, 3, "Acme Ltd", "ops@acme.test", 4,
                                                            "2026-01-01T00:00:00Z"});
  copied_field_by_field(k_document_field_table,
                        Document{5, 9, "Invoice", 41, "Ann Able", "2026-01-01T00:00:00Z"});
  AuditEvent event{6,
                   "2026-01-01T00:00:00Z",
                   "ada@focus.test",
                   "user.edit",
                   3,
                   9,
                   "Acme Ltd",
                   41,
                   "Ann Able",
                   R"({"name":{"before":"Ann","after":"Ann Able"}})",
                   "ann",
                   "0190a0e4-0000-7000-8000-000000000001",
                   std::string(64, 'a')};
  copied_field_by_field(k_audit_field_table, event);
}

TEST_CASE("a user field refuses a value that does not fit it", "[record-fields]") {
  ClientUser user;
  CHECK_FALSE(k_user_field_table[user_field_index("role")].set(user, std::string_view("boss")));
  CHECK_FALSE(k_user_field_table[user_field_index("name")].set(user, true));
  CHECK_FALSE(k_user_field_table[user_field_index("owner")].set(user, std::string_view("yes")));
  CHECK(user == ClientUser{});
}

TEST_CASE("the update bits name each changeable field", "[record-fields]") {
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

TEST_CASE("the keys are unique and the listing's keys are the table's", "[record-fields]") {
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

TEST_CASE("the update bits are numbered from the table: one per updated field", "[record-fields]") {
  UserFieldMask seen = 0;
  for (const UserField& field : k_user_field_table) {
    if (field.update_group.empty()) {
      CHECK(field.mask == 0);
    } else if (field.update_group == field.key) {
      CHECK(field.mask != 0);
      CHECK((seen & field.mask) == 0); // a bit of its own
      seen |= field.mask;
    }
  }
  CHECK(seen == user_field::k_all);
  CHECK(user_update_bit("deactivated_at") == user_update_bit("status"));
  CHECK(user_update_bit("id") == 0);
  CHECK(user_update_bit("created_at") == 0);
}
