#pragma once

#include <string>
#include <string_view>

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

// ---- R1 access ---------------------------------------------------------------------------

// Which client accounts an actor reaches, as a filter a store can apply in a query.
struct ClientScope {
  enum class Kind { everything, practice, granted } kind = Kind::everything;
  Id practice_id = 0; // Kind::practice
  Id staff_id = 0;    // Kind::granted
};

ClientScope scope_of(const Staff& actor);
// `granted`: whether the actor holds an access grant for `client`.
Decision decide_client_access(const Staff& actor, const ClientAccount& client, bool granted);
// Staff and access administration of a practice: support, or an admin of that practice.
Decision decide_practice_administration(const Staff& actor, Id practice_id,
                                        std::string_view practice_name);
Decision decide_support_only(const Staff& actor, std::string_view what);
Decision decide_grant(const Staff& grantee, const ClientAccount& client, bool already_granted);
Decision decide_revoke(const Staff& grantee, const ClientAccount& client, bool granted);

// ---- the user lifecycle: R3 R5 R7 R8 R12 ---------------------------------------------------

Decision decide_deactivate(const ClientUser& user);
Decision decide_enable(const ClientUser& user);
Decision decide_remove(const ClientUser& user);

// ---- R2 owner, R4 transfer, R9 alerts ------------------------------------------------------

// R2: the first user of a client account becomes its owner and needs login access.
Decision decide_first_user(const ClientUser& candidate);
Decision decide_transfer(const Staff& actor, const ClientUser& to);
Decision decide_alert_recipient(const ClientUser& user);

// ---- R14 uniqueness and R3 on edits --------------------------------------------------------

struct Conflicts {
  const ClientUser* same_email_in_client = nullptr; // another user of the client
  bool username_taken = false;                      // by another user anywhere in the store
};

Decision decide_uniqueness(const ClientUser& candidate, const Conflicts& conflicts);
// A user with login access logs in with a username, which defaults to the email (SPEC §1).
Decision decide_login_identity(const ClientUser& user);
Decision decide_edit(const ClientUser& before, const ClientUser& after, const Conflicts& conflicts);

// ---- what a user may do: R5 --------------------------------------------------------------

enum class Capability { login, submit };
std::string_view to_string(Capability capability);
Decision decide_can(const ClientUser& user, Capability capability);
Decision decide_document(const ClientUser& submitter);

} // namespace acctctl
