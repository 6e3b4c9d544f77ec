#include "acctctl/rules.hpp"

#include <fmt/format.h>

#include "acctctl/fields/user_fields.hpp"
#include "acctctl/values.hpp"

namespace acctctl {
namespace {

constexpr std::string_view k_ask_support =
    "account owner; ask support to transfer ownership first (acctctl users transfer-ownership)";

} // namespace

PermissionSet default_permissions(Role role) {
  using enum Permission;
  switch (role) {
  case Role::admin:
    return {submit_documents, view_documents, export_data,  manage_users,
            manage_settings,  view_invoices,  pay_invoices, messaging};
  case Role::standard:
    return {submit_documents, view_documents, export_data, view_invoices, pay_invoices, messaging};
  case Role::submitter:
    return {submit_documents, messaging};
  case Role::viewer:
    return {view_documents, view_invoices};
  }
  return {};
}

ExitCode Decision::exit_code() const {
  switch (outcome) {
  case Outcome::refused:
    return ExitCode::refused;
  case Outcome::denied:
    return ExitCode::denied;
  case Outcome::not_found:
    return ExitCode::not_found;
  case Outcome::apply:
  case Outcome::unchanged:
    break;
  }
  return ExitCode::success;
}

ClientScope scope_of(const Staff& actor) {
  switch (actor.role) {
  case StaffRole::support:
    return {ClientScope::Kind::everything, 0, 0};
  case StaffRole::admin:
    return {ClientScope::Kind::practice, actor.practice_id.value_or(0), 0};
  case StaffRole::member:
    break;
  }
  return {ClientScope::Kind::granted, 0, actor.id};
}

Decision decide_client_access(const Staff& actor, const ClientAccount& client, bool granted) {
  if (actor.is_support()) {
    return Decision::apply();
  }
  const bool own_practice = actor.practice_id == client.practice_id;
  if (own_practice && (actor.role == StaffRole::admin || granted)) {
    return Decision::apply();
  }
  if (!own_practice) {
    return Decision::denied(fmt::format(
        "{} may not access client {}: it belongs to another practice", actor.email, client.name));
  }
  return Decision::denied(fmt::format(
      "{} has no access to client {}: ask a practice admin to grant it (acctctl access grant)",
      actor.email, client.name));
}

Decision decide_practice_administration(const Staff& actor, Id practice_id,
                                        std::string_view practice_name) {
  if (actor.is_support() || (actor.role == StaffRole::admin && actor.practice_id == practice_id)) {
    return Decision::apply();
  }
  return Decision::denied(fmt::format(
      "{} may not administer practice {}: only support or an admin of that practice may",
      actor.email, practice_name));
}

Decision decide_staff_edit(const Staff& actor, const Staff& target) {
  if (target.is_support()) {
    return decide_support_only(actor, "edit support staff");
  }
  if (actor.is_support() ||
      (actor.role == StaffRole::admin && actor.practice_id == target.practice_id)) {
    return Decision::apply();
  }
  return Decision::denied(fmt::format("{} may not edit {}: only support or an admin of their "
                                      "practice may",
                                      actor.email, target.email));
}

Decision decide_role_binding(const Staff& target, std::string_view role,
                             const std::optional<Staff>& holder) {
  if (!holder) {
    return Decision::apply();
  }
  if (holder->id == target.id) {
    return Decision::unchanged(
        fmt::format("{} is bound to database role {} already", target.email, role));
  }
  return Decision::refused(fmt::format("database role {} is bound to {} already: a role acts as "
                                       "one staff member (unbind it first: acctctl staff edit {} "
                                       "--no-db-role)",
                                       role, holder->email, holder->email));
}

Decision decide_staff_may_act(const Staff& actor) {
  if (actor.status == StaffStatus::active) {
    return Decision::apply();
  }
  return Decision::denied(fmt::format(
      "{} is deactivated (they left) and may do nothing: permission denied", actor.email));
}

Decision decide_staff_offboard(const Staff& actor, const Staff& leaver, std::size_t others_active) {
  if (leaver.is_support()) {
    if (!actor.is_support()) {
      return Decision::denied(
          fmt::format("{} may not offboard {}: only support may offboard support staff",
                      actor.email, leaver.email));
    }
  } else if (!actor.is_support() &&
             !(actor.role == StaffRole::admin && actor.practice_id == leaver.practice_id)) {
    return Decision::denied(fmt::format("{} may not offboard {}: only support or an admin of "
                                        "their practice may",
                                        actor.email, leaver.email));
  }
  if (leaver.status == StaffStatus::deactivated) {
    return Decision::unchanged(fmt::format("{} is deactivated already", leaver.email));
  }
  if (others_active == 0 && leaver.is_support()) {
    return Decision::refused(fmt::format("{} is the last active support staff member: add "
                                         "another first (acctctl staff add --support)",
                                         leaver.email));
  }
  if (others_active == 0 && leaver.role == StaffRole::admin) {
    return Decision::refused(fmt::format("{} is the last active admin of their practice: make "
                                         "another staff member admin first (acctctl staff edit "
                                         "STAFF --role admin)",
                                         leaver.email));
  }
  return Decision::apply();
}

Decision decide_successor(const Staff& leaver, const Staff& successor) {
  if (successor.id == leaver.id) {
    return Decision::refused(fmt::format(
        "{} cannot take over from themselves: --transfer-to names who stays", leaver.email));
  }
  if (leaver.is_support()) {
    return Decision::refused(fmt::format("{} is support staff, who hold no access grants and "
                                         "are nobody's professional: offboard without "
                                         "--transfer-to",
                                         leaver.email));
  }
  if (successor.practice_id != leaver.practice_id) {
    return Decision::refused(fmt::format("{} is not staff of {}'s practice: the successor must be",
                                         successor.email, leaver.email));
  }
  if (successor.status != StaffStatus::active) {
    return Decision::refused(fmt::format(
        "{} is deactivated (they left): the successor must be active staff", successor.email));
  }
  return Decision::apply();
}

Decision decide_support_only(const Staff& actor, std::string_view what) {
  if (actor.is_support()) {
    return Decision::apply();
  }
  return Decision::denied(fmt::format("only support may {}", what));
}

Decision decide_grant(const Staff& grantee, const ClientAccount& client, bool already_granted) {
  if (grantee.is_support()) {
    return Decision::unchanged(
        fmt::format("{} is support and reaches every client already", grantee.email));
  }
  if (grantee.practice_id != client.practice_id) {
    return Decision::refused(fmt::format(
        "{} is staff of another practice: access is granted within a practice", grantee.email));
  }
  if (grantee.status != StaffStatus::active) {
    return Decision::refused(fmt::format(
        "{} is deactivated (they left): access is granted to active staff only", grantee.email));
  }
  if (grantee.role == StaffRole::admin) {
    return Decision::unchanged(fmt::format(
        "{} is a practice admin and reaches every client of the practice", grantee.email));
  }
  if (already_granted) {
    return Decision::unchanged(fmt::format("{} has access already", grantee.email));
  }
  return Decision::apply();
}

Decision decide_revoke(const Staff& grantee, const ClientAccount& client, bool granted) {
  if (grantee.is_support() ||
      (grantee.role == StaffRole::admin && grantee.practice_id == client.practice_id)) {
    return Decision::refused(
        fmt::format("{} reaches {} through their role, not a grant: nothing to revoke",
                    grantee.email, client.name));
  }
  if (!granted) {
    return Decision::unchanged(fmt::format("{} has no grant for this client", grantee.email));
  }
  return Decision::apply();
}

PracticeListing decide_practice_listing(const Staff& actor,
                                        const std::optional<Practice>& requested) {
  if (!requested) {
    return {Decision::apply(), actor.practice_id}; // support has none: every practice
  }
  if (!actor.is_support() && requested->id != actor.practice_id) {
    return {Decision::denied(fmt::format("{} may not list the staff of practice {}", actor.email,
                                         requested->name)),
            std::nullopt};
  }
  return {Decision::apply(), requested->id};
}

GrantListing decide_grant_listing(const Staff& actor, std::optional<Id> requested_staff) {
  switch (actor.role) {
  case StaffRole::support:
    break;
  case StaffRole::admin:
    return {Decision::apply(), scope_of(actor), requested_staff};
  case StaffRole::member:
    if (requested_staff && *requested_staff != actor.id) {
      return {
          Decision::denied(fmt::format("{} may list only their own access grants", actor.email)),
          {},
          std::nullopt};
    }
    return {Decision::apply(), {}, actor.id};
  }
  return {Decision::apply(), {}, requested_staff};
}

Decision decide_client_creation(const Staff& actor, const Practice& practice,
                                const ClientAccount* same_name) {
  if (!actor.is_support() && actor.practice_id != practice.id) {
    return Decision::denied(
        fmt::format("{} may not add clients to practice {}", actor.email, practice.name));
  }
  if (same_name != nullptr) {
    return Decision::refused(fmt::format("practice {} has a client named {} already (id {})",
                                         practice.name, in_quotes(same_name->name), same_name->id));
  }
  return Decision::apply();
}

Decision decide_professional(const Staff& professional, const Practice& practice) {
  if (professional.practice_id != practice.id) {
    return Decision::refused(
        fmt::format("{} is not staff of practice {}: the assigned professional must be",
                    professional.email, practice.name));
  }
  if (professional.status != StaffStatus::active) {
    return Decision::refused(
        fmt::format("{} is deactivated (they left): the assigned professional must be active staff",
                    professional.email));
  }
  return Decision::apply();
}

bool grants_access_on_creation(const Staff& actor) {
  return actor.role == StaffRole::member;
}

Decision decide_deactivate(const ClientUser& user) {
  if (user.is_owner) {
    return Decision::refused(std::string(k_ask_support));
  }
  if (user.status == UserStatus::deactivated) {
    return Decision::unchanged("already deactivated");
  }
  return Decision::apply();
}

Decision decide_enable(const ClientUser& user, std::string_view now) {
  if (user.is_active() && !has_ended(user, now)) {
    return Decision::unchanged("already active");
  }
  return Decision::apply();
}

Decision decide_remove(const ClientUser& user) {
  if (user.is_owner) {
    return Decision::refused(std::string(k_ask_support));
  }
  if (!user.login_access) {
    return Decision::refused("no login access (a document owner): such a user cannot be removed, "
                             "only deactivated (acctctl users deactivate)");
  }
  return Decision::apply();
}

UserDecision decide_status_change(const ClientUser& user, StatusChange change, std::string_view now,
                                  const ClientAccount& client) {
  UserDecision result{Decision::apply(), user, {}};
  switch (change) {
  case StatusChange::deactivate:
    result.decision = decide_deactivate(user);
    result.after->status = UserStatus::deactivated;
    result.after->deactivated_at = std::string(now);
    break;
  case StatusChange::enable:
    result.decision = decide_enable(user, now);
    result.after->status = UserStatus::active;
    result.after->deactivated_at.reset();
    if (user.is_pending()) {
      result.after->starts_at.reset(); // starts now
    }
    if (has_ended(user, now)) {
      result.after->ends_at.reset();
    }
    break;
  case StatusChange::remove:
    result.decision = decide_remove(user);
    result.after.reset();
    break;
  }
  result.warnings = settle_alert_recipient(user, result.after, client);
  return result;
}

UserDecision decide_new_user(ClientUser candidate, bool client_has_users) {
  UserDecision result{Decision::apply(), std::move(candidate), {}};
  if (client_has_users) {
    return result;
  }
  if (!result.after->login_access) {
    result.decision = Decision::refused("the first user of a client account becomes its owner "
                                        "and needs login access: add a login user first");
  } else if (result.after->is_pending() || result.after->ends_at) {
    result.decision = Decision::refused(
        "the first user of a client account becomes its owner, whose access cannot be "
        "scheduled (R15): add them without --start and --end");
  } else {
    result.after->is_owner = true;
  }
  return result;
}

std::vector<std::string> settle_alert_recipient(const ClientUser& before,
                                                std::optional<ClientUser>& after,
                                                const ClientAccount& client) {
  if (after && !(after->is_active() && after->login_access)) {
    after->is_alert_recipient = false;
  }
  if (!before.is_alert_recipient || (after && after->is_alert_recipient)) {
    return {};
  }
  return {fmt::format("{} was the alert recipient of {}: nobody receives alerts now (assign one "
                      "with `acctctl portal alerts`)",
                      before.name, client.name)};
}

Decision decide_transfer(const Staff& actor, const ClientUser& to) {
  if (!actor.is_support()) {
    return Decision::denied("only support may transfer ownership of a client account");
  }
  if (to.is_owner) {
    return Decision::unchanged("already the account owner");
  }
  if (to.is_pending()) {
    return Decision::refused("pending: the owner's access cannot be scheduled (R15); enable "
                             "them first (acctctl users enable)");
  }
  if (!to.is_active()) {
    return Decision::refused(
        "deactivated: the owner must be an active user with login access (enable them first)");
  }
  if (to.ends_at) {
    return Decision::refused(fmt::format("access ends {}: the owner's access cannot end (R15); "
                                         "clear it first (acctctl users edit --no-end)",
                                         *to.ends_at));
  }
  if (!to.login_access) {
    return Decision::refused("no login access: the owner must be an active user with login access");
  }
  return Decision::apply();
}

Decision decide_alert_recipient(const ClientUser& user) {
  if (user.is_pending()) {
    return Decision::refused(
        "pending: the alert recipient must be an active user with login access (R15)");
  }
  if (!user.is_active()) {
    return Decision::refused(
        "deactivated: the alert recipient must be an active user with login access");
  }
  if (!user.login_access) {
    return Decision::refused(
        "no login access: the alert recipient must be an active user with login access");
  }
  if (user.is_alert_recipient) {
    return Decision::unchanged("already the alert recipient");
  }
  return Decision::apply();
}

Decision decide_uniqueness(const ClientUser& candidate, const Conflicts& conflicts) {
  if (conflicts.same_email_in_client != nullptr) {
    const ClientUser& other = *conflicts.same_email_in_client;
    // Users planned earlier in the same batch have no id yet.
    const std::string who = other.id > 0 ? fmt::format("{} (id {})", other.name, other.id)
                                         : fmt::format("{}, earlier in this batch", other.name);
    return Decision::refused(fmt::format("email {} is already used by {} in this client",
                                         candidate.email.value_or(""), who));
  }
  if (conflicts.username_taken_as != nullptr) {
    const std::string username = candidate.username.value_or("");
    if (fold_key(*conflicts.username_taken_as) == fold_key(username)) {
      return Decision::refused(fmt::format(
          "username {} is already taken (usernames are unique in the store); pass --username",
          username));
    }
    return Decision::refused(
        fmt::format("username {} looks like {}, which is taken (usernames are unique in the "
                    "store by their look, Unicode TS #39); pass --username",
                    in_quotes(username), in_quotes(*conflicts.username_taken_as)));
  }
  return Decision::apply();
}

Decision decide_login_identity(const ClientUser& user) {
  if (user.login_access && !user.username) {
    return Decision::refused("a user with login access needs an email or a username to log in");
  }
  return Decision::apply();
}

Decision decide_edit(const ClientUser& before, const ClientUser& after,
                     const Conflicts& conflicts) {
  if (before.is_owner && !after.login_access) {
    return Decision::refused("account owner: the owner cannot lose login access");
  }
  if (Decision scheduled = decide_schedule(after); !scheduled.applies()) {
    return scheduled;
  }
  Decision unique = decide_uniqueness(after, conflicts);
  if (!unique.applies()) {
    return unique;
  }
  if (changed_fields(before, after) == 0) {
    return Decision::unchanged("nothing to change");
  }
  return Decision::apply();
}

std::string_view to_string(Capability capability) {
  return capability == Capability::login ? "login" : "submit";
}

namespace {

// R15 at `now`, from the times: the reason the user has no access yet or any more, if so.
std::optional<std::string> schedule_refusal(const ClientUser& user, std::string_view now) {
  if (!has_started(user, now)) {
    return fmt::format("access starts {}", *user.starts_at);
  }
  if (has_ended(user, now)) {
    return fmt::format("access ended {}", *user.ends_at);
  }
  return std::nullopt;
}

} // namespace

bool has_started(const ClientUser& user, std::string_view now) {
  return !user.starts_at || *user.starts_at <= now;
}

bool has_ended(const ClientUser& user, std::string_view now) {
  return user.ends_at && *user.ends_at <= now;
}

void settle_start(ClientUser& user, std::string_view now) {
  if (user.is_active() && !has_started(user, now)) {
    user.status = UserStatus::pending;
  } else if (user.is_pending() && !user.starts_at) {
    user.status = UserStatus::active;
  }
}

Decision decide_schedule(const ClientUser& user) {
  if (!user.is_owner) {
    return Decision::apply();
  }
  if (user.is_pending()) {
    return Decision::refused("account owner: the owner's access cannot be scheduled to start "
                             "later (R15)");
  }
  if (user.ends_at) {
    return Decision::refused("account owner: the owner's access cannot end (R15); transfer "
                             "ownership first (acctctl users transfer-ownership)");
  }
  return Decision::apply();
}

DueChange due_change(const ClientUser& user, std::string_view now) {
  if (user.status == UserStatus::deactivated) {
    return DueChange::none;
  }
  if (has_ended(user, now)) {
    return DueChange::end;
  }
  if (user.is_pending() && user.starts_at && *user.starts_at <= now) {
    return DueChange::start;
  }
  return DueChange::none;
}

UserDecision decide_due(const ClientUser& user, DueChange change, const ClientAccount& client) {
  UserDecision result{Decision::apply(), user, {}};
  switch (change) {
  case DueChange::none:
    result.decision = Decision::unchanged("nothing due");
    break;
  case DueChange::start:
    result.after->status = UserStatus::active;
    break;
  case DueChange::end:
    // The owner's access has no end (R15); the store's CHECK backs this.
    if (user.is_owner) {
      result.decision = Decision::refused(std::string(k_ask_support));
      break;
    }
    result.after->status = UserStatus::deactivated;
    result.after->deactivated_at = user.ends_at; // when it ended, not when due ran
    break;
  }
  result.warnings = settle_alert_recipient(user, result.after, client);
  return result;
}

Decision decide_due_run(const Staff& actor) {
  if (actor.is_support() || actor.role == StaffRole::admin) {
    return Decision::apply();
  }
  return Decision::denied("acctctl due is for support and practice admins");
}

Decision decide_can(const ClientUser& user, Capability capability, std::string_view now) {
  if (user.status == UserStatus::deactivated) {
    return Decision::refused("deactivated");
  }
  if (const auto refusal = schedule_refusal(user, now)) {
    return Decision::refused(*refusal);
  }
  if (capability == Capability::login && !user.login_access) {
    return Decision::refused("no login access (a document owner)");
  }
  if (capability == Capability::submit &&
      !user.permissions.contains(Permission::submit_documents)) {
    return Decision::refused("lacks the submit-documents permission");
  }
  return Decision::apply();
}

Decision decide_document(const ClientUser& submitter, std::string_view now) {
  if (submitter.status == UserStatus::deactivated) {
    return Decision::refused(
        "deactivated: a deactivated user cannot submit documents (enable them first)");
  }
  if (const auto refusal = schedule_refusal(submitter, now)) {
    return Decision::refused(fmt::format("{}: documents are filed under a user whose access has "
                                         "started and not ended (R15)",
                                         *refusal));
  }
  return Decision::apply();
}

} // namespace acctctl
