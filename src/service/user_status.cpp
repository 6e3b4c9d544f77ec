// Deactivate, enable, remove and transfer ownership: the first seed article's rules.
#include <fmt/format.h>

#include "acctctl/service/users.hpp"
#include "service/audit_events.hpp"
#include "service/client_state.hpp"
#include "service/event_detail.hpp"
#include "service/named_user_state.hpp"

namespace acctctl {
namespace {

std::string_view action_of(StatusChange change) {
  switch (change) {
  case StatusChange::deactivate:
    return "deactivate";
  case StatusChange::enable:
    return "enable";
  case StatusChange::remove:
    break;
  }
  return "remove";
}

class ChangeStatus final : public BatchOperation {
public:
  ChangeStatus(StatusChange change, std::string_view client_ref, std::vector<std::string> refs)
      : m_change(change), m_client_ref(client_ref), m_refs(std::move(refs)) {}

  bool may_ask() const override { return m_change != StatusChange::enable; }

  Plan plan(Session& session, const Staff& actor) const override {
    // R3, R5-R8 and R9's clearing look at each named user alone: the rest of the client
    // need not be loaded.
    NamedUserContext context(session, actor, m_client_ref, m_refs);
    Plan plan{std::string(action_of(m_change)), context.subject()};
    plan.confirmation = confirmation();
    plan.items.reserve(m_refs.size());
    const std::string now = session.clock.now(); // one time for the changes and their events
    const std::string event = fmt::format("user.{}", plan.action);
    for (std::size_t i = 0; i < m_refs.size(); ++i) {
      PlannedItem& item = plan.items.emplace_back(plan.item(m_refs[i], applied_result()));
      ClientUser* user = context.user_named(i, m_refs[i]);
      if (user == nullptr) {
        item.decision = Decision::not_found(context.not_found_reason(m_refs[i]));
        continue;
      }
      std::optional<ClientUser> after = decide(item, *user, now, context);
      if (!item.decision.applies()) {
        continue;
      }
      std::string detail =
          after ? user_changes(user, &*after) : user_changes(user, nullptr, item.documents);
      plan.writes.events.push_back(
          {make_event(now, actor, event, subject_of(context.client(), *user), std::move(detail)),
           std::nullopt});
      // Later mentions of the same user see this change (a repeated ref is unchanged).
      if (after) {
        plan.writes.update(*user, std::move(*after));
        *user = plan.writes.updated_users.back().row;
      } else {
        plan.writes.removed_users.push_back(user->id);
        context.remove(*user);
      }
    }
    return plan;
  }

private:
  ItemResult applied_result() const {
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

  Confirmation confirmation() const {
    switch (m_change) {
    case StatusChange::deactivate:
      return Confirmation::yes_no;
    case StatusChange::enable:
      return Confirmation::none;
    case StatusChange::remove:
      break;
    }
    return Confirmation::typed_delete;
  }

  // The user as the change leaves it: none once removed.
  std::optional<ClientUser> decide(PlannedItem& item, const ClientUser& user,
                                   const std::string& now, const NamedUserContext& context) const {
    item.about(user);
    item.documents = context.documents_of(user.id);
    UserDecision decided = decide_status_change(user, m_change, now, context.client());
    item.decision = std::move(decided.decision);
    item.warnings = std::move(decided.warnings);
    if (m_change == StatusChange::deactivate) {
      item.consequence = deactivation_consequence(item.documents);
    } else if (m_change == StatusChange::remove) {
      item.consequence = removal_consequence(item.documents);
    }
    return std::move(decided.after);
  }

  StatusChange m_change;
  std::string m_client_ref;
  std::vector<std::string> m_refs;
};

class TransferOwnership final : public BatchOperation {
public:
  TransferOwnership(std::string_view client_ref, std::string_view to_ref)
      : m_client_ref(client_ref), m_to_ref(to_ref) {}

  bool may_ask() const override { return true; }

  Plan plan(Session& session, const Staff& actor) const override {
    // R4 before anything else: only support transfers, whatever the client.
    require(decide_support_only(actor, "transfer ownership of a client account"));
    ClientContext context = load_client_context(session, actor, m_client_ref, DocumentCounts::load);
    const ClientUser* owner = context.users.owner();
    Plan plan{"transfer-ownership", context.subject()};
    plan.confirmation = Confirmation::yes_no;
    PlannedItem& item = plan.items.emplace_back(plan.item(m_to_ref, ItemResult::transferred));
    const ClientUser* user = resolve_item(context, item);
    if (user == nullptr) {
      return plan;
    }
    item.decision = decide_transfer(actor, *user);
    item.consequence =
        owner ? fmt::format("will become the account owner; {} stops being the owner and keeps "
                            "role and permissions",
                            owner->name)
              : "will become the account owner";
    if (item.decision.applies()) {
      nlohmann::ordered_json detail;
      if (owner) {
        ClientUser former = *owner;
        former.is_owner = false; // keeps role and permissions (R4); cleared before it moves
        plan.writes.update(*owner, former);
        detail["owner"] = {{"before", {{"id", former.id}, {"name", former.name}}},
                           {"after", {{"id", user->id}, {"name", user->name}}}};
      }
      ClientUser new_owner = *user;
      new_owner.is_owner = true;
      plan.writes.events.push_back(
          {make_event(session, actor, "user.transfer-ownership",
                      subject_of(context.client, new_owner), detail_json(detail)),
           std::nullopt});
      plan.writes.update(*user, std::move(new_owner));
    }
    return plan;
  }

private:
  std::string m_client_ref;
  std::string m_to_ref;
};

} // namespace

BatchReport change_user_status(Session& session, StatusChange change, std::string_view client_ref,
                               std::vector<std::string> refs, const BatchOptions& options,
                               Confirmer& confirmer) {
  return run_batch(session, ChangeStatus(change, client_ref, std::move(refs)), options, confirmer);
}

BatchReport transfer_ownership(Session& session, std::string_view client_ref,
                               std::string_view to_ref, const BatchOptions& options,
                               Confirmer& confirmer) {
  return run_batch(session, TransferOwnership(client_ref, to_ref), options, confirmer);
}

} // namespace acctctl
