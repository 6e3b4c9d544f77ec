// Adding and editing client users, and the alert recipient: R2, R3 (login), R9, R14.
#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/service/users.hpp"
#include "acctctl/user_change.hpp"
#include "acctctl/values.hpp"
#include "service/audit_events.hpp"
#include "service/client_state.hpp"
#include "service/event_detail.hpp"
#include "service/user_changes.hpp"

namespace acctctl {
namespace {

class AddUsers final : public BatchOperation {
public:
  AddUsers(std::string_view client_ref, std::vector<NewUser> users, EmailDefault email_default)
      : m_client_ref(client_ref), m_users(std::move(users)), m_email_default(email_default) {}

  bool may_ask() const override { return false; }

  Plan plan(Session& session, const Staff& actor) const override {
    ClientContext context = load_client_context(session, actor, m_client_ref, DocumentCounts::skip);
    Plan plan{"add", context.subject()};
    plan.items.reserve(m_users.size());
    const std::string now = session.clock.now();
    std::vector<ClientUser> candidates;
    candidates.reserve(m_users.size());
    for (const NewUser& spec : m_users) {
      candidates.push_back(build_user(spec, context.client, m_email_default, now));
    }
    const auto taken = taken_usernames(session, usernames_of(candidates));
    Id planned_id = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      PlannedItem item = plan.item(m_users[i].name, ItemResult::added);
      plan_added_user(std::move(candidates[i]), --planned_id, context.users, taken, context.client,
                      actor, session.clock.now(), item, plan.writes);
      plan.items.push_back(std::move(item));
    }
    return plan;
  }

private:
  std::string m_client_ref;
  std::vector<NewUser> m_users;
  EmailDefault m_email_default;
};

class EditUser final : public BatchOperation {
public:
  explicit EditUser(UserEdit edit) : m_edit(std::move(edit)) {}

  bool may_ask() const override { return false; }

  Plan plan(Session& session, const Staff& actor) const override {
    ClientContext context =
        load_client_context(session, actor, m_edit.client_ref, DocumentCounts::skip);
    Plan plan{"edit", context.subject()};
    PlannedItem& item = plan.items.emplace_back(plan.item(m_edit.user_ref, ItemResult::updated));
    const ClientUser* user = resolve_item(context, item);
    if (user == nullptr) {
      return plan;
    }
    std::optional<ClientUser> after = edited(*user);
    settle_start(*after, session.clock.now()); // R15: a start to come makes them pending
    item.warnings = settle_alert_recipient(*user, after, context.client); // R9
    item.decision =
        decide_edit(*user, *after,
                    find_conflicts(context.users, taken_usernames(session, usernames_of({*after})),
                                   *after, after->id));
    item.name = after->name;
    if (item.decision.applies()) {
      plan.writes.events.push_back(
          {make_event(session, actor, "user.edit", subject_of(context.client, *after),
                      user_changes(user, &*after)),
           std::nullopt});
      plan.writes.update(*user, std::move(*after));
    }
    return plan;
  }

private:
  // The user as the edit leaves them; an edit that breaks the login rules is a usage error.
  ClientUser edited(const ClientUser& user) const {
    ChangedUser changed = change_user(user, m_edit.change);
    if (!changed.decision.applies()) {
      throw Error(ExitCode::usage,
                  changed.user.login_access
                      ? fmt::format("{} needs an email or --username to log in",
                                    in_quotes(changed.user.name))
                      : std::string("--username needs login access: a user without login has "
                                    "no username"));
    }
    return std::move(changed.user);
  }

  UserEdit m_edit;
};

class AssignAlertRecipient final : public BatchOperation {
public:
  AssignAlertRecipient(std::string_view client_ref, std::string_view user_ref)
      : m_client_ref(client_ref), m_user_ref(user_ref) {}

  bool may_ask() const override { return false; }

  Plan plan(Session& session, const Staff& actor) const override {
    ClientContext context = load_client_context(session, actor, m_client_ref, DocumentCounts::skip);
    const ClientUser* current = context.users.alert_recipient();
    Plan plan{"alerts", context.subject()};
    PlannedItem& item = plan.items.emplace_back(plan.item(m_user_ref, ItemResult::assigned));
    const ClientUser* user = resolve_item(context, item);
    if (user == nullptr) {
      return plan;
    }
    item.decision = decide_alert_recipient(*user);
    if (item.decision.applies()) {
      nlohmann::ordered_json before = nullptr;
      if (current) {
        ClientUser previous = *current;
        previous.is_alert_recipient = false; // R9: the flag moves, there is only one
        plan.writes.update(*current, previous);
        before = {{"id", previous.id}, {"name", previous.name}};
      }
      ClientUser recipient = *user;
      recipient.is_alert_recipient = true;
      const nlohmann::ordered_json after = {{"id", recipient.id}, {"name", recipient.name}};
      plan.writes.events.push_back(
          {make_event(session, actor, "portal.alerts", subject_of(context.client, recipient),
                      detail_json({{"alert_recipient", {{"before", before}, {"after", after}}}})),
           std::nullopt});
      plan.writes.update(*user, std::move(recipient));
    }
    return plan;
  }

private:
  std::string m_client_ref;
  std::string m_user_ref;
};

} // namespace

BatchReport add_users(Session& session, std::string_view client_ref, std::vector<NewUser> users,
                      const BatchOptions& options) {
  return run_batch(session, AddUsers(client_ref, std::move(users), EmailDefault::none), options);
}

BatchReport add_portal_user(Session& session, std::string_view client_ref, NewUser user,
                            const BatchOptions& options) {
  user.login_access = true;
  return run_batch(session, AddUsers(client_ref, {std::move(user)}, EmailDefault::contact_email),
                   options);
}

BatchReport edit_user(Session& session, const UserEdit& edit, const BatchOptions& options) {
  return run_batch(session, EditUser(edit), options);
}

BatchReport assign_alert_recipient(Session& session, std::string_view client_ref,
                                   std::string_view user_ref, const BatchOptions& options) {
  return run_batch(session, AssignAlertRecipient(client_ref, user_ref), options);
}

} // namespace acctctl
