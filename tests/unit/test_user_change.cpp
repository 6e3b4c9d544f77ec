// What a user becomes (user_change.hpp): SPEC.md §1's defaults and login transitions for a new
// user, an edit and a roster row, and an edit of each field seen as a change of that field.
#include <catch2/catch.hpp>

#include "acctctl/fields/user_fields.hpp"
#include "acctctl/rules.hpp"
#include "acctctl/user_change.hpp"

using namespace acctctl;

namespace {

NewUser ann(std::optional<std::string> email, std::optional<std::string> username,
            bool login = true) {
  NewUser spec;
  spec.name = "Ann Able";
  spec.email = std::move(email);
  spec.username = std::move(username);
  spec.login_access = login;
  return spec;
}

ClientUser login_user() {
  ClientUser user;
  user.id = 5;
  user.client_id = 9;
  user.name = "Ben Baker";
  user.email = "ben@acme.test";
  user.username = "ben";
  user.permissions = default_permissions(Role::standard);
  user.created_at = "2026-01-02T03:04:05Z";
  return user;
}

ClientUser document_owner() {
  ClientUser user = login_user();
  user.login_access = false;
  user.username.reset();
  return user;
}

// A value of `field` that differs from the one `user` holds: another text, the other flag,
// another id, a null or another name.
FieldValue other_value(const UserField& field, const ClientUser& user) {
  const FieldValue current = field.get(user);
  switch (field.kind) {
  case FieldKind::id:
  case FieldKind::optional_id:
    return std::get_if<std::int64_t>(&current) != nullptr ? FieldValue()
                                                          : FieldValue(std::int64_t{77});
  case FieldKind::flag:
    return !std::get<bool>(current);
  case FieldKind::permissions:
    return std::get<PermissionSet>(current) == PermissionSet{Permission::messaging}
               ? PermissionSet{Permission::pay_invoices}
               : PermissionSet{Permission::messaging};
  case FieldKind::optional_text:
    return std::holds_alternative<std::monostate>(current)
               ? FieldValue(std::string_view("2026-03-04T05:06:07Z"))
               : FieldValue();
  case FieldKind::text:
  case FieldKind::object:
    return std::string_view("something else");
  case FieldKind::choice: {
    // The names the field takes (the role's), else the statuses; kept here, so that the
    // returned text outlives the call.
    static std::vector<std::string> names;
    names = field.choices != nullptr ? field.choices()
                                     : std::vector<std::string>{"active", "deactivated"};
    for (const std::string& name : names) {
      ClientUser probe = user;
      if (field.set(probe, std::string_view(name)) && field.get(probe) != current) {
        return std::string_view(name);
      }
    }
    break;
  }
  }
  FAIL("no other value for field " << field.key);
  return {};
}

} // namespace

TEST_CASE("R14: a login user's username defaults to the email", "[user-change][R14]") {
  const ChangedUser made = new_user(ann("ann@acme.test", std::nullopt));
  CHECK(made.decision.applies());
  CHECK(made.user.login_access);
  CHECK(made.user.username == "ann@acme.test");
}

TEST_CASE("R14: a login user's username is the one given, not the email", "[user-change][R14]") {
  const ChangedUser made = new_user(ann("ann@acme.test", "ann"));
  CHECK(made.decision.applies());
  CHECK(made.user.username == "ann");
  CHECK(made.user.email == "ann@acme.test");
}

TEST_CASE("R14: a login user with neither an email nor a username is refused",
          "[user-change][R14]") {
  const ChangedUser made = new_user(ann(std::nullopt, std::nullopt));
  CHECK(made.decision.outcome == Outcome::refused);
  CHECK(made.user.login_access);
  CHECK_FALSE(made.user.username);
}

TEST_CASE("a document owner (no login access) has no username", "[user-change]") {
  const ChangedUser owner = new_user(ann("ann@acme.test", std::nullopt, false));
  CHECK(owner.decision.applies());
  CHECK_FALSE(owner.user.login_access);
  CHECK_FALSE(owner.user.username);
  CHECK(owner.user.email == "ann@acme.test");

  const ChangedUser named = new_user(ann("ann@acme.test", "ann", false));
  CHECK(named.decision.outcome == Outcome::refused);
  CHECK_FALSE(named.user.username);
}

TEST_CASE("a new user's role is standard unless given, with the role's permissions",
          "[user-change]") {
  const ChangedUser plain = new_user(ann("ann@acme.test", std::nullopt));
  CHECK(plain.user.role == Role::standard);
  CHECK(plain.user.permissions == default_permissions(Role::standard));

  NewUser viewer = ann("ann@acme.test", std::nullopt);
  viewer.role = Role::viewer;
  CHECK(new_user(viewer).user.permissions == default_permissions(Role::viewer));

  viewer.permissions = PermissionSet{Permission::messaging};
  CHECK(new_user(viewer).user.permissions == PermissionSet{Permission::messaging});
  CHECK(new_user(viewer).user.role == Role::viewer);
}

TEST_CASE("R14: a user who gains login access logs in with their email", "[user-change][R14]") {
  UserChange change;
  change.login_access = true;
  const ChangedUser gained = change_user(document_owner(), change);
  CHECK(gained.decision.applies());
  CHECK(gained.user.login_access);
  CHECK(gained.user.username == "ben@acme.test");

  change.username = "benb";
  CHECK(change_user(document_owner(), change).user.username == "benb");

  change.username.reset();
  change.email = "b.baker@acme.test"; // the email the edit gives, not the one before it
  CHECK(change_user(document_owner(), change).user.username == "b.baker@acme.test");

  ClientUser no_email = document_owner();
  no_email.email.reset();
  change.email.reset();
  CHECK(change_user(no_email, change).decision.outcome == Outcome::refused);
}

TEST_CASE("R14: a login user keeps their username when their email changes", "[user-change][R14]") {
  UserChange change;
  change.email = "b.baker@acme.test";
  const ChangedUser edited = change_user(login_user(), change);
  CHECK(edited.decision.applies());
  CHECK(edited.user.email == "b.baker@acme.test");
  CHECK(edited.user.username == "ben");
}

TEST_CASE("a user who loses login access loses the username", "[user-change]") {
  UserChange change;
  change.login_access = false;
  const ChangedUser lost = change_user(login_user(), change);
  CHECK(lost.decision.applies());
  CHECK_FALSE(lost.user.login_access);
  CHECK_FALSE(lost.user.username);

  change.username = "ben2";
  CHECK(change_user(login_user(), change).decision.outcome == Outcome::refused);

  UserChange rename_only; // a user without login stays so, whatever else changes
  rename_only.name = "Benjamin Baker";
  const ChangedUser renamed = change_user(document_owner(), rename_only);
  CHECK(renamed.decision.applies());
  CHECK_FALSE(renamed.user.login_access);
  CHECK_FALSE(renamed.user.username);
}

TEST_CASE("an edit's role brings its permissions, then adds and removes apply", "[user-change]") {
  UserChange change;
  change.role = Role::viewer;
  change.add_permissions = {Permission::export_data};
  change.remove_permissions = {Permission::view_invoices};
  const ChangedUser edited = change_user(login_user(), change);
  PermissionSet expected = default_permissions(Role::viewer);
  expected.insert(Permission::export_data);
  expected.erase(Permission::view_invoices);
  CHECK(edited.user.role == Role::viewer);
  CHECK(edited.user.permissions == expected);
}

TEST_CASE("a change that asks for nothing leaves the user as they are", "[user-change]") {
  CHECK(change_user(login_user(), {}).user == login_user());
  CHECK(change_user(document_owner(), {}).user == document_owner());
  CHECK(decide_edit(login_user(), login_user(), {}).outcome == Outcome::unchanged);
}

TEST_CASE("an edit of any single user field is a change of exactly that field",
          "[user-change][record-fields]") {
  for (const ClientUser& before : {login_user(), document_owner()}) {
    for (const UserField& field : k_user_field_table) {
      if (field.mask == 0) {
        continue; // set once, at insert: id, client_id, created_at
      }
      INFO("field " << field.key);
      ClientUser after = before;
      REQUIRE(field.set(after, other_value(field, before)));
      CHECK(changed_fields(before, after) == field.mask);
      CHECK(decide_edit(before, after, {}).applies());
    }
  }
}
