// Deactivate, enable, remove and transfer ownership: the first seed article's rules.
#include <fmt/format.h>

#include "acctctl/users.hpp"
#include "client_context.hpp"

namespace acctctl {
namespace {

std::string documents_stay(std::int64_t documents) {
  return documents == 1 ? "their 1 document stays"
                        : fmt::format("their {} documents stay", documents);
}

class ChangeStatus final : public BatchOperation {
public:
  ChangeStatus(StatusChange change, std::string_view client_ref, std::vector<std::string> refs)
      : m_change(change), m_client_ref(client_ref), m_refs(std::move(refs)) {}

  ItemResult applied_result() const override {
    switch (m_change) {
    case StatusChange::deactivate:
      return ItemResult::deactivated;
    case StatusChange::enable:
      return ItemResult::enabled;
    case StatusChange::remove:
      break;
    }
    return ItemResult::removed;
  }

  bool needs_confirmation() const override { return m_change != StatusChange::enable; }

  Plan plan(Session& session, const Staff& actor) override {
    ClientContext context = load_client_context(session, actor, m_client_ref, true);
    m_client = context.client;
    Plan plan{std::string(action()), context.subject(), {}};
    plan.items.reserve(m_refs.size());
    const std::string now = session.clock.now();
    for (const std::string& ref : m_refs) {
      PlannedItem item = plan_user_item(context, ref);
      if (item.before) {
        decide(item, now, context.client);
        // Later mentions of the same user see this change (a repeated ref is unchanged).
        if (item.decision.applies()) {
          if (item.after) {
            context.roster.put(*item.after);
          } else {
            context.roster.erase(item.before->id);
          }
        }
      }
      plan.items.push_back(std::move(item));
    }
    return plan;
  }

  void apply(Session& session, const Staff& actor, Plan& plan) override {
    const std::string event = fmt::format("user.{}", action());
    std::size_t done = 0;
    for (const PlannedItem& item : plan.items) {
      session.checkpoint(++done, plan.items.size());
      if (!item.decision.applies()) {
        continue;
      }
      const ClientUser& before = *item.before;
      nlohmann::ordered_json detail;
      if (item.after) {
        session.store.update_user(*item.after);
        detail = user_changes(&before, &*item.after);
      } else {
        session.store.delete_user(before.id);
        detail = user_changes(&before, nullptr);
        detail["documents_kept"] = item.documents;
      }
      record_event(session, actor, event, subject_of(m_client, before), detail);
    }
  }

private:
  std::string_view action() const {
    switch (m_change) {
    case StatusChange::deactivate:
      return "deactivate";
    case StatusChange::enable:
      return "enable";
    case StatusChange::remove:
      break;
    }
    return "remove";
  }

  void decide(PlannedItem& item, const std::string& now, const ClientAccount& client) const {
    const ClientUser& user = *item.before;
    switch (m_change) {
    case StatusChange::deactivate:
      item.decision = decide_deactivate(user);
      item.after->status = UserStatus::deactivated;
      item.after->deactivated_at = now;
      item.consequence =
          fmt::format("will lose login access and the ability to submit documents; {}",
                      documents_stay(item.documents));
      break;
    case StatusChange::enable:
      item.decision = decide_enable(user);
      item.after->status = UserStatus::active;
      item.after->deactivated_at.reset();
      return;
    case StatusChange::remove:
      item.decision = decide_remove(user);
      item.after.reset();
      item.consequence = fmt::format(
          "will be removed permanently: they cannot be enabled again and must be added again as "
          "a new user; {}, under their name",
          documents_stay(item.documents));
      break;
    }
    // R9: the alert recipient must be active; losing them clears the flag, with a warning.
    if (item.after) {
      item.after->is_alert_recipient = false;
    }
    if (user.is_alert_recipient) {
      item.warnings.push_back(alert_cleared_warning(user, client));
    }
  }

  StatusChange m_change;
  std::string m_client_ref;
  std::vector<std::string> m_refs;
  ClientAccount m_client;
};

class TransferOwnership final : public BatchOperation {
public:
  TransferOwnership(std::string_view client_ref, std::string_view to_ref)
      : m_client_ref(client_ref), m_to_ref(to_ref) {}

  ItemResult applied_result() const override { return ItemResult::transferred; }
  bool needs_confirmation() const override { return true; }

  Plan plan(Session& session, const Staff& actor) override {
    // R4 before anything else: only support transfers, whatever the client.
    require(decide_support_only(actor, "transfer ownership of a client account"));
    ClientContext context = load_client_context(session, actor, m_client_ref, true);
    m_client = context.client;
    const ClientUser* owner = context.roster.owner();
    m_previous_owner = owner ? std::optional<ClientUser>(*owner) : std::nullopt;
    Plan plan{"transfer-ownership", context.subject(), {}};
    PlannedItem item = plan_user_item(context, m_to_ref);
    if (item.before) {
      item.decision = decide_transfer(actor, *item.before);
      item.after->is_owner = true;
      item.consequence =
          m_previous_owner
              ? fmt::format("will become the account owner; {} stops being the owner and keeps "
                            "role and permissions",
                            m_previous_owner->name)
              : "will become the account owner";
    }
    plan.items.push_back(std::move(item));
    return plan;
  }

  void apply(Session& session, const Staff& actor, Plan& plan) override {
    const PlannedItem& item = plan.items.front();
    nlohmann::ordered_json detail;
    if (m_previous_owner) {
      ClientUser former = *m_previous_owner;
      former.is_owner = false; // keeps role and permissions (R4)
      session.store.update_user(former);
      detail["owner"] = {{"before", {{"id", former.id}, {"name", former.name}}},
                         {"after", {{"id", item.before->id}, {"name", item.before->name}}}};
    }
    session.store.update_user(*item.after);
    record_event(session, actor, "user.transfer-ownership", subject_of(m_client, *item.after),
                 detail);
  }

private:
  std::string m_client_ref;
  std::string m_to_ref;
  ClientAccount m_client;
  std::optional<ClientUser> m_previous_owner;
};

} // namespace

BatchReport change_user_status(Session& session, StatusChange change, std::string_view client_ref,
                               const std::vector<std::string>& refs, const BatchOptions& options,
                               Confirmer& confirmer) {
  ChangeStatus operation(change, client_ref, refs);
  return run_batch(session, operation, options, confirmer);
}

BatchReport transfer_ownership(Session& session, std::string_view client_ref,
                               std::string_view to_ref, const BatchOptions& options,
                               Confirmer& confirmer) {
  TransferOwnership operation(client_ref, to_ref);
  return run_batch(session, operation, options, confirmer);
}

} // namespace acctctl
