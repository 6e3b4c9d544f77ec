#include "format/export/export_checks.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "acctctl/audit_chain.hpp"
#include "acctctl/lookalike.hpp"
#include "acctctl/values.hpp"
#include "format/export/export_rows.hpp"

namespace acctctl {
namespace {

using export_rows::invalid;

// `key` returns an optional key per row; rows without one (no username, say) are skipped.
template <typename Row, typename Key>
void require_unique(const std::vector<Row>& rows, const char* section_name, Key key,
                    const char* what) {
  std::set<typename decltype(key(std::declval<const Row&>()))::value_type> seen;
  for (std::size_t index = 0; index < rows.size(); ++index) {
    const auto value = key(rows[index]);
    if (value && !seen.insert(*value).second) {
      invalid(fmt::format("{}[{}]", section_name, index), fmt::format("duplicate {}", what));
    }
  }
}

template <typename Row> std::optional<Id> id_of(const Row& row) {
  return row.id;
}

} // namespace

void check_export_consistency(const Snapshot& s) {
  require_unique(s.practices, "practices", &id_of<Practice>, "id");
  require_unique(
      s.practices, "practices", [](const Practice& p) { return std::optional(fold_key(p.name)); },
      "name");
  require_unique(s.staff, "staff", &id_of<Staff>, "id");
  require_unique(
      s.staff, "staff", [](const Staff& p) { return std::optional(fold_key(p.email)); }, "email");
  require_unique(s.clients, "clients", &id_of<ClientAccount>, "id");
  require_unique(
      s.clients, "clients",
      [](const ClientAccount& c) {
        return std::optional(std::pair(c.practice_id, fold_key(c.name)));
      },
      "name in its practice");
  require_unique(
      s.access, "access",
      [](const AccessGrant& g) { return std::optional(std::pair(g.staff_id, g.client_id)); },
      "grant");
  require_unique(s.users, "users", &id_of<ClientUser>, "id");
  require_unique(
      s.users, "users", [](const ClientUser& u) { return folded(u.username); }, "username (R14)");
  require_unique(
      s.users, "users",
      [](const ClientUser& u) {
        return u.username ? std::optional(confusable_skeleton(*u.username)) : std::nullopt;
      },
      "username: it looks like another's (R14, Unicode TS #39 confusables)");
  require_unique(
      s.users, "users",
      [](const ClientUser& u) {
        return u.email ? std::optional(std::pair(u.client_id, fold_key(*u.email))) : std::nullopt;
      },
      "email in its client account (R14)");
  require_unique(s.documents, "documents", &id_of<Document>, "id");
  require_unique(s.audit, "audit", &id_of<AuditEvent>, "id");

  std::unordered_set<Id> practices;
  for (const Practice& practice : s.practices) {
    practices.insert(practice.id);
  }
  std::unordered_map<Id, const Staff*> staff;
  for (std::size_t i = 0; i < s.staff.size(); ++i) {
    staff.emplace(s.staff[i].id, &s.staff[i]);
    if (s.staff[i].practice_id && !practices.contains(*s.staff[i].practice_id)) {
      invalid(fmt::format("staff[{}]", i), "refers to a missing practice");
    }
  }
  std::unordered_map<Id, const ClientAccount*> clients;
  for (std::size_t i = 0; i < s.clients.size(); ++i) {
    const ClientAccount& client = s.clients[i];
    clients.emplace(client.id, &client);
    if (!practices.contains(client.practice_id)) {
      invalid(fmt::format("clients[{}]", i), "refers to a missing practice");
    }
    if (client.professional_id) {
      const auto professional = staff.find(*client.professional_id);
      if (professional == staff.end() || professional->second->practice_id != client.practice_id) {
        invalid(fmt::format("clients[{}]", i),
                "the professional must be staff of the client's practice");
      }
    }
  }
  for (std::size_t i = 0; i < s.access.size(); ++i) {
    if (!staff.contains(s.access[i].staff_id) || !clients.contains(s.access[i].client_id)) {
      invalid(fmt::format("access[{}]", i), "refers to a missing staff member or client");
    }
  }
  struct Flags {
    int users = 0, owners = 0, alert_recipients = 0;
  };
  std::unordered_map<Id, Flags> per_client;
  std::unordered_map<Id, Id> user_client;
  for (std::size_t i = 0; i < s.users.size(); ++i) {
    const ClientUser& user = s.users[i];
    const std::string where = fmt::format("users[{}]", i);
    if (!clients.contains(user.client_id)) {
      invalid(where, "refers to a missing client");
    }
    user_client.emplace(user.id, user.client_id);
    Flags& flags = per_client[user.client_id];
    ++flags.users;
    if (user.is_owner) {
      ++flags.owners;
      if (!user.is_active() || !user.login_access) {
        invalid(where, "the owner must be an active user with login access (R2)");
      }
    }
    if (user.is_alert_recipient) {
      ++flags.alert_recipients;
      if (!user.is_active() || !user.login_access) {
        invalid(where, "the alert recipient must be an active user with login access (R9)");
      }
    }
  }
  for (const auto& [client_id, flags] : per_client) {
    if (flags.owners != 1) {
      invalid(fmt::format("client {}", clients.at(client_id)->name),
              fmt::format("has {} owners; a client account with users has exactly one (R2)",
                          flags.owners));
    }
    if (flags.alert_recipients > 1) {
      invalid(fmt::format("client {}", clients.at(client_id)->name),
              "has more than one alert recipient (R9)");
    }
  }
  std::unordered_set<std::string> staff_emails;
  for (const Staff& member : s.staff) {
    staff_emails.insert(fold_key(member.email));
  }
  for (std::size_t i = 0; i < s.audit.size(); ++i) {
    if (!staff_emails.contains(fold_key(s.audit[i].actor))) {
      invalid(fmt::format("audit[{}]", i),
              fmt::format("its actor {} is not staff in this export", in_quotes(s.audit[i].actor)));
    }
  }
  for (std::size_t i = 0; i < s.documents.size(); ++i) {
    const Document& document = s.documents[i];
    const std::string where = fmt::format("documents[{}]", i);
    if (!clients.contains(document.client_id)) {
      invalid(where, "refers to a missing client");
    }
    if (document.submitted_by_id) {
      const auto submitter = user_client.find(*document.submitted_by_id);
      if (submitter == user_client.end() || submitter->second != document.client_id) {
        invalid(where, "the submitter is not a user of the document's client");
      }
    }
  }
}

void check_audit_chains(Snapshot& snapshot, std::int64_t export_version) {
  std::vector<AuditEvent>& events = snapshot.audit;
  std::stable_sort(events.begin(), events.end(),
                   [](const AuditEvent& a, const AuditEvent& b) { return a.id < b.id; });
  if (export_version < 2) {
    ChainExtender chain;
    for (AuditEvent& event : events) {
      chain.extend(event);
    }
    return;
  }
  ChainVerifier chains;
  for (const AuditEvent& event : events) {
    if (!chains.add(event)) {
      invalid(fmt::format("audit event {}", event.id),
              fmt::format("audit chain {} breaks here: the event was changed, or one before it in "
                          "its chain was removed or changed",
                          chain_name(event.client_id)));
    }
  }
}

} // namespace acctctl
