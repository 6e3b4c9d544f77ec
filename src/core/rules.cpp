#include "acctctl/rules.hpp"

#include <fmt/format.h>

namespace acctctl {
namespace {

constexpr std::string_view k_ask_support =
    "account owner; ask support to transfer ownership first (acctctl users transfer-ownership)";

} // namespace

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

Decision decide_deactivate(const ClientUser& user) {
  if (user.is_owner) {
    return Decision::refused(std::string(k_ask_support));
  }
  if (!user.is_active()) {
    return Decision::unchanged("already deactivated");
  }
  return Decision::apply();
}

Decision decide_enable(const ClientUser& user) {
  if (user.is_active()) {
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

Decision decide_first_user(const ClientUser& candidate) {
  if (!candidate.login_access) {
    return Decision::refused("the first user of a client account becomes its owner and needs "
                             "login access: add a login user first");
  }
  return Decision::apply();
}

Decision decide_transfer(const Staff& actor, const ClientUser& to) {
  if (!actor.is_support()) {
    return Decision::denied("only support may transfer ownership of a client account");
  }
  if (to.is_owner) {
    return Decision::unchanged("already the account owner");
  }
  if (!to.is_active()) {
    return Decision::refused(
        "deactivated: the owner must be an active user with login access (enable them first)");
  }
  if (!to.login_access) {
    return Decision::refused("no login access: the owner must be an active user with login access");
  }
  return Decision::apply();
}

Decision decide_alert_recipient(const ClientUser& user) {
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
  if (conflicts.username_taken) {
    return Decision::refused(fmt::format(
        "username {} is already taken (usernames are unique in the store); pass --username",
        candidate.username.value_or("")));
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
  const Decision unique = decide_uniqueness(after, conflicts);
  if (!unique.applies()) {
    return unique;
  }
  const bool same = before.name == after.name && before.email == after.email &&
                    before.username == after.username && before.role == after.role &&
                    before.permissions == after.permissions &&
                    before.login_access == after.login_access;
  if (same) {
    return Decision::unchanged("nothing to change");
  }
  return Decision::apply();
}

std::string_view to_string(Capability capability) {
  return capability == Capability::login ? "login" : "submit";
}

Decision decide_can(const ClientUser& user, Capability capability) {
  if (!user.is_active()) {
    return Decision::refused("deactivated");
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

Decision decide_document(const ClientUser& submitter) {
  if (!submitter.is_active()) {
    return Decision::refused(
        "deactivated: a deactivated user cannot submit documents (enable them first)");
  }
  return Decision::apply();
}

} // namespace acctctl
