#pragma once

#include <optional>
#include <string>
#include <vector>

#include "acctctl/rules.hpp"
#include "acctctl/store.hpp"

// Rows for the store contract tests (test_store_contract*.cpp): a client to put users in,
// users and events, and change sets applied in their own transaction.
namespace acctctl::testing {

// A practice and client account to put users in; returns the client's id.
inline Id add_client(Store& store) {
  const auto tx = store.begin(TxMode::write);
  ChangeSet practice;
  practice.inserted_practices.push_back({0, "Ledger & Co", "2026-11-01T00:00:00Z"});
  ChangeSet client;
  client.inserted_clients.emplace_back();
  client.inserted_clients[0].practice_id = store.apply(practice, {}).practices.at(0);
  client.inserted_clients[0].name = "Acme Ltd";
  client.inserted_clients[0].created_at = "2026-11-01T00:00:00Z";
  const Id id = store.apply(client, {}).clients.at(0);
  tx->commit();
  return id;
}

inline ClientUser user(Id client, std::string name, std::optional<std::string> email) {
  ClientUser u;
  u.client_id = client;
  u.name = std::move(name);
  u.email = email;
  u.username = email;
  u.login_access = email.has_value();
  u.permissions = default_permissions(Role::standard);
  u.created_at = "2026-11-02T00:00:00Z";
  return u;
}

inline AuditEvent event(std::string action) {
  AuditEvent e;
  e.at = "2026-11-02T00:00:00Z";
  e.actor = "support@vendor.test";
  e.action = std::move(action);
  return e;
}

inline ClientUser owner(Id client) {
  ClientUser ann = user(client, "Ann", "ann@acme.test");
  ann.is_owner = true;
  return ann;
}

inline std::vector<Id> apply(Store& store, const ChangeSet& changes) {
  const auto tx = store.begin(TxMode::write);
  std::vector<Id> ids = store.apply(changes, {}).users;
  tx->commit();
  return ids;
}

inline AppliedIds apply_ids(Store& store, const ChangeSet& changes) {
  const auto tx = store.begin(TxMode::write);
  AppliedIds ids = store.apply(changes, {});
  tx->commit();
  return ids;
}

inline Id practice_of(Store& store, Id client) {
  const auto tx = store.begin(TxMode::read);
  return store.find_client(client).value().practice_id;
}

inline std::vector<ClientUser> users_of(Store& store, Id client) {
  const auto tx = store.begin(TxMode::read);
  return store.load_users(client);
}

} // namespace acctctl::testing
