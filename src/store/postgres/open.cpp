// Opening a PostgreSQL store: the connection, the schema check or creation, transactions.
#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/interrupt.hpp"
#include "postgres_store.hpp"
#include "store/engines.hpp"
#include "store/postgres/access_control.hpp"
#include "store/postgres/schema.hpp"

namespace acctctl {

std::unique_ptr<Store> open_postgres_store(const std::string& url, OpenPurpose purpose,
                                           const StoreOptions& options) {
  return std::make_unique<postgres::PostgresStore>(url, purpose, options);
}

namespace postgres {
namespace {

// What waiting for acctctl_meta's lock means: only an import or a schema upgrade holds it.
Error busy_replacing() {
  return Error(ExitCode::busy, "the store is busy: an import (or `acctctl init` upgrading the "
                               "schema) is replacing it, past the busy timeout "
                               "(ACCTCTL_BUSY_TIMEOUT_MS); nothing changed: retry when it is done");
}

// Runs `step`, which opens a transaction; on a failure rolls it back, and a lock timeout says
// why: the lock waited for is acctctl_meta's, which only an import or an upgrade holds.
template <typename Step> void waiting_on_store_lock(Connection& conn, Step&& step) {
  try {
    step();
  } catch (const Error& error) {
    libpq().clear(libpq().exec(conn.handle(), "ROLLBACK"));
    if (error.code() != ExitCode::busy) {
      throw;
    }
    throw busy_replacing();
  }
}

void cancel_statement(void* connection) noexcept {
  if (PGcancel* cancel = static_cast<const Connection*>(connection)->cancel_handle()) {
    char message[256];
    libpq().cancel(cancel, message, sizeof message);
  }
}

} // namespace

PostgresStore::PostgresStore(const std::string& url, OpenPurpose purpose,
                             const StoreOptions& options)
    : m_busy_timeout(std::max(1, options.busy_timeout_ms)), m_conn(url, m_busy_timeout),
      m_statement_timeout_ms(options.statement_timeout_ms), m_batch(options.batch),
      m_pg_schema(options.pg_schema), m_warn(options.warn) {
  m_interrupt_hook.emplace(&cancel_statement, &m_conn);
  m_conn.on_warning(m_warn);
  start_session();
  open_schema(purpose);
}

void PostgresStore::start_session() {
  // Byte order and UTC, whatever the server's defaults: the same output as SQLite's. The two
  // settings a pooler in transaction pooling carries for each client (PgBouncer does), so
  // they are the session's; every other setting is transaction-local (below).
  m_conn.exec_script("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
  m_schema = pin_store_schema(m_conn, m_pg_schema);
  // Every transaction's own settings, whatever the server's or a pooler's session holds, and
  // none left behind on a server connection a pooler hands to the next client (issue 26): the
  // schema; a statement runs as long as it needs, or ACCTCTL_STATEMENT_TIMEOUT_MS; a lock is
  // waited for the busy timeout (SPEC §6), by reads too. No JIT: acctctl's statements are index
  // lookups and streamed listings, whose plans the compiler makes slower (30 ms to 300 ms of
  // compiling for a listing that takes 200 ms to run). Then acctctl_meta's share
  // lock, before any query takes the snapshot: an import, which empties the tables (TRUNCATE is
  // not MVCC-safe), holds it exclusively, so a command either ends before the import begins
  // or sees what it brought. A read has no idle limit while its output goes to a slow reader;
  // a write keeps the server's, so that a client gone before its COMMIT frees its locks.
  m_settings_sql = fmt::format(
      "{}; SET LOCAL statement_timeout = {}; SET LOCAL lock_timeout = {}; SET LOCAL jit = off",
      m_schema.pin_sql, m_statement_timeout_ms, m_busy_timeout.count());
  m_transaction_sql = m_settings_sql + "; LOCK TABLE acctctl_meta IN ACCESS SHARE MODE";
}

void PostgresStore::open_schema(OpenPurpose purpose) {
  if (purpose == OpenPurpose::init) {
    m_conn.exec_script(fmt::format("BEGIN; {}", m_settings_sql)); // acctctl_meta may not exist
    try {
      // One init at a time: two would both see an empty schema.
      m_conn.exec("SELECT pg_advisory_xact_lock(hashtext('acctctl init'))");
      const SchemaState state = read_schema_state(m_conn, m_schema);
      check_schema_state(state, m_conn.shown(), purpose);
      m_administrative = state.administrative;
      if (!m_administrative) {
        throw Error(ExitCode::denied,
                    fmt::format("init changes the store's schema: connect as the role that owns "
                                "its tables ({}), not as {}; nothing changed",
                                state.table_owners, m_schema.session_user));
      }
      if (state.version) {
        // Init changes tables under other commands (an upgrade, and the policies and grants
        // it makes again each time): as an import, it waits for them to end and holds new
        // ones off until it commits (start_session). Taking the tables' locks one by one
        // instead deadlocked with a command in the middle of its own writes.
        m_conn.exec("LOCK TABLE acctctl_meta IN ACCESS EXCLUSIVE MODE");
      }
      migrate(m_conn, state.version);
      m_setup_sql = apply_access_control(m_conn, m_schema);
      if (m_conn.commit() == CommitAnswer::connection_lost) {
        throw Error(ExitCode::store_error,
                    fmt::format("lost the connection to the store at {} after COMMIT was sent: "
                                "init is idempotent: run it again to know where the store stands",
                                m_conn.shown()));
      }
    } catch (...) {
      libpq().clear(libpq().exec(m_conn.handle(), "ROLLBACK"));
      throw;
    }
    return;
  }
  SchemaState state;
  waiting_on_store_lock(m_conn, [&] {
    // In a transaction, for its lock_timeout: acctctl_meta may be an import's.
    m_conn.exec_script(
        fmt::format("BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY; {}", m_settings_sql));
    state = read_schema_state(m_conn, m_schema);
    m_conn.exec_script("COMMIT");
  });
  check_schema_state(state, m_conn.shown(), purpose);
  m_administrative = state.administrative;
}

ConnectionIdentity PostgresStore::connection_identity() {
  ConnectionIdentity identity;
  identity.role = m_schema.session_user;
  if (m_administrative) {
    return identity; // trusted: --as names the actor
  }
  const Result bound = m_conn.exec("SELECT acctctl_bound_staff()");
  identity.kind =
      bound.is_null(0, 0) ? ConnectionIdentity::Kind::unbound : ConnectionIdentity::Kind::bound;
  if (!bound.is_null(0, 0)) {
    identity.staff_id = bound.integer(0, 0);
  }
  return identity;
}

bool PostgresStore::database_role_exists(std::string_view role) {
  return m_conn
      .exec("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1)",
            Params().add(role))
      .boolean(0, 0);
}

std::unique_ptr<acctctl::Transaction> PostgresStore::begin(TxMode mode) {
  class Scoped final : public acctctl::Transaction {
  public:
    Scoped(PostgresStore& store, TxMode mode) : m_store(store) {
      if (mode != TxMode::read) {
        store.begin_write(mode);
      } else {
        store.begin_script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL "
                           "idle_in_transaction_session_timeout = 0");
      }
    }
    ~Scoped() override {
      if (!m_done) {
        // Best effort: after a lost connection the server has rolled back already.
        libpq().clear(libpq().exec(m_store.m_conn.handle(), "ROLLBACK"));
      }
      m_store.m_write.reset();
    }
    void commit() override {
      throw_if_interrupted(); // a signal before COMMIT rolls back (SPEC §5)
      m_done = true;          // whatever COMMIT answers, there is nothing left to roll back
      if (m_store.m_conn.commit() == CommitAnswer::connection_lost) {
        m_store.settle_lost_commit();
      }
    }

  private:
    PostgresStore& m_store;
    bool m_done = false;
  };
  return std::make_unique<Scoped>(*this, mode);
}

void PostgresStore::begin_script(std::string_view begin) {
  waiting_on_store_lock(
      m_conn, [&] { m_conn.exec_script(fmt::format("{}; {}", begin, m_transaction_sql)); });
}

void PostgresStore::take_store_exclusively() {
  // acctctl_meta's exclusive lock is the first this transaction takes: two imports that each
  // held its share lock first, as every other command does, would wait on each other for good.
  try {
    m_conn.exec("LOCK TABLE acctctl_meta IN ACCESS EXCLUSIVE MODE");
  } catch (const Error& error) {
    libpq().clear(libpq().exec(m_conn.handle(), "ROLLBACK"));
    if (error.code() != ExitCode::busy) {
      throw;
    }
    throw Error(ExitCode::busy, "the store is busy: other commands read or write it past the busy "
                                "timeout (ACCTCTL_BUSY_TIMEOUT_MS); nothing changed: retry the "
                                "import");
  }
}

void PostgresStore::begin_write(TxMode mode) {
  const auto started = std::chrono::steady_clock::now();
  const auto timeout = m_busy_timeout;
  // Only the owner may replace the store (SPEC §6.3) or lock acctctl_meta exclusively: any other
  // session begins as a write does, and the import is refused with who it is.
  const bool replacing = mode == TxMode::replace && m_administrative;
  for (auto pause = std::chrono::milliseconds(100);; pause = std::min(pause * 2, timeout)) {
    if (replacing) {
      m_conn.exec_script(fmt::format("BEGIN ISOLATION LEVEL READ COMMITTED; {}", m_settings_sql));
    } else {
      begin_script("BEGIN ISOLATION LEVEL READ COMMITTED");
    }
    // The session's server and backend, to tell after a lost COMMIT whether it is still
    // committing.
    std::optional<Result> session;
    try {
      session.emplace(m_conn.exec("SELECT current_setting('transaction_read_only') = 'on', "
                                  "pg_backend_pid(), pg_postmaster_start_time()::text"));
    } catch (...) {
      libpq().clear(libpq().exec(m_conn.handle(), "ROLLBACK"));
      throw;
    }
    if (!session->boolean(0, 0)) {
      if (replacing) {
        take_store_exclusively();
      }
      WriteTransaction write;
      write.backend_pid = session->integer(0, 1);
      write.server_started = session->text(0, 2);
      m_write = write;
      return;
    }
    m_conn.exec_script("ROLLBACK");
    const auto waited = std::chrono::steady_clock::now() - started;
    // A former primary of a multi-host URL, mid-failover: the next session may reach the new
    // one. Nothing was written.
    if (m_conn.conninfo().host_count() < 2 || waited + pause > timeout) {
      throw Error(ExitCode::store_error,
                  fmt::format("connected to a read-only server at {}: a standby, or a database "
                              "that is read-only; writes need the primary: use "
                              "target_session_attrs=read-write in the URL; nothing changed",
                              m_conn.shown()));
    }
    std::this_thread::sleep_for(pause);
    throw_if_interrupted();
    m_conn.reconnect(std::chrono::duration_cast<std::chrono::milliseconds>(timeout - waited));
    start_session();
  }
}

void PostgresStore::lock_clients(const std::vector<Id>& client_ids) {
  if (m_write && !client_ids.empty()) {
    m_conn.exec("SELECT count(*) FROM (SELECT 1 FROM clients WHERE id = ANY($1::bigint[]) "
                "ORDER BY id FOR UPDATE) AS locked",
                Params().add(ArrayLiteral::of(client_ids)));
  }
}

void PostgresStore::lock_client(Id client_id) {
  if (m_write) {
    m_conn.exec("SELECT 1 FROM clients WHERE id = $1 FOR UPDATE", Params().add(client_id));
  }
}

void PostgresStore::lock_staff(std::optional<Id> practice_id) {
  if (!m_write) {
    return;
  }
  // In id order, so that two writers locking the same staff never wait on each other in a
  // circle. A bound role locks only the rows it may change (row-level security, SPEC §6.3).
  if (practice_id) {
    m_conn.exec("SELECT 1 FROM staff WHERE practice_id = $1 ORDER BY id FOR UPDATE",
                Params().add(*practice_id));
  } else {
    m_conn.exec("SELECT 1 FROM staff WHERE role = 'support' ORDER BY id FOR UPDATE", {});
  }
}

StoreInfo PostgresStore::info() {
  // In or out of a transaction: the table by its schema, as the session's search_path is not
  // the store's (start_session).
  const Result version =
      m_conn.exec(fmt::format("SELECT current_setting('server_version'), "
                              "(SELECT schema_version FROM {}.acctctl_meta LIMIT 1)",
                              m_schema.quoted));
  return {m_conn.shown(), fmt::format("PostgreSQL {}", version.text(0, 0)),
          fmt::format("schema {}", m_schema.name), static_cast<int>(version.integer(0, 1))};
}

} // namespace postgres
} // namespace acctctl
