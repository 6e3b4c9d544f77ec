#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "acctctl/clock.hpp"
#include "acctctl/service/access.hpp"
#include "acctctl/service/audit.hpp"
#include "acctctl/service/batch.hpp"
#include "acctctl/service/session.hpp"
#include "acctctl/service/users.hpp"
#include "store/engines.hpp"

namespace acctctl::testing {

inline constexpr const char* k_support = "support@vendor.test";
inline constexpr const char* k_admin = "admin@ledger.test";    // admin of Ledger & Co
inline constexpr const char* k_member = "bob@ledger.test";     // member with access to Acme Ltd
inline constexpr const char* k_outsider = "carol@ledger.test"; // member with no access
inline constexpr const char* k_other_admin = "zed@other.test"; // admin of Other Practice

// Answers every confirmation with the same reply and counts the questions.
class ScriptedConfirmer final : public Confirmer {
public:
  explicit ScriptedConfirmer(bool reply, bool person = false) : m_reply(reply), m_person(person) {}
  bool waits_for_a_person() const override { return m_person; }
  bool confirm(const Plan& /*plan*/) override {
    ++asked;
    return m_reply;
  }
  int asked = 0;

private:
  bool m_reply;
  bool m_person;
};

// The acceptance suite's world, in a private in-memory store:
// Acme Ltd: Ann Able (owner, admin), Ben Baker (username ben), Dora Docs (no login).
// Birch LLC: Cy Cedar (owner).
class World {
public:
  World();

  Session as(const std::string& email) { return Session{*store, clock, email, {}}; }
  Session support() { return as(k_support); }

  // The user named `name` in `client`, as the store has it now (nullopt once removed).
  std::optional<ClientUser> user(std::string_view name, std::string_view client = "Acme Ltd");
  std::vector<ClientUser> users(std::string_view client = "Acme Ltd");
  std::vector<AuditEvent> audit();

  BatchReport deactivate(std::vector<std::string> refs, BatchOptions options = {},
                         const char* actor = k_support);
  BatchReport remove(std::vector<std::string> refs, BatchOptions options = {},
                     const char* actor = k_support);
  BatchReport enable(std::vector<std::string> refs, BatchOptions options = {},
                     const char* actor = k_support);
  BatchReport add(std::string_view client, NewUser user, const char* actor = k_support);

  std::unique_ptr<Store> store;
  FixedClock clock{"2026-11-22T10:00:00Z"};
};

NewUser login_user(std::string name, std::string email,
                   std::optional<std::string> username = std::nullopt);

} // namespace acctctl::testing
