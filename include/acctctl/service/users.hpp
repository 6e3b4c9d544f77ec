#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acctctl/service/batch.hpp"
#include "acctctl/service/session.hpp"
#include "acctctl/user_change.hpp"

// The client users of an account: the lifecycle of the first seed article (R2–R14).
namespace acctctl {

// users deactivate|enable|remove: one batch over `refs` (R3, R5–R8, R9's clearing, R11, R12).
BatchReport change_user_status(Session& session, StatusChange change, std::string_view client_ref,
                               std::vector<std::string> refs, const BatchOptions& options,
                               Confirmer& confirmer);

// users offboard (SPEC §3.3): every user whose email or username is `person`, in the client
// accounts the actor may manage (or only `client_refs`), deactivated or removed in one batch
// across them (R3, R8, R9 per client; R10, R11). Nothing anywhere is exit 3.
BatchReport offboard_person(Session& session, std::string_view person, StatusChange change,
                            std::vector<std::string> client_refs, const BatchOptions& options,
                            Confirmer& confirmer);

// R4: support makes `to_ref` the owner; the previous owner keeps role and permissions.
BatchReport transfer_ownership(Session& session, std::string_view client_ref,
                               std::string_view to_ref, const BatchOptions& options,
                               Confirmer& confirmer);

// users add (one, or many from CSV) and portal add: R2 (first user is owner) and R14.
BatchReport add_users(Session& session, std::string_view client_ref, std::vector<NewUser> users,
                      const BatchOptions& options);

struct UserEdit {
  std::string client_ref;
  std::string user_ref;
  UserChange change; // users edit's options
};

// portal add: a login user whose email defaults to the client's contact email.
BatchReport add_portal_user(Session& session, std::string_view client_ref, NewUser user,
                            const BatchOptions& options);

BatchReport edit_user(Session& session, const UserEdit& edit, const BatchOptions& options);

// portal alerts: R9, the one alert recipient of a client account.
BatchReport assign_alert_recipient(Session& session, std::string_view client_ref,
                                   std::string_view user_ref, const BatchOptions& options);

struct UserQuery {
  std::optional<std::string> client_ref; // none: every client the actor reaches
  std::optional<UserStatus> status;      // none: every status
  std::optional<Role> role;
  std::optional<bool> login_access;
  std::optional<std::string> search;
  std::optional<std::string> ending_before; // canonical UTC: users whose access ends before it
};

void list_users(Session& session, const UserQuery& query, const Sink<UserListing>& sink);

// Without a client, an email or username that matches users of several clients is ambiguous.
UserListing show_user(Session& session, std::string_view user_ref,
                      const std::optional<std::string>& client_ref);

struct CapabilityAnswer {
  std::string name;
  Decision decision;
};

// users can: whether the user may log in or submit (R5), for other services' scripts.
CapabilityAnswer check_capability(Session& session, std::string_view client_ref,
                                  std::string_view user_ref, Capability capability);

} // namespace acctctl
