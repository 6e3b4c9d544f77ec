// users sync's planner: current users + roster in, a plan out; every decision is rules.hpp's.
#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/service/sync.hpp"
#include "acctctl/user_change.hpp"
#include "acctctl/values.hpp"
#include "service/audit_events.hpp"
#include "service/client_state.hpp"
#include "service/sync_plan.hpp"
#include "service/user_changes.hpp"

namespace acctctl {
namespace {

// The first line that claimed each key, to name both lines of a duplicate.
class FirstLines {
public:
  // Throws Error(usage) if `key` was claimed by an earlier line.
  void claim(const std::string& key, std::size_t line, std::string_view what) {
    const auto [found, inserted] = m_lines.emplace(key, line);
    if (!inserted) {
      throw Error(ExitCode::usage,
                  fmt::format("lines {} and {} of the roster {}: each user may appear once; "
                              "nothing changed",
                              found->second, line, what));
    }
  }

private:
  std::unordered_map<std::string, std::size_t> m_lines;
};

// The users without login access by exact name: a roster row without login names them so.
std::unordered_multimap<std::string, const ClientUser*> document_owners(const ClientUsers& users) {
  std::unordered_multimap<std::string, const ClientUser*> by_name;
  for (const ClientUser* user : users.in_id_order()) {
    if (!user->login_access) {
      by_name.emplace(user->name, user);
    }
  }
  return by_name;
}

// The user a row refers to: by username if it has one, else by email, else (a row without
// login) by exact name among users without login.
const ClientUser* match_row(const SyncState& state,
                            const std::unordered_multimap<std::string, const ClientUser*>& owners,
                            const RosterRow& row) {
  if (row.user.username) {
    return state.users.with_username(*row.user.username);
  }
  if (row.user.email) {
    return state.users.with_email(*row.user.email);
  }
  if (row.user.login_access) {
    return nullptr;
  }
  const auto [first, last] = owners.equal_range(row.user.name);
  if (first != last && std::next(first) != last) {
    throw Error(ExitCode::usage,
                fmt::format("line {} of the roster: several users without login are named {}: "
                            "give each a distinct name first; nothing changed",
                            row.line, in_quotes(row.user.name)));
  }
  return first == last ? nullptr : first->second;
}

// Every row's match, checking that no two rows claim the same user, username or email.
std::vector<const ClientUser*> match_rows(const SyncState& state, const Roster& roster) {
  const auto owners = document_owners(state.users);
  FirstLines usernames;
  FirstLines emails;
  FirstLines matched;
  std::vector<const ClientUser*> matches;
  matches.reserve(roster.rows.size());
  for (const RosterRow& row : roster.rows) {
    if (row.user.username) {
      usernames.claim(fold_key(*row.user.username), row.line,
                      fmt::format("both carry username {}", *row.user.username));
    }
    if (row.user.email) {
      emails.claim(fold_key(*row.user.email), row.line,
                   fmt::format("both carry email {}", *row.user.email));
    }
    const ClientUser* user = match_row(state, owners, row);
    if (user != nullptr) {
      matched.claim(std::to_string(user->id), row.line,
                    fmt::format("both match user {} (id {})", user->name, user->id));
    }
    matches.push_back(user);
  }
  return matches;
}

// What a row asks of the user it matches: only the columns the roster has, only non-empty
// cells, and a role only when it differs (as users edit --role, it brings its permissions).
UserChange change_of(const ClientUser& current, const RosterRow& row, const Roster& roster) {
  UserChange change;
  change.name = row.user.name;
  change.email = row.user.email;
  change.username = row.user.username;
  if (roster.has_role && row.user.role && *row.user.role != current.role) {
    change.role = row.user.role;
  }
  change.permissions = row.user.permissions;
  change.login_access = row.login;
  // SPEC §3.2: an empty start or end cell keeps the current value.
  if (row.user.starts_at) {
    change.starts_at = row.user.starts_at;
  }
  if (row.user.ends_at) {
    change.ends_at = row.user.ends_at;
  }
  return change;
}

class SyncPlanner {
public:
  SyncPlanner(const SyncState& state, const Roster& roster)
      : m_state(state), m_roster(roster), m_users(state.users),
        m_plan("sync", client_subject(state.client)) {}

  Plan run(MissingUsers missing) {
    const std::vector<const ClientUser*> matches = match_rows(m_state, m_roster);
    std::unordered_map<Id, bool> listed;
    m_plan.items.reserve(matches.size());
    for (std::size_t i = 0; i < matches.size(); ++i) {
      const RosterRow& row = m_roster.rows[i];
      if (matches[i] == nullptr) {
        plan_add(row);
      } else {
        listed.emplace(matches[i]->id, true);
        plan_update(*matches[i], row);
      }
    }
    if (missing != MissingUsers::keep) {
      for (const ClientUser* user : m_state.users.in_id_order()) {
        if (!listed.contains(user->id)) {
          plan_missing(*user, missing);
        }
      }
    }
    finish();
    return std::move(m_plan);
  }

private:
  PlannedItem item_for(std::string_view ref, std::string_view action, ItemResult on_apply) {
    PlannedItem item = m_plan.item(ref, on_apply);
    item.action = action;
    return item;
  }

  void event(std::string_view action, const ClientUser& user, std::string detail) {
    m_plan.writes.events.push_back({make_event(m_state.now, m_state.actor, action,
                                               subject_of(m_state.client, user), std::move(detail)),
                                    std::nullopt});
  }

  void plan_add(const RosterRow& row) {
    PlannedItem item = item_for(row.user.name, "add", ItemResult::added);
    plan_added_user(build_user(row.user, m_state.client, EmailDefault::none, m_state.now),
                    --m_planned_id, m_users, m_state.taken_usernames, m_state.client, m_state.actor,
                    m_state.now, item, m_plan.writes);
    if (item.decision.applies()) {
      item.consequence = "will be added";
    }
    m_plan.items.push_back(std::move(item));
  }

  void plan_update(const ClientUser& current, const RosterRow& row) {
    const bool enable = current.status == UserStatus::deactivated; // a pending user waits (R15)
    PlannedItem item = enable ? item_for(row.user.name, "enable", ItemResult::enabled)
                              : item_for(row.user.name, "edit", ItemResult::updated);
    item.id = current.id;
    item.email = current.email;
    ChangedUser changed = change_user(current, change_of(current, row, m_roster));
    std::optional<ClientUser> settled = std::move(changed.user);
    item.warnings = settle_alert_recipient(current, settled, m_state.client); // R9
    ClientUser after = std::move(*settled);
    item.decision = std::move(changed.decision);
    if (item.decision.applies()) {
      item.decision = decide_edit(
          current, after, find_conflicts(m_users, m_state.taken_usernames, after, after.id));
    }
    if (enable && item.decision.outcome == Outcome::unchanged) {
      item.decision = decide_enable(current, m_state.now); // R7: only the status changes
    }
    if (enable && item.decision.applies()) {
      after.status = UserStatus::active;
      after.deactivated_at.reset();
    }
    settle_start(after, m_state.now); // R15
    if (!enable && item.decision.outcome == Outcome::unchanged) {
      item.action = "none";
    }
    if (item.decision.applies()) {
      m_users.put(after);
      item.consequence = enable ? "will be enabled" : "will be updated";
      event(enable ? "user.enable" : "user.edit", after, user_changes(&current, &after));
      m_plan.writes.update(current, std::move(after));
    }
    m_plan.items.push_back(std::move(item));
  }

  void plan_missing(const ClientUser& user, MissingUsers missing) {
    const bool remove = missing == MissingUsers::remove;
    PlannedItem item = remove ? item_for(user.name, "remove", ItemResult::removed)
                              : item_for(user.name, "deactivate", ItemResult::deactivated);
    item.ref = std::to_string(user.id);
    item.id = user.id;
    item.email = user.email;
    const auto documents = m_state.documents.find(user.id);
    item.documents = documents == m_state.documents.end() ? 0 : documents->second;
    UserDecision decided =
        decide_status_change(user, remove ? StatusChange::remove : StatusChange::deactivate,
                             m_state.now, m_state.client);
    item.decision = std::move(decided.decision);
    item.warnings = std::move(decided.warnings);
    if (item.decision.applies()) {
      std::string detail;
      if (remove) {
        item.consequence = removal_consequence(item.documents);
        m_plan.writes.removed_users.push_back(user.id);
        detail = user_changes(&user, nullptr, item.documents);
        m_users.erase(user.id);
      } else {
        const ClientUser& after = *decided.after;
        item.consequence = deactivation_consequence(item.documents);
        m_plan.writes.update(user, after);
        detail = user_changes(&user, &after);
        m_users.put(after);
      }
      event(remove ? "user.remove" : "user.deactivate", user, std::move(detail));
    }
    m_plan.items.push_back(std::move(item));
  }

  // The confirmation (R10) and the summary's count of what will happen.
  void finish() {
    std::vector<std::string> parts;
    const auto count = [&](std::string_view action, Outcome outcome) {
      return std::count_if(m_plan.items.begin(), m_plan.items.end(), [&](const PlannedItem& i) {
        return i.decision.outcome == outcome && (action.empty() || i.action == action);
      });
    };
    for (const std::string_view action : {"add", "enable", "edit", "deactivate", "remove"}) {
      if (const auto n = count(action, Outcome::apply); n > 0) {
        parts.push_back(fmt::format("{} to {}", n, action));
      }
    }
    if (const auto n = count({}, Outcome::unchanged); n > 0) {
      parts.push_back(fmt::format("{} unchanged", n));
    }
    if (const auto n = count({}, Outcome::refused); n > 0) {
      parts.push_back(fmt::format("{} refused", n));
    }
    m_plan.tally = fmt::format("{}", fmt::join(parts, ", "));
    if (count("remove", Outcome::apply) > 0) {
      m_plan.confirmation = Confirmation::typed_delete;
    } else if (count("deactivate", Outcome::apply) > 0) {
      m_plan.confirmation = Confirmation::yes_no;
    }
  }

  const SyncState& m_state;
  const Roster& m_roster;
  ClientUsers m_users; // as planned so far: later rows see earlier ones
  Plan m_plan;
  Id m_planned_id = 0;
};

} // namespace

Plan plan_sync(const SyncState& state, const Roster& roster, MissingUsers missing) {
  return SyncPlanner(state, roster).run(missing);
}

std::optional<SyncLimit> parse_sync_limit(std::string_view text) {
  SyncLimit limit;
  limit.given = std::string(text);
  if (!text.empty() && text.back() == '%') {
    limit.percent = true;
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != text.npos) {
    return std::nullopt;
  }
  for (const char digit : text) {
    limit.value = limit.value * 10 + (digit - '0');
  }
  if (limit.percent && limit.value > 100) {
    return std::nullopt;
  }
  return limit;
}

std::optional<std::string> sync_guard_refusal(const Plan& plan, std::size_t users,
                                              const SyncGuards& guards) {
  const auto total = static_cast<std::int64_t>(users);
  const auto over = [&](std::string_view action, const std::optional<SyncLimit>& limit,
                        std::string_view option) -> std::optional<std::string> {
    if (!limit) {
      return std::nullopt;
    }
    const auto count = static_cast<std::int64_t>(
        std::count_if(plan.items.begin(), plan.items.end(), [&](const PlannedItem& item) {
          return item.action == action && item.decision.applies();
        }));
    const bool exceeds = limit->percent ? count * 100 > limit->value * total : count > limit->value;
    if (!exceeds) {
      return std::nullopt;
    }
    return fmt::format("the roster would {} {} of {} users ({}%), over {} {}; nothing changed",
                       action, count, total, total == 0 ? 0 : count * 100 / total, option,
                       limit->given);
  };
  if (auto refusal = over("deactivate", guards.max_deactivate, "--max-deactivate")) {
    return refusal;
  }
  return over("remove", guards.max_remove, "--max-remove");
}

} // namespace acctctl
