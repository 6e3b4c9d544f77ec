// Adding and editing client users, and the alert recipient: R2, R3 (login), R9, R14.
#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/users.hpp"
#include "acctctl/values.hpp"
#include "client_context.hpp"

namespace acctctl {
namespace {

enum class EmailDefault { none, contact_email };

ClientUser build_user(const NewUser& spec, const ClientAccount& client, EmailDefault email_default,
                      const std::string& now) {
  ClientUser user;
  user.client_id = client.id;
  user.name = spec.name;
  user.email = spec.email;
  if (!user.email && email_default == EmailDefault::contact_email) {
    user.email = client.contact_email;
    if (!user.email && !spec.username) {
      throw Error(ExitCode::usage,
                  fmt::format("client {} has no contact email to give {}: pass --email (or "
                              "--username)",
                              client.name, in_quotes(spec.name)));
    }
  }
  user.role = spec.role.value_or(Role::standard);
  user.permissions = spec.permissions.value_or(default_permissions(user.role));
  user.login_access = spec.login_access;
  if (spec.login_access) {
    user.username = spec.username ? spec.username : user.email;
    if (!user.username) {
      throw Error(ExitCode::usage,
                  fmt::format("{} needs an email or a username to log in (or --no-login)",
                              in_quotes(spec.name)));
    }
  }
  user.created_at = now;
  return user;
}

Conflicts find_conflicts(Session& session, const Roster& roster, const ClientUser& user,
                         std::optional<Id> except) {
  Conflicts conflicts;
  if (user.email) {
    conflicts.same_email_in_client = roster.with_email(*user.email, except);
  }
  if (user.username) {
    conflicts.username_taken = roster.with_username(*user.username, except) != nullptr ||
                               session.store.username_taken(*user.username, except);
  }
  return conflicts;
}

class AddUsers final : public BatchOperation {
public:
  AddUsers(std::string_view client_ref, std::vector<NewUser> users, EmailDefault email_default)
      : m_client_ref(client_ref), m_users(std::move(users)), m_email_default(email_default) {}

  ItemResult applied_result() const override { return ItemResult::added; }
  bool needs_confirmation() const override { return false; }

  Plan plan(Session& session, const Staff& actor) override {
    ClientContext context = load_client_context(session, actor, m_client_ref, false);
    m_client = context.client;
    Plan plan{"add", context.subject(), {}};
    plan.items.reserve(m_users.size());
    const std::string now = session.clock.now();
    Id planned_id = 0;
    for (const NewUser& spec : m_users) {
      ClientUser user = build_user(spec, context.client, m_email_default, now);
      user.id = --planned_id; // a placeholder until the store numbers it
      PlannedItem item;
      item.ref = spec.name;
      item.name = spec.name;
      if (context.roster.empty()) {
        item.decision = decide_first_user(user); // R2
        user.is_owner = item.decision.applies();
      }
      if (item.decision.applies()) {
        item.decision = decide_uniqueness(user, find_conflicts(session, context.roster, user, {}));
      }
      if (item.decision.applies()) {
        context.roster.put(user);
      }
      item.after = std::move(user);
      plan.items.push_back(std::move(item));
    }
    return plan;
  }

  void apply(Session& session, const Staff& actor, Plan& plan) override {
    std::size_t done = 0;
    for (PlannedItem& item : plan.items) {
      session.checkpoint(++done, plan.items.size());
      if (!item.decision.applies()) {
        continue;
      }
      ClientUser& user = *item.after;
      user.id = 0;
      user.id = session.store.insert_user(user);
      item.id = user.id;
      record_event(session, actor, "user.add", subject_of(m_client, user),
                   user_changes(nullptr, &user));
    }
  }

private:
  std::string m_client_ref;
  std::vector<NewUser> m_users;
  EmailDefault m_email_default;
  ClientAccount m_client;
};

class EditUser final : public BatchOperation {
public:
  explicit EditUser(UserEdit edit) : m_edit(std::move(edit)) {}

  ItemResult applied_result() const override { return ItemResult::updated; }
  bool needs_confirmation() const override { return false; }

  Plan plan(Session& session, const Staff& actor) override {
    ClientContext context = load_client_context(session, actor, m_edit.client_ref, false);
    m_client = context.client;
    Plan plan{"edit", context.subject(), {}};
    PlannedItem item = plan_user_item(context, m_edit.user_ref);
    if (item.before) {
      ClientUser& after = *item.after;
      apply_edit(after);
      if (item.before->is_alert_recipient && !after.login_access) {
        after.is_alert_recipient = false; // R9: the recipient must be a login user
        item.warnings.push_back(alert_cleared_warning(*item.before, context.client));
      }
      item.decision = decide_edit(*item.before, after,
                                  find_conflicts(session, context.roster, after, after.id));
      item.name = after.name;
    }
    plan.items.push_back(std::move(item));
    return plan;
  }

  void apply(Session& session, const Staff& actor, Plan& plan) override {
    const PlannedItem& item = plan.items.front();
    session.store.update_user(*item.after);
    record_event(session, actor, "user.edit", subject_of(m_client, *item.after),
                 user_changes(&*item.before, &*item.after));
  }

private:
  void apply_edit(ClientUser& user) const {
    if (m_edit.name) {
      user.name = *m_edit.name;
    }
    if (m_edit.email) {
      user.email = *m_edit.email;
    }
    if (m_edit.role) {
      user.role = *m_edit.role;
      user.permissions = default_permissions(*m_edit.role);
    }
    for (const Permission permission : m_edit.add_permissions) {
      user.permissions.insert(permission);
    }
    for (const Permission permission : m_edit.remove_permissions) {
      user.permissions.erase(permission);
    }
    const bool login = m_edit.login_access.value_or(user.login_access);
    if (!login) {
      if (m_edit.username) {
        throw Error(ExitCode::usage, "--username needs login access: a user without login "
                                     "has no username");
      }
      user.login_access = false;
      user.username.reset();
      return;
    }
    if (m_edit.username) {
      user.username = *m_edit.username;
    } else if (!user.login_access) {
      user.username = user.email;
    }
    if (!user.username) {
      throw Error(ExitCode::usage,
                  fmt::format("{} needs an email or --username to log in", in_quotes(user.name)));
    }
    user.login_access = true;
  }

  UserEdit m_edit;
  ClientAccount m_client;
};

class AssignAlertRecipient final : public BatchOperation {
public:
  AssignAlertRecipient(std::string_view client_ref, std::string_view user_ref)
      : m_client_ref(client_ref), m_user_ref(user_ref) {}

  ItemResult applied_result() const override { return ItemResult::assigned; }
  bool needs_confirmation() const override { return false; }

  Plan plan(Session& session, const Staff& actor) override {
    ClientContext context = load_client_context(session, actor, m_client_ref, false);
    m_client = context.client;
    const ClientUser* current = context.roster.alert_recipient();
    m_previous = current ? std::optional<ClientUser>(*current) : std::nullopt;
    Plan plan{"alerts", context.subject(), {}};
    PlannedItem item = plan_user_item(context, m_user_ref);
    if (item.before) {
      item.decision = decide_alert_recipient(*item.before);
      item.after->is_alert_recipient = true;
    }
    plan.items.push_back(std::move(item));
    return plan;
  }

  void apply(Session& session, const Staff& actor, Plan& plan) override {
    const PlannedItem& item = plan.items.front();
    nlohmann::ordered_json before = nullptr;
    if (m_previous) {
      ClientUser previous = *m_previous;
      previous.is_alert_recipient = false; // R9: the flag moves, there is only one
      session.store.update_user(previous);
      before = {{"id", previous.id}, {"name", previous.name}};
    }
    session.store.update_user(*item.after);
    const nlohmann::ordered_json after = {{"id", item.after->id}, {"name", item.after->name}};
    record_event(session, actor, "portal.alerts", subject_of(m_client, *item.after),
                 {{"alert_recipient", {{"before", before}, {"after", after}}}});
  }

private:
  std::string m_client_ref;
  std::string m_user_ref;
  ClientAccount m_client;
  std::optional<ClientUser> m_previous;
};

} // namespace

BatchReport add_users(Session& session, std::string_view client_ref, std::vector<NewUser> users,
                      const BatchOptions& options) {
  AddUsers operation(client_ref, std::move(users), EmailDefault::none);
  NoConfirmation no_confirmation;
  return run_batch(session, operation, options, no_confirmation);
}

BatchReport add_portal_user(Session& session, std::string_view client_ref, NewUser user,
                            const BatchOptions& options) {
  user.login_access = true;
  AddUsers operation(client_ref, {std::move(user)}, EmailDefault::contact_email);
  NoConfirmation no_confirmation;
  return run_batch(session, operation, options, no_confirmation);
}

BatchReport edit_user(Session& session, const UserEdit& edit, const BatchOptions& options) {
  EditUser operation(edit);
  NoConfirmation no_confirmation;
  return run_batch(session, operation, options, no_confirmation);
}

BatchReport assign_alert_recipient(Session& session, std::string_view client_ref,
                                   std::string_view user_ref, const BatchOptions& options) {
  AssignAlertRecipient operation(client_ref, user_ref);
  NoConfirmation no_confirmation;
  return run_batch(session, operation, options, no_confirmation);
}

} // namespace acctctl
