// After COMMIT was sent and the connection lost before the answer (SPEC §6.2, issue 26): a
// new session tells what the store holds. First the old session must be gone — a primary
// waiting for a synchronous standby has committed locally but shows nobody the change until
// the wait ends — then this run's batch is in the audit trail, or it is not.
#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/interrupt.hpp"
#include "store/postgres/postgres_store.hpp"

namespace acctctl::postgres {
namespace {

using Clock = PostgresStore::Clock;

std::chrono::milliseconds left_until(Clock::time_point deadline) {
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
}

} // namespace

PostgresStore::CommitOutcome PostgresStore::look_up_commit(const WriteTransaction& written,
                                                           Clock::time_point deadline) {
  // The store's own connection, connected again: the command goes on with it when the batch
  // committed, and Ctrl-C cancels its questions.
  m_conn.reconnect(left_until(deadline));
  start_session();
  // Each question in a transaction of its own (a new snapshot, and settings that stay in it
  // behind a pooler): no statement outlives the busy timeout, not one behind an import's lock.
  const auto ask = [&](const std::string& sql, const Params& params) {
    m_conn.exec_script(fmt::format("BEGIN; SET LOCAL statement_timeout = {0}; SET LOCAL "
                                   "lock_timeout = {0}",
                                   std::max<std::int64_t>(1, left_until(deadline).count())));
    Result answer = m_conn.exec(sql, params);
    m_conn.exec_script("COMMIT");
    return answer;
  };
  bool same_server = false;
  for (;;) {
    // Compared as times: the text depends on the session's time zone. The old session is the
    // new session's own when a pooler gives it the same server connection: then it has ended. One
    // idle in its transaction never got the COMMIT: ending it makes "not applied" certain.
    const Result old =
        ask("SELECT pg_postmaster_start_time() = $1::timestamptz, pg_is_in_recovery(), "
            "(SELECT state FROM pg_catalog.pg_stat_activity WHERE pid = $2 AND "
            "pid <> pg_backend_pid() AND usename = session_user)",
            Params().add(written.server_started).add(written.backend_pid));
    if (old.boolean(0, 1)) {
      return CommitOutcome::unknown; // a standby may not have replayed the commit yet
    }
    same_server = old.boolean(0, 0);
    const std::optional<std::string> state = old.optional_text(0, 2);
    if (!same_server || !state || *state == "idle") {
      break;
    }
    if (state->starts_with("idle in transaction")) {
      ask("SELECT pg_terminate_backend($1, 1000)", Params().add(written.backend_pid));
      continue;
    }
    // Time kept for the next question: asked with a deadline too close, it would be cancelled,
    // and a commit seen under way reported as no answer at all.
    if (left_until(deadline) < std::chrono::milliseconds(500) || pending_interrupt() != 0) {
      return CommitOutcome::still_committing;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // A new statement, so a new snapshot: one taken after the old session had ended.
  if (written.import_xid) {
    if (!same_server) {
      return CommitOutcome::unknown; // another server's transaction ids
    }
    const Result status = ask("SELECT txid_status($1)", Params().add(*written.import_xid));
    if (status.is_null(0, 0) || status.text(0, 0) == "in progress") {
      return CommitOutcome::unknown;
    }
    return status.text(0, 0) == "committed" ? CommitOutcome::committed : CommitOutcome::not_applied;
  }
  const bool found = ask(fmt::format("SELECT {}.acctctl_batch_committed($1, $2)", m_schema.quoted),
                         Params().add(m_batch).add(*written.event_id))
                         .boolean(0, 0);
  return found ? CommitOutcome::committed : CommitOutcome::not_applied;
}

void PostgresStore::settle_lost_commit() {
  if (!m_write || (!m_write->event_id && !m_write->import_xid)) {
    return; // it wrote nothing: the store is as the command planned, whatever happened
  }
  const std::string lost =
      fmt::format("lost the connection to the store at {} after COMMIT was sent", m_conn.shown());
  const std::string check = fmt::format("check `acctctl audit list --batch {}`", m_batch);
  CommitOutcome outcome = CommitOutcome::unknown;
  try {
    outcome = look_up_commit(*m_write, Clock::now() + m_busy_timeout);
  } catch (const Error&) { // NOLINT(bugprone-empty-catch): no server answered: unknown
  }
  switch (outcome) {
  case CommitOutcome::committed:
    if (m_warn) {
      m_warn(fmt::format("{}; reconnected: batch {} is committed", lost, m_batch));
    }
    return;
  case CommitOutcome::not_applied:
    throw Error(
        ExitCode::store_error,
        fmt::format("{}; reconnected: batch {} is not in the store: not applied", lost, m_batch));
  case CommitOutcome::still_committing:
    throw Error(ExitCode::store_error,
                fmt::format("{}; reconnected: the server is still committing it (waiting for a "
                            "synchronous standby?) past the busy timeout "
                            "(ACCTCTL_BUSY_TIMEOUT_MS): outcome unknown: {}",
                            lost, check));
  case CommitOutcome::unknown:
    break;
  }
  throw Error(ExitCode::store_error,
              fmt::format("{}, and no server told what it holds within the busy timeout "
                          "(ACCTCTL_BUSY_TIMEOUT_MS): outcome unknown: {}",
                          lost, check));
}

} // namespace acctctl::postgres
