// SPEC.md §2's rules as pure decisions: no store, no terminal.
#include <catch2/catch.hpp>

#include "acctctl/rules.hpp"

using namespace acctctl;

namespace {

constexpr std::string_view k_now = "2026-12-01T12:00:00Z";

Staff staff(StaffRole role, std::optional<Id> practice, Id id = 7) {
  Staff s;
  s.id = id;
  s.email = "someone@practice.test";
  s.role = role;
  s.practice_id = practice;
  return s;
}

ClientAccount client_of(Id practice) {
  ClientAccount c;
  c.id = 100;
  c.practice_id = practice;
  c.name = "Acme Ltd";
  return c;
}

ClientUser user(bool login = true, UserStatus status = UserStatus::active, bool owner = false) {
  ClientUser u;
  u.id = 5;
  u.name = "Ben Baker";
  u.email = "ben@acme.test";
  u.username = login ? std::optional<std::string>("ben") : std::nullopt;
  u.login_access = login;
  u.status = status;
  u.is_owner = owner;
  u.permissions = default_permissions(Role::standard);
  return u;
}

} // namespace

TEST_CASE("R1: support reaches every client account", "[rules][R1]") {
  const Staff support = staff(StaffRole::support, std::nullopt);
  CHECK(decide_client_access(support, client_of(1), false).applies());
  CHECK(decide_client_access(support, client_of(2), false).applies());
  CHECK(scope_of(support).kind == ClientScope::Kind::everything);
}

TEST_CASE("R1: a practice admin reaches every client of their practice only", "[rules][R1]") {
  const Staff admin = staff(StaffRole::admin, 1);
  CHECK(decide_client_access(admin, client_of(1), false).applies());
  const Decision other = decide_client_access(admin, client_of(2), false);
  CHECK(other.outcome == Outcome::denied);
  CHECK(other.exit_code() == ExitCode::denied);
  CHECK(scope_of(admin).kind == ClientScope::Kind::practice);
  CHECK(scope_of(admin).practice_id == 1);
}

TEST_CASE("R1: a practice member reaches only the clients granted to them", "[rules][R1]") {
  const Staff member = staff(StaffRole::member, 1);
  CHECK(decide_client_access(member, client_of(1), true).applies());
  const Decision denied = decide_client_access(member, client_of(1), false);
  CHECK(denied.outcome == Outcome::denied);
  CHECK_THAT(denied.reason, Catch::Contains("grant"));
  // A grant for a client of another practice does not count.
  CHECK(decide_client_access(member, client_of(2), true).outcome == Outcome::denied);
  CHECK(scope_of(member).kind == ClientScope::Kind::granted);
  CHECK(scope_of(member).staff_id == member.id);
}

TEST_CASE("R1: only support or an admin of the practice administers it", "[rules][R1]") {
  CHECK(decide_practice_administration(staff(StaffRole::support, {}), 1, "P").applies());
  CHECK(decide_practice_administration(staff(StaffRole::admin, 1), 1, "P").applies());
  CHECK(decide_practice_administration(staff(StaffRole::admin, 2), 1, "P").outcome ==
        Outcome::denied);
  CHECK(decide_practice_administration(staff(StaffRole::member, 1), 1, "P").outcome ==
        Outcome::denied);
}

TEST_CASE("R1: access is granted to members of the client's practice", "[rules][R1]") {
  CHECK(decide_grant(staff(StaffRole::member, 1), client_of(1), false).applies());
  CHECK(decide_grant(staff(StaffRole::member, 1), client_of(1), true).outcome ==
        Outcome::unchanged);
  CHECK(decide_grant(staff(StaffRole::member, 2), client_of(1), false).outcome == Outcome::refused);
  CHECK(decide_grant(staff(StaffRole::admin, 1), client_of(1), false).outcome ==
        Outcome::unchanged);
  CHECK(decide_revoke(staff(StaffRole::member, 1), client_of(1), true).applies());
  CHECK(decide_revoke(staff(StaffRole::member, 1), client_of(1), false).outcome ==
        Outcome::unchanged);
}

TEST_CASE("R2: the first user becomes owner and must have login access", "[rules][R2]") {
  const UserDecision first = decide_new_user(user(true), false);
  CHECK(first.decision.applies());
  CHECK(first.after->is_owner);
  const UserDecision without_login = decide_new_user(user(false), false);
  CHECK(without_login.decision.outcome == Outcome::refused);
  CHECK(without_login.decision.exit_code() == ExitCode::refused);
  CHECK_THAT(without_login.decision.reason, Catch::Contains("login"));
}

TEST_CASE("R2: later users are added as they are, without login too", "[rules][R2]") {
  const UserDecision later = decide_new_user(user(false), true);
  CHECK(later.decision.applies());
  CHECK_FALSE(later.after->is_owner);
}

TEST_CASE("R3: the owner cannot be deactivated, the message points to support", "[rules][R3]") {
  const Decision decision = decide_deactivate(user(true, UserStatus::active, true));
  CHECK(decision.outcome == Outcome::refused);
  CHECK_THAT(decision.reason, Catch::Contains("owner"));
  CHECK_THAT(decision.reason, Catch::Contains("support"));
  CHECK_THAT(decision.reason, Catch::Contains("transfer-ownership"));
}

TEST_CASE("R3: the owner cannot be removed", "[rules][R3]") {
  const Decision decision = decide_remove(user(true, UserStatus::active, true));
  CHECK(decision.outcome == Outcome::refused);
  CHECK_THAT(decision.reason, Catch::Contains("support"));
}

TEST_CASE("R3: the owner's role and permissions can change, not their login", "[rules][R3]") {
  const ClientUser owner = user(true, UserStatus::active, true);
  ClientUser edited = owner;
  edited.role = Role::viewer;
  edited.permissions = default_permissions(Role::viewer);
  edited.permissions.insert(Permission::export_data);
  CHECK(decide_edit(owner, edited, {}).applies());

  ClientUser no_login = owner;
  no_login.login_access = false;
  no_login.username.reset();
  const Decision decision = decide_edit(owner, no_login, {});
  CHECK(decision.outcome == Outcome::refused);
  CHECK_THAT(decision.reason, Catch::Contains("login"));
}

TEST_CASE("R4: only support transfers ownership", "[rules][R4]") {
  const ClientUser target = user();
  CHECK(decide_transfer(staff(StaffRole::support, {}), target).applies());
  for (const StaffRole role : {StaffRole::admin, StaffRole::member}) {
    const Decision decision = decide_transfer(staff(role, 1), target);
    CHECK(decision.outcome == Outcome::denied);
    CHECK(decision.exit_code() == ExitCode::denied);
  }
}

TEST_CASE("R4: ownership goes only to an active user with login access", "[rules][R4]") {
  const Staff support = staff(StaffRole::support, {});
  CHECK(decide_transfer(support, user(false)).outcome == Outcome::refused);
  CHECK(decide_transfer(support, user(true, UserStatus::deactivated)).outcome == Outcome::refused);
  CHECK(decide_transfer(support, user(true, UserStatus::active, true)).outcome ==
        Outcome::unchanged);
}

TEST_CASE("R5: a deactivated user can neither log in nor submit", "[rules][R5]") {
  const ClientUser active = user();
  CHECK(decide_can(active, Capability::login, k_now).applies());
  CHECK(decide_can(active, Capability::submit, k_now).applies());
  const ClientUser deactivated = user(true, UserStatus::deactivated);
  CHECK(decide_can(deactivated, Capability::login, k_now).outcome == Outcome::refused);
  CHECK(decide_can(deactivated, Capability::submit, k_now).outcome == Outcome::refused);
  CHECK(decide_document(deactivated, k_now).outcome == Outcome::refused);
  CHECK(decide_document(active, k_now).applies());
}

TEST_CASE("R5: submitting needs the submit-documents permission, a document owner submits",
          "[rules][R5]") {
  ClientUser viewer = user();
  viewer.permissions = default_permissions(Role::viewer);
  CHECK_THAT(decide_can(viewer, Capability::submit, k_now).reason,
             Catch::Contains("submit-documents"));
  const ClientUser document_owner = user(false);
  CHECK(decide_can(document_owner, Capability::login, k_now).outcome == Outcome::refused);
  CHECK(decide_can(document_owner, Capability::submit, k_now).applies());
  CHECK(decide_document(document_owner, k_now).applies());
}

TEST_CASE("R5: deactivating an active user applies", "[rules][R5]") {
  CHECK(decide_deactivate(user()).applies());
  CHECK(decide_deactivate(user(false)).applies()); // a document owner too (R8)
}

TEST_CASE("R7: a deactivated user can be enabled or removed", "[rules][R7]") {
  const ClientUser deactivated = user(true, UserStatus::deactivated);
  CHECK(decide_enable(deactivated, k_now).applies());
  CHECK(decide_remove(deactivated).applies());
}

TEST_CASE("R8: a user without login access cannot be removed, only deactivated", "[rules][R8]") {
  const Decision decision = decide_remove(user(false));
  CHECK(decision.outcome == Outcome::refused);
  CHECK_THAT(decision.reason, Catch::Contains("login"));
  CHECK_THAT(decision.reason, Catch::Contains("deactivate"));
}

TEST_CASE("R9: the alert recipient must be an active user with login access", "[rules][R9]") {
  CHECK(decide_alert_recipient(user()).applies());
  CHECK(decide_alert_recipient(user(false)).outcome == Outcome::refused);
  CHECK(decide_alert_recipient(user(true, UserStatus::deactivated)).outcome == Outcome::refused);
  ClientUser already = user();
  already.is_alert_recipient = true;
  CHECK(decide_alert_recipient(already).outcome == Outcome::unchanged);
}

TEST_CASE("R12: deactivating a deactivated user or enabling an active one is unchanged",
          "[rules][R12]") {
  const Decision again = decide_deactivate(user(true, UserStatus::deactivated));
  CHECK(again.outcome == Outcome::unchanged);
  CHECK_FALSE(again.fails());
  CHECK(again.exit_code() == ExitCode::success);
  CHECK(decide_enable(user(), k_now).outcome == Outcome::unchanged);
}

TEST_CASE("R14: a taken email in the client or a taken username is refused", "[rules][R14]") {
  const ClientUser candidate = user();
  const ClientUser other = user();
  CHECK(decide_uniqueness(candidate, {}).applies());
  const Decision email = decide_uniqueness(candidate, {&other, nullptr});
  CHECK(email.outcome == Outcome::refused);
  CHECK(email.exit_code() == ExitCode::refused);
  CHECK_THAT(email.reason, Catch::Contains("email"));
  const std::string holder = candidate.username.value_or("ann@acme.test");
  const Decision username = decide_uniqueness(candidate, {nullptr, &holder});
  CHECK(username.outcome == Outcome::refused);
  CHECK_THAT(username.reason, Catch::Contains("username"));
}

TEST_CASE("Edits that change nothing are unchanged", "[rules][R12]") {
  CHECK(decide_edit(user(), user(), {}).outcome == Outcome::unchanged);
}

TEST_CASE("R9: deactivating or removing the alert recipient clears the flag, with a warning",
          "[rules][R9]") {
  ClientUser recipient = user();
  recipient.is_alert_recipient = true;
  const ClientAccount client = client_of(1);
  const UserDecision deactivated =
      decide_status_change(recipient, StatusChange::deactivate, "2026-11-25T08:00:00Z", client);
  CHECK(deactivated.decision.applies());
  CHECK(deactivated.after->status == UserStatus::deactivated);
  CHECK(deactivated.after->deactivated_at == "2026-11-25T08:00:00Z");
  CHECK_FALSE(deactivated.after->is_alert_recipient);
  REQUIRE(deactivated.warnings.size() == 1);
  CHECK_THAT(deactivated.warnings[0], Catch::Contains("nobody receives alerts now"));
  const UserDecision removed =
      decide_status_change(recipient, StatusChange::remove, "2026-11-25T08:00:00Z", client);
  CHECK_FALSE(removed.after.has_value());
  CHECK(removed.warnings.size() == 1);
  // Anyone else: no warning.
  CHECK(decide_status_change(user(), StatusChange::deactivate, "t", client).warnings.empty());
}

TEST_CASE("R9: an edit that takes the recipient's login away clears the flag", "[rules][R9]") {
  ClientUser before = user();
  before.is_alert_recipient = true;
  std::optional<ClientUser> after = before;
  after->name = "Ben B. Baker"; // still an active login user: keeps the flag
  CHECK(settle_alert_recipient(before, after, client_of(1)).empty());
  CHECK(after->is_alert_recipient);
  after->login_access = false;
  after->username.reset();
  CHECK(settle_alert_recipient(before, after, client_of(1)).size() == 1);
  CHECK_FALSE(after->is_alert_recipient);
}

TEST_CASE("R5 R7: a status change moves the user and keeps the rest", "[rules][R5][R7]") {
  const ClientUser deactivated = user(true, UserStatus::deactivated);
  const UserDecision enabled =
      decide_status_change(deactivated, StatusChange::enable, "t", client_of(1));
  CHECK(enabled.decision.applies());
  CHECK(enabled.after->status == UserStatus::active);
  CHECK_FALSE(enabled.after->deactivated_at.has_value());
  CHECK(enabled.after->permissions == deactivated.permissions);
  CHECK(decide_status_change(user(true, UserStatus::active, true), StatusChange::deactivate, "t",
                             client_of(1))
            .decision.outcome == Outcome::refused); // R3
}

TEST_CASE("R1: support or staff of the practice add clients, names unique in a practice",
          "[rules][R1]") {
  Practice practice{1, "Ledger & Co", ""};
  CHECK(
      decide_client_creation(staff(StaffRole::support, std::nullopt), practice, nullptr).applies());
  CHECK(decide_client_creation(staff(StaffRole::member, 1), practice, nullptr).applies());
  CHECK(decide_client_creation(staff(StaffRole::admin, 2), practice, nullptr).outcome ==
        Outcome::denied);
  const ClientAccount same = client_of(1);
  const Decision taken = decide_client_creation(staff(StaffRole::admin, 1), practice, &same);
  CHECK(taken.outcome == Outcome::refused);
  CHECK_THAT(taken.reason, Catch::Contains("has a client named \"Acme Ltd\" already"));
  CHECK(decide_professional(staff(StaffRole::member, 1), practice).applies());
  CHECK(decide_professional(staff(StaffRole::member, 2), practice).outcome == Outcome::refused);
}

TEST_CASE("R1: a member who adds a client is granted access to it, others reach it already",
          "[rules][R1]") {
  CHECK(grants_access_on_creation(staff(StaffRole::member, 1)));
  CHECK_FALSE(grants_access_on_creation(staff(StaffRole::admin, 1)));
  CHECK_FALSE(grants_access_on_creation(staff(StaffRole::support, std::nullopt)));
}

TEST_CASE("R1: listings show support everything and practice staff their own practice",
          "[rules][R1]") {
  const Practice other{2, "Other Books", ""};
  CHECK_FALSE(decide_practice_listing(staff(StaffRole::support, std::nullopt), std::nullopt)
                  .practice_id.has_value());
  CHECK(decide_practice_listing(staff(StaffRole::member, 1), std::nullopt).practice_id == 1);
  CHECK(decide_practice_listing(staff(StaffRole::support, std::nullopt), other).practice_id == 2);
  CHECK(decide_practice_listing(staff(StaffRole::admin, 1), other).decision.outcome ==
        Outcome::denied);
}

TEST_CASE("R1: grants are listed to support all, to an admin by practice, to a member their own",
          "[rules][R1]") {
  const GrantListing support = decide_grant_listing(staff(StaffRole::support, std::nullopt), 9);
  CHECK(support.scope.kind == ClientScope::Kind::everything);
  CHECK(support.staff_id == 9);
  const GrantListing admin = decide_grant_listing(staff(StaffRole::admin, 1), std::nullopt);
  CHECK(admin.scope.kind == ClientScope::Kind::practice);
  CHECK_FALSE(admin.staff_id.has_value());
  const GrantListing member = decide_grant_listing(staff(StaffRole::member, 1, 7), std::nullopt);
  CHECK(member.staff_id == 7);
  CHECK(decide_grant_listing(staff(StaffRole::member, 1, 7), 8).decision.outcome ==
        Outcome::denied);
}

TEST_CASE("A login user needs an email or a username to log in", "[rules][R14]") {
  ClientUser nameless = user();
  nameless.username.reset();
  CHECK(decide_login_identity(nameless).outcome == Outcome::refused);
  CHECK(decide_login_identity(user()).applies());
  CHECK(decide_login_identity(user(false)).applies());
}

namespace {

Staff staff_member(Id id, const char* email, StaffRole role, std::optional<Id> practice_id) {
  Staff staff;
  staff.id = id;
  staff.email = email;
  staff.name = email;
  staff.role = role;
  staff.practice_id = practice_id;
  return staff;
}

} // namespace

TEST_CASE("R1: support edits any staff, an admin their own practice's, a member nobody",
          "[rules][R1][staff]") {
  const Staff support = staff_member(1, "s@vendor.test", StaffRole::support, std::nullopt);
  const Staff admin = staff_member(2, "a@ledger.test", StaffRole::admin, 10);
  const Staff member = staff_member(3, "m@ledger.test", StaffRole::member, 10);
  const Staff other_admin = staff_member(4, "z@other.test", StaffRole::admin, 11);
  CHECK(decide_staff_edit(support, member).outcome == Outcome::apply);
  CHECK(decide_staff_edit(support, support).outcome == Outcome::apply);
  CHECK(decide_staff_edit(admin, member).outcome == Outcome::apply);
  CHECK(decide_staff_edit(admin, admin).outcome == Outcome::apply);
  CHECK(decide_staff_edit(admin, support).exit_code() == ExitCode::denied);
  CHECK(decide_staff_edit(other_admin, member).exit_code() == ExitCode::denied);
  CHECK(decide_staff_edit(member, member).exit_code() == ExitCode::denied);
}

TEST_CASE("R1: a deactivated staff member may do nothing", "[rules][R1][staff]") {
  Staff left = staff_member(3, "m@ledger.test", StaffRole::member, 10);
  CHECK(decide_staff_may_act(left).outcome == Outcome::apply);
  left.status = StaffStatus::deactivated;
  const Decision decision = decide_staff_may_act(left);
  CHECK(decision.exit_code() == ExitCode::denied);
  CHECK_THAT(decision.reason, Catch::Contains("deactivated"));
}

TEST_CASE("R1: a database role binds one staff member (SPEC 6.3)", "[rules][R1][staff]") {
  Staff ann = staff_member(5, "ann@ledger.test", StaffRole::member, 10);
  Staff bob = staff_member(6, "bob@ledger.test", StaffRole::member, 10);
  CHECK(decide_role_binding(ann, "alice", std::nullopt).outcome == Outcome::apply);
  ann.db_role = "alice";
  CHECK(decide_role_binding(ann, "alice", ann).outcome == Outcome::unchanged);
  const Decision taken = decide_role_binding(bob, "alice", ann);
  CHECK(taken.exit_code() == ExitCode::refused);
  CHECK_THAT(taken.reason, Catch::Contains("ann@ledger.test"));
}

TEST_CASE("staff offboard: support offboards anyone, an admin their own practice's staff",
          "[rules][R1][staff]") {
  const Staff support = staff_member(1, "s@vendor.test", StaffRole::support, std::nullopt);
  const Staff admin = staff_member(2, "a@ledger.test", StaffRole::admin, 10);
  const Staff member = staff_member(3, "m@ledger.test", StaffRole::member, 10);
  const Staff other_admin = staff_member(4, "z@other.test", StaffRole::admin, 11);
  CHECK(decide_staff_offboard(support, member, 0).applies());
  CHECK(decide_staff_offboard(admin, member, 0).applies());
  CHECK(decide_staff_offboard(support, admin, 1).applies());
  CHECK(decide_staff_offboard(admin, admin, 1).applies()); // an admin who is not the last
  CHECK(decide_staff_offboard(support, support, 1).applies());
  CHECK(decide_staff_offboard(other_admin, member, 0).exit_code() == ExitCode::denied);
  CHECK(decide_staff_offboard(member, member, 0).exit_code() == ExitCode::denied);
  CHECK(decide_staff_offboard(admin, support, 1).exit_code() == ExitCode::denied);
}

TEST_CASE("staff offboard: the last active admin of a practice and the last active support "
          "staff member stay",
          "[rules][staff]") {
  const Staff support = staff_member(1, "s@vendor.test", StaffRole::support, std::nullopt);
  const Staff admin = staff_member(2, "a@ledger.test", StaffRole::admin, 10);
  const Decision last_admin = decide_staff_offboard(support, admin, 0);
  CHECK(last_admin.exit_code() == ExitCode::refused);
  CHECK_THAT(last_admin.reason, Catch::Contains("last active admin"));
  const Decision last_support = decide_staff_offboard(support, support, 0);
  CHECK(last_support.exit_code() == ExitCode::refused);
  CHECK_THAT(last_support.reason, Catch::Contains("last active support"));
  // A member is nobody's last: the count does not matter.
  CHECK(decide_staff_offboard(support, staff_member(3, "m@ledger.test", StaffRole::member, 10), 0)
            .applies());
}

TEST_CASE("staff offboard: offboarding a deactivated staff member is unchanged (exit 0)",
          "[rules][staff]") {
  const Staff support = staff_member(1, "s@vendor.test", StaffRole::support, std::nullopt);
  Staff admin = staff_member(2, "a@ledger.test", StaffRole::admin, 10);
  admin.status = StaffStatus::deactivated;
  // Not counted as the last admin: they left already.
  const Decision again = decide_staff_offboard(support, admin, 0);
  CHECK(again.outcome == Outcome::unchanged);
  CHECK(again.exit_code() == ExitCode::success);
  // Who may is still asked first.
  CHECK(decide_staff_offboard(staff_member(4, "z@other.test", StaffRole::admin, 11), admin, 0)
            .exit_code() == ExitCode::denied);
}

TEST_CASE("staff offboard: the successor is active staff of the same practice, not the leaver",
          "[rules][staff]") {
  const Staff support = staff_member(1, "s@vendor.test", StaffRole::support, std::nullopt);
  const Staff admin = staff_member(2, "a@ledger.test", StaffRole::admin, 10);
  const Staff member = staff_member(3, "m@ledger.test", StaffRole::member, 10);
  const Staff other_admin = staff_member(4, "z@other.test", StaffRole::admin, 11);
  CHECK(decide_successor(member, admin).applies());
  CHECK(decide_successor(admin, member).applies());
  CHECK(decide_successor(member, other_admin).exit_code() == ExitCode::refused);
  CHECK(decide_successor(member, support).exit_code() == ExitCode::refused);
  CHECK(decide_successor(member, member).exit_code() == ExitCode::refused);
  CHECK(
      decide_successor(support, staff_member(5, "t@vendor.test", StaffRole::support, std::nullopt))
          .exit_code() == ExitCode::refused);
  Staff gone = staff_member(6, "d@ledger.test", StaffRole::member, 10);
  gone.status = StaffStatus::deactivated;
  const Decision left = decide_successor(member, gone);
  CHECK(left.exit_code() == ExitCode::refused);
  CHECK_THAT(left.reason, Catch::Contains("deactivated"));
}

TEST_CASE("R1: a deactivated staff member is granted no access and assigned no client",
          "[rules][R1][staff]") {
  Staff gone = staff_member(6, "d@ledger.test", StaffRole::member, 1);
  gone.status = StaffStatus::deactivated;
  CHECK(decide_grant(gone, client_of(1), false).exit_code() == ExitCode::refused);
  Practice practice;
  practice.id = 1;
  practice.name = "Ledger & Co";
  CHECK(decide_professional(gone, practice).exit_code() == ExitCode::refused);
}

// ---- R15 scheduled access (SPEC §3.2); k_now is 2026-12-01T12:00:00Z ----------------------

namespace {

ClientUser starting(std::string_view at, UserStatus status = UserStatus::pending) {
  ClientUser u = user(true, status);
  u.starts_at = std::string(at);
  return u;
}

ClientUser ending(std::string_view at, UserStatus status = UserStatus::active) {
  ClientUser u = user(true, status);
  u.ends_at = std::string(at);
  return u;
}

} // namespace

TEST_CASE("R15: a start to come makes a user pending, a pending user without one active",
          "[rules][R15]") {
  ClientUser later = starting("2026-12-02T00:00:00Z", UserStatus::active);
  settle_start(later, k_now);
  CHECK(later.status == UserStatus::pending);
  // A start moved into the past keeps them pending until `due` records it (SPEC §3.2).
  ClientUser moved = starting("2026-11-30T00:00:00Z");
  settle_start(moved, k_now);
  CHECK(moved.status == UserStatus::pending);
  ClientUser cleared = user(true, UserStatus::pending);
  settle_start(cleared, k_now);
  CHECK(cleared.status == UserStatus::active);
  ClientUser deactivated = starting("2026-12-02T00:00:00Z", UserStatus::deactivated);
  settle_start(deactivated, k_now);
  CHECK(deactivated.status == UserStatus::deactivated);
}

TEST_CASE("R15: users can decides from the times, before due has run", "[rules][R15][R5]") {
  const Decision not_yet = decide_can(starting("2026-12-02T00:00:00Z"), Capability::login, k_now);
  CHECK(not_yet.outcome == Outcome::refused);
  CHECK(not_yet.reason == "access starts 2026-12-02T00:00:00Z");
  CHECK(decide_can(starting("2026-12-02T00:00:00Z"), Capability::submit, k_now).fails());
  // Pending in the store, but the start has come: they may log in.
  CHECK(decide_can(starting("2026-12-01T12:00:00Z"), Capability::login, k_now).applies());
  const Decision ended = decide_can(ending("2026-12-01T12:00:00Z"), Capability::login, k_now);
  CHECK(ended.reason == "access ended 2026-12-01T12:00:00Z"); // from the end's second on
  CHECK(decide_can(ending("2026-12-01T12:00:01Z"), Capability::submit, k_now).applies());
}

TEST_CASE("R15: documents are not filed under a user whose access has not started or has ended",
          "[rules][R15][R5]") {
  CHECK(decide_document(starting("2026-12-02T00:00:00Z"), k_now).outcome == Outcome::refused);
  CHECK(decide_document(ending("2026-12-01T00:00:00Z"), k_now).outcome == Outcome::refused);
  CHECK(decide_document(ending("2026-12-02T00:00:00Z"), k_now).applies());
}

TEST_CASE("R15 R2: the first user, the owner, can be neither pending nor have an end",
          "[rules][R15][R2]") {
  const UserDecision pending = decide_new_user(starting("2026-12-02T00:00:00Z"), false);
  CHECK(pending.decision.exit_code() == ExitCode::refused);
  CHECK_FALSE(pending.after->is_owner);
  CHECK(decide_new_user(ending("2027-01-01T00:00:00Z"), false).decision.outcome ==
        Outcome::refused);
  // A start already past is no schedule: the first user starts now and owns the account.
  CHECK(
      decide_new_user(starting("2026-11-01T00:00:00Z", UserStatus::active), false).after->is_owner);
  CHECK(decide_new_user(starting("2026-12-02T00:00:00Z"), true).decision.applies());
}

TEST_CASE("R15 R3: an edit that gives the owner an end or a later start is refused, naming "
          "the transfer",
          "[rules][R15][R3]") {
  const ClientUser owner = user(true, UserStatus::active, true);
  ClientUser with_end = owner;
  with_end.ends_at = "2027-01-01T00:00:00Z";
  const Decision end = decide_edit(owner, with_end, {});
  CHECK(end.outcome == Outcome::refused);
  CHECK_THAT(end.reason, Catch::Contains("transfer"));
  ClientUser pending = owner;
  pending.starts_at = "2026-12-02T00:00:00Z";
  settle_start(pending, k_now);
  CHECK(decide_edit(owner, pending, {}).outcome == Outcome::refused);
  ClientUser other = user();
  ClientUser other_ending = other;
  other_ending.ends_at = "2027-01-01T00:00:00Z";
  CHECK(decide_edit(other, other_ending, {}).applies());
}

TEST_CASE("R15 R4: ownership goes to nobody pending or with an end", "[rules][R15][R4]") {
  const Staff support = staff(StaffRole::support, std::nullopt);
  CHECK(decide_transfer(support, starting("2026-12-02T00:00:00Z")).outcome == Outcome::refused);
  const Decision with_end = decide_transfer(support, ending("2027-01-01T00:00:00Z"));
  CHECK(with_end.outcome == Outcome::refused);
  CHECK_THAT(with_end.reason, Catch::Contains("--no-end"));
}

TEST_CASE("R15 R9: a pending user is no alert recipient", "[rules][R15][R9]") {
  CHECK(decide_alert_recipient(starting("2026-12-02T00:00:00Z")).outcome == Outcome::refused);
  ClientUser recipient = ending("2026-12-01T00:00:00Z");
  recipient.is_alert_recipient = true;
  const UserDecision ended = decide_due(recipient, DueChange::end, client_of(1));
  CHECK_FALSE(ended.after->is_alert_recipient);
  REQUIRE(ended.warnings.size() == 1);
  CHECK_THAT(ended.warnings.front(), Catch::Contains("alert"));
}

TEST_CASE("R15 R7: enable starts a pending user now and clears an end that has come",
          "[rules][R15][R7][R12]") {
  const ClientAccount acme = client_of(1);
  const UserDecision started =
      decide_status_change(starting("2026-12-02T00:00:00Z"), StatusChange::enable, k_now, acme);
  CHECK(started.decision.applies());
  CHECK(started.after->status == UserStatus::active);
  CHECK_FALSE(started.after->starts_at);
  // Still active in the store, but ended: enabling is no R12 `unchanged`.
  const UserDecision cleared =
      decide_status_change(ending("2026-12-01T00:00:00Z"), StatusChange::enable, k_now, acme);
  CHECK(cleared.decision.applies());
  CHECK_FALSE(cleared.after->ends_at);
  CHECK(decide_enable(ending("2027-01-01T00:00:00Z"), k_now).outcome == Outcome::unchanged);
  // Deactivating a pending user deactivates them.
  CHECK(decide_deactivate(starting("2026-12-02T00:00:00Z")).applies());
}

TEST_CASE("R15: due ends an active or pending user at the end's time, else starts a pending one",
          "[rules][R15]") {
  CHECK(due_change(starting("2026-12-01T12:00:00Z"), k_now) == DueChange::start);
  CHECK(due_change(starting("2026-12-01T12:00:01Z"), k_now) == DueChange::none);
  CHECK(due_change(ending("2026-12-01T00:00:00Z"), k_now) == DueChange::end);
  CHECK(due_change(ending("2026-12-01T00:00:00Z", UserStatus::pending), k_now) == DueChange::end);
  CHECK(due_change(ending("2026-12-01T00:00:00Z", UserStatus::deactivated), k_now) ==
        DueChange::none);
  CHECK(due_change(user(), k_now) == DueChange::none);
  const UserDecision ended =
      decide_due(ending("2026-12-01T00:00:00Z"), DueChange::end, client_of(1));
  CHECK(ended.after->status == UserStatus::deactivated);
  CHECK(ended.after->deactivated_at == "2026-12-01T00:00:00Z");
  const UserDecision started =
      decide_due(starting("2026-12-01T00:00:00Z"), DueChange::start, client_of(1));
  CHECK(started.after->status == UserStatus::active);
}

TEST_CASE("R15 R1: due is for support and practice admins", "[rules][R15][R1]") {
  CHECK(decide_due_run(staff(StaffRole::support, std::nullopt)).applies());
  CHECK(decide_due_run(staff(StaffRole::admin, 1)).applies());
  CHECK(decide_due_run(staff(StaffRole::member, 1)).exit_code() == ExitCode::denied);
}
