#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acctctl/error.hpp"
#include "acctctl/model.hpp"

// The account rules of SPEC.md §2 as pure decisions: state in, Decision out, no I/O. The
// service asks here and never re-decides; reasons are written for the person who must act.
namespace acctctl {

enum class Outcome { apply, unchanged, refused, denied, not_found };

struct Decision {
  Outcome outcome = Outcome::apply;
  std::string reason;

  static Decision apply() { return {}; }
  static Decision unchanged(std::string why) { return {Outcome::unchanged, std::move(why)}; }
  static Decision refused(std::string why) { return {Outcome::refused, std::move(why)}; }
  static Decision denied(std::string why) { return {Outcome::denied, std::move(why)}; }
  static Decision not_found(std::string why) { return {Outcome::not_found, std::move(why)}; }

  bool applies() const { return outcome == Outcome::apply; }
  bool fails() const {
    return outcome == Outcome::refused || outcome == Outcome::denied ||
           outcome == Outcome::not_found;
  }
  ExitCode exit_code() const;
};

// The permissions a role brings (SPEC.md §1, `acctctl users roles`).
PermissionSet default_permissions(Role role);

// ---- R1 access ---------------------------------------------------------------------------

ClientScope scope_of(const Staff& actor);
// `granted`: whether the actor holds an access grant for `client`.
Decision decide_client_access(const Staff& actor, const ClientAccount& client, bool granted);
// Staff and access administration of a practice: support, or an admin of that practice.
Decision decide_practice_administration(const Staff& actor, Id practice_id,
                                        std::string_view practice_name);
Decision decide_support_only(const Staff& actor, std::string_view what);
// staff edit (SPEC §3): support edits anyone; an admin edits the staff of their own practice.
Decision decide_staff_edit(const Staff& actor, const Staff& target);
// SPEC §6.3: a database role is bound to at most one staff member (exit 4); `holder` is the
// one it is bound to now, if any.
Decision decide_role_binding(const Staff& target, std::string_view role,
                             const std::optional<Staff>& holder);
// R1: a deactivated staff member may do nothing.
Decision decide_staff_may_act(const Staff& actor);
// staff offboard (SPEC §3.3): support offboards anyone, an admin the staff of their own
// practice (exit 5 otherwise). `others_active`: how many other active staff share the leaver's
// duty, the practice's other active admins for an admin, the other active support staff for
// support; the last one stays (exit 4). A deactivated leaver is unchanged: there is nothing
// left but the grants and clients a re-run hands on.
Decision decide_staff_offboard(const Staff& actor, const Staff& leaver, std::size_t others_active);
// staff offboard --transfer-to: the successor is an active staff member of the leaver's
// practice, and not the leaver (exit 4).
Decision decide_successor(const Staff& leaver, const Staff& successor);
// A deactivated grantee is refused (exit 4): they left and may do nothing (R1).
Decision decide_grant(const Staff& grantee, const ClientAccount& client, bool already_granted);
Decision decide_revoke(const Staff& grantee, const ClientAccount& client, bool granted);

// What a listing shows an actor: support sees every practice; practice staff see their own.
// `requested` is a practice asked for by name (--practice); another practice's is denied.
struct PracticeListing {
  Decision decision;
  std::optional<Id> practice_id; // none: every practice
};
PracticeListing decide_practice_listing(const Staff& actor,
                                        const std::optional<Practice>& requested);

// Access grants shown to an actor: support sees all of them, a practice admin those of their
// practice's clients, a member only their own (`requested_staff` naming another is denied).
struct GrantListing {
  Decision decision;
  ClientScope scope;          // Kind::everything: every client
  std::optional<Id> staff_id; // none: every staff member
};
GrantListing decide_grant_listing(const Staff& actor, std::optional<Id> requested_staff);

// ---- client accounts -----------------------------------------------------------------------

// Support or any staff of the practice may add a client to it; client names are unique
// within a practice (`same_name`: the practice's client with that name, case-insensitive).
Decision decide_client_creation(const Staff& actor, const Practice& practice,
                                const ClientAccount* same_name);
// The assigned professional is active staff of the client's practice.
Decision decide_professional(const Staff& professional, const Practice& practice);
// A member who adds a client is granted access to it; admins and support reach it already.
bool grants_access_on_creation(const Staff& actor);

// ---- the user lifecycle: R3 R5 R7 R8 R12 ---------------------------------------------------

Decision decide_deactivate(const ClientUser& user);
// R7 with R15: enabling a pending user starts them now, and enabling a user whose end has come
// (`now` or earlier) clears it, even while the stored status is still active.
Decision decide_enable(const ClientUser& user, std::string_view now);
Decision decide_remove(const ClientUser& user);

// A rule's decision with the user as it leaves them (none: removed) and what the person must
// be told (R9).
struct UserDecision {
  Decision decision;
  std::optional<ClientUser> after;
  std::vector<std::string> warnings;
};

enum class StatusChange { deactivate, enable, remove };
// R3 R5–R9 R12: deactivate, enable or remove `user` at `now`, with R9's clearing.
UserDecision decide_status_change(const ClientUser& user, StatusChange change, std::string_view now,
                                  const ClientAccount& client);

// ---- R2 owner, R4 transfer, R9 alerts ------------------------------------------------------

// R2: the first user of a client account (`client_has_users` false) becomes its owner and
// needs login access; later users are added as they are.
UserDecision decide_new_user(ClientUser candidate, bool client_has_users);
Decision decide_transfer(const Staff& actor, const ClientUser& to);
Decision decide_alert_recipient(const ClientUser& user);
// R9: the alert recipient is an active login user. Clears the flag of an `after` that no
// longer is one, and returns the warning when `before` held the flag and `after` does not
// (none: removed).
std::vector<std::string> settle_alert_recipient(const ClientUser& before,
                                                std::optional<ClientUser>& after,
                                                const ClientAccount& client);

// ---- R14 uniqueness and R3 on edits --------------------------------------------------------

struct Conflicts {
  const ClientUser* same_email_in_client = nullptr; // another user of the client
  // The username, as its holder has it, that is the candidate's or looks like it (the same
  // confusable skeleton), held by another user anywhere in the store; or null.
  const std::string* username_taken_as = nullptr;
};

Decision decide_uniqueness(const ClientUser& candidate, const Conflicts& conflicts);
// A user with login access logs in with a username, which defaults to the email (SPEC §1).
Decision decide_login_identity(const ClientUser& user);
Decision decide_edit(const ClientUser& before, const ClientUser& after, const Conflicts& conflicts);

// ---- R15 scheduled access (SPEC §3.2) -----------------------------------------------------

// Times are canonical UTC text (when.hpp), which compares as time.
bool has_started(const ClientUser& user, std::string_view now);
bool has_ended(const ClientUser& user, std::string_view now);
// The status a change of the start leaves: a start still to come makes an active user
// pending, and a pending user without a start is active. A start moved into the past leaves a
// pending user pending until `due` records it (SPEC §3.2).
void settle_start(ClientUser& user, std::string_view now);
// R15: the owner's access cannot be scheduled: the owner is not pending and has no end.
Decision decide_schedule(const ClientUser& user);

// What `due` does to a user at `now`, if anything: an end that has come deactivates an active
// or pending user (at the end's time); else a start that has come activates a pending user.
enum class DueChange { none, start, end };
DueChange due_change(const ClientUser& user, std::string_view now);
// The user as `due` leaves them, with R9's clearing and warning (settle_alert_recipient).
UserDecision decide_due(const ClientUser& user, DueChange change, const ClientAccount& client);
// `acctctl due` without --client: support (every client account) or a practice admin (the
// practice's); anyone else is denied (exit 5).
Decision decide_due_run(const Staff& actor);

// ---- what a user may do: R5, R15 ----------------------------------------------------------

enum class Capability { login, submit };
std::string_view to_string(Capability capability);
// From the times, not the stored status (R15): right before `due` has run.
Decision decide_can(const ClientUser& user, Capability capability, std::string_view now);
Decision decide_document(const ClientUser& submitter, std::string_view now);

} // namespace acctctl
