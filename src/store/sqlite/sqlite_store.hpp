#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "acctctl/interrupt.hpp"
#include "store/engines.hpp"
#include "store/sql/write_order.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/schema.hpp"

namespace acctctl::sqlite {

class SqliteStore final : public Store, private sql::RowWriter {
public:
  SqliteStore(const std::string& path, OpenPurpose purpose, const SqliteOptions& options,
              std::span<const Migration> migrations);

  std::unique_ptr<acctctl::Transaction> begin(TxMode mode) override;
  StoreInfo info() override;
  void lock_client(Id /*client_id*/) override {} // BEGIN IMMEDIATE locked the store
  void lock_clients(const std::vector<Id>& /*client_ids*/) override {}
  void lock_staff(std::optional<Id> /*practice_id*/) override {}

  std::optional<Practice> find_practice(Id id) override;
  std::vector<Practice> find_practices_by_name(std::string_view name) override;
  void list_practices(std::optional<Id> only, const Sink<PracticeSummary>& sink) override;

  std::optional<Staff> find_staff(Id id) override;
  std::optional<Staff> find_staff_by_email(std::string_view email) override;
  bool has_support_staff() override;
  ConnectionIdentity connection_identity() override { return {}; }
  bool binds_database_roles() const override { return false; }
  bool database_role_exists(std::string_view /*role*/) override { return false; }
  std::optional<Staff> staff_bound_to(std::string_view /*role*/) override { return std::nullopt; }
  void list_staff(std::optional<Id> practice_id, const Sink<StaffListing>& sink) override;

  bool has_grant(Id staff_id, Id client_id) override;
  std::optional<AccessGrant> find_grant(Id staff_id, Id client_id) override;
  void list_grants(const GrantFilter& filter, const Sink<AccessGrant>& sink) override;

  std::optional<ClientAccount> find_client(Id id) override;
  std::vector<ClientAccount> find_clients_by_name(std::string_view name) override;
  std::vector<ClientAccount> load_clients(const std::vector<Id>& ids) override;
  void list_clients(const ClientFilter& filter, const Sink<ClientSummary>& sink) override;

  std::vector<ClientUser> load_users(Id client_id) override;
  NamedUsers load_users_named(Id client_id, const std::vector<std::string>& refs) override;
  std::vector<UserListing> find_users_by_ref(std::string_view ref) override;
  void list_users(const UserFilter& filter, const Sink<UserListing>& sink) override;
  TakenUsernames find_usernames(const std::vector<std::string>& usernames) override;
  std::unordered_map<Id, std::int64_t> count_documents_by_user(Id client_id) override;
  std::unordered_map<Id, std::int64_t> count_documents_of(const std::vector<Id>& user_ids) override;

  void list_documents(Id client_id, std::optional<Id> user_id,
                      const Sink<DocumentListing>& sink) override;
  void list_audit(const AuditFilter& filter, const Sink<AuditEvent>& sink) override;
  Id audit_horizon() override;

  AppliedIds apply(const ChangeSet& changes, const WriteCheckpoint& checkpoint) override;

  std::vector<CheckFinding> check() override;
  void replace_with(const Snapshot& snapshot,
                    const std::function<void(std::size_t, std::size_t)>& progress) override;

private:
  // sql::RowWriter: what apply() and replace_with() write, in write_order.hpp's order.
  Id insert_practice(const Practice& practice) override;
  Id insert_staff(const Staff& staff) override;
  void update_staff(const Staff& staff) override;
  Id insert_client(const ClientAccount& client) override;
  void update_client(const ClientAccount& client) override;
  Id insert_document(const Document& document) override;
  void insert_grant(const GrantChange& grant) override;
  void delete_grant(const GrantChange& grant) override;
  void delete_users(const std::vector<Id>& ids, sql::RowProgress& progress) override;
  void update_users(const std::vector<UserUpdate>& updates, sql::RowProgress& progress) override;
  std::vector<Id> insert_users(const std::vector<ClientUser>& users, sql::UserIds ids,
                               sql::RowProgress& progress) override;
  sql::EventsStart start_events(const std::vector<std::optional<Id>>& chains,
                                std::size_t count) override;
  const std::string& connected_as() const override { return m_connected_as; }
  const std::string& batch() const override { return m_batch; }
  void insert_events(const std::vector<AuditEvent>& events, sql::RowProgress& progress) override;
  void remove_every_row() override;
  void after_import() override {}

  // A statement prepared once per command and reset for each use (loops reuse it); keyed by
  // the SQL's text, so a statement built at run time is cached as safely as a literal.
  Statement& cached(std::string_view sql);
  void reset_cached_statements() noexcept; // between transactions: no statement left on a row
  Id last_insert_id() const;
  Id insert_user(const ClientUser& user);
  // Updates that write the same values to the same columns (same_change), in one statement.
  void update_alike_users(std::span<const UserUpdate> alike);
  void delete_user(Id user_id);
  void append_audit(const AuditEvent& event);

  int m_busy_timeout_ms = 0;  // read by the busy handler
  std::string m_connected_as; // the operating-system user (SPEC §6.3)
  std::string m_batch;
  Database m_db;
  std::optional<ScopedInterruptHook> m_interrupt_hook; // after m_db: cleared before it closes
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> m_statements;
  // The last one asked for: a loop asks for the same statement row after row, and finding a
  // long SQL text in the map compares its long shared prefixes again each time.
  std::map<std::string, std::unique_ptr<Statement>, std::less<>>::iterator m_last_cached =
      m_statements.end();
};

// Queries whose plan matters at scale; tests pin their EXPLAIN QUERY PLAN.
std::string named_users_sql(bool by_id);
std::string user_listing_sql(std::string_view where, bool one_client);
std::string users_by_ref_sql();
std::string client_listing_sql(std::string_view where, bool with_counts);
std::string audit_listing_sql(std::string_view where, bool oldest_first);

} // namespace acctctl::sqlite
