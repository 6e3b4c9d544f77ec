#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "acctctl/interrupt.hpp"
#include "acctctl/store.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/search_path.hpp"
#include "store/sql/write_order.hpp"

// The PostgreSQL store (SPEC.md §6.2): the tables of one schema on a server shared by a team.
// A write locks the client accounts it plans on (SELECT … FOR UPDATE), so writers of
// different clients run in parallel; a change set is a few set-based statements whatever its
// size, so a batch costs the same number of round trips for 10 users or 10,000.
namespace acctctl::postgres {

// What a write transaction did, for settle_lost_commit: which session ran it, and whether its
// batch's audit events (or an import's new store) tell that it committed.
struct WriteTransaction {
  std::int64_t backend_pid = 0;
  std::string server_started; // pg_postmaster_start_time(): the same server, not restarted
  std::optional<Id> event_id; // one event of this run's batch: its trace, by primary key
  std::optional<std::int64_t> import_xid; // an import writes events of other batches
};

class PostgresStore final : public Store, private sql::RowWriter {
public:
  using Clock = std::chrono::steady_clock;
  PostgresStore(const std::string& url, OpenPurpose purpose, const StoreOptions& options);

  std::unique_ptr<acctctl::Transaction> begin(TxMode mode) override;
  StoreInfo info() override;
  std::optional<std::string> setup_sql_for_administrator() const override { return m_setup_sql; }
  void lock_client(Id client_id) override;
  void lock_clients(const std::vector<Id>& client_ids) override;
  void lock_staff(std::optional<Id> practice_id) override;

  std::optional<Practice> find_practice(Id id) override;
  std::vector<Practice> find_practices_by_name(std::string_view name) override;
  void list_practices(std::optional<Id> only, const Sink<PracticeSummary>& sink) override;

  std::optional<Staff> find_staff(Id id) override;
  std::optional<Staff> find_staff_by_email(std::string_view email) override;
  bool has_support_staff() override;
  ConnectionIdentity connection_identity() override;
  bool binds_database_roles() const override { return true; }
  bool database_role_exists(std::string_view role) override;
  std::optional<Staff> staff_bound_to(std::string_view role) override;
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
  std::vector<Id> insert_users(const std::vector<ClientUser>& users, sql::UserIds kept_or_new,
                               sql::RowProgress& progress) override;
  sql::EventsStart start_events(const std::vector<std::optional<Id>>& chains,
                                std::size_t count) override;
  const std::string& connected_as() const override { return m_schema.session_user; }
  const std::string& batch() const override { return m_batch; }
  void insert_events(const std::vector<AuditEvent>& events, sql::RowProgress& progress) override;
  void remove_every_row() override;
  void after_import() override;

  void start_session(); // the session's settings and schema, on a new connection
  void open_schema(OpenPurpose purpose);
  // BEGIN for a write, on a server that takes writes (a multi-host URL's new primary after a
  // failover is waited for until the busy timeout).
  void begin_write(TxMode mode);
  void take_store_exclusively(); // an import's first lock: no other command reads or writes
  void begin_script(std::string_view begin); // BEGIN …, then m_transaction_sql
  // COMMIT was sent and the connection lost before the answer (SPEC §6.2): reconnects and
  // looks for this run's batch. Returns when it committed (with a warning); throws "not
  // applied", or "outcome unknown" when no server answers within the busy timeout.
  void settle_lost_commit();
  enum class CommitOutcome { committed, not_applied, still_committing, unknown };
  // On m_conn, connected again; throws when no server answers.
  CommitOutcome look_up_commit(const WriteTransaction& written, Clock::time_point deadline);
  // Under row-level security (SPEC §6.3): the clients that `id` or `name` names beyond the
  // session's reach, with only their id and practice, so that R1 denies rather than not finds.
  std::vector<ClientAccount> clients_out_of_reach(std::optional<Id> id, std::string_view name);
  std::vector<Practice> practices_out_of_reach(std::optional<Id> id, std::string_view name);
  std::optional<Staff> staff_out_of_reach(std::optional<Id> id, std::string_view email);
  void write_updates(const std::vector<UserUpdate>& updates); // whole rows, set-based
  void write_events(const std::vector<AuditEvent>& events);

  std::chrono::milliseconds m_busy_timeout; // at least 1; before m_conn, which it retries for
  Connection m_conn;
  StoreSchema m_schema;                                // resolved once, pinned in every transaction
  std::optional<ScopedInterruptHook> m_interrupt_hook; // after m_conn: cleared before it closes
  int m_statement_timeout_ms;                          // 0: none
  std::string m_settings_sql;    // what every transaction sets first (start_session)
  std::string m_transaction_sql; // the settings, then acctctl_meta's share lock
  std::string m_batch;
  std::optional<std::string> m_pg_schema;
  std::function<void(const std::string&)> m_warn;
  std::optional<WriteTransaction> m_write; // while a write transaction is open
  bool m_administrative = false;           // SPEC §6.3: the tables' owner or a superuser
  std::optional<std::string> m_setup_sql;  // init: what an administrator must run
};

} // namespace acctctl::postgres
