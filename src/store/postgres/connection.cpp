#include "store/postgres/connection.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <thread>
#include <variant>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/interrupt.hpp"
#include "store/postgres/connect_failure.hpp"

namespace acctctl::postgres {
namespace {

std::string first_line(std::string_view text) {
  const auto end = text.find('\n');
  return std::string(text.substr(0, end));
}

// The connection is gone: the server ends the session (57P0x) or libpq lost it (08xxx).
bool ends_the_session(std::string_view state) {
  return state.starts_with("57P0") || state.starts_with("08");
}

std::string field(const PGresult* result, int code) {
  const char* value = result ? libpq().resultErrorField(result, code) : nullptr;
  return value ? value : "";
}

} // namespace

// ---- parameters and arrays ------------------------------------------------------------------

Params& Params::add(std::string value) {
  m_values.emplace_back(std::move(value));
  return *this;
}

Params& Params::add(std::int64_t value) {
  m_values.emplace_back(std::to_string(value));
  return *this;
}

Params& Params::add(bool value) {
  m_values.emplace_back(value ? "t" : "f");
  return *this;
}

std::string Params::next() const {
  return fmt::format("${}", m_values.size() + 1);
}

std::vector<const char*> Params::pointers() const {
  std::vector<const char*> result;
  result.reserve(m_values.size());
  for (const auto& value : m_values) {
    result.push_back(value ? value->c_str() : nullptr);
  }
  return result;
}

void ArrayLiteral::separate() {
  if (!m_empty) {
    m_text += ',';
  }
  m_empty = false;
}

void ArrayLiteral::add(std::string_view value) {
  separate();
  m_text += '"';
  for (const char c : value) {
    if (c == '"' || c == '\\') {
      m_text += '\\';
    }
    m_text += c;
  }
  m_text += '"';
}

void ArrayLiteral::add(std::int64_t value) {
  separate();
  m_text += std::to_string(value);
}

void ArrayLiteral::add_null() {
  separate();
  m_text += "NULL";
}

// ---- results --------------------------------------------------------------------------------

std::string Result::text(int row, int column) const {
  return std::string(text_view(row, column));
}

std::string_view Result::text_view(int row, int column) const {
  return {libpq().getvalue(m_result.get(), row, column),
          static_cast<std::size_t>(libpq().getlength(m_result.get(), row, column))};
}

std::optional<std::string> Result::optional_text(int row, int column) const {
  if (is_null(row, column)) {
    return std::nullopt;
  }
  return text(row, column);
}

std::int64_t Result::integer(int row, int column) const {
  return std::strtoll(libpq().getvalue(m_result.get(), row, column), nullptr, 10);
}

std::optional<std::int64_t> Result::optional_integer(int row, int column) const {
  if (is_null(row, column)) {
    return std::nullopt;
  }
  return integer(row, column);
}

bool Result::boolean(int row, int column) const {
  return libpq().getvalue(m_result.get(), row, column)[0] == 't';
}

// ---- the connection ---------------------------------------------------------------------------

Connection::Connection(const std::string& url, std::chrono::milliseconds retry_for)
    : m_url(url), m_parsed(parse_store_url(url)), m_shown(m_parsed.shown_url()) {
  connect(retry_for);
}

void Connection::reconnect(std::chrono::milliseconds retry_for) {
  close();
  connect(retry_for);
}

void Connection::close() noexcept {
  if (PGcancel* cancel = m_cancel.exchange(nullptr); cancel != nullptr) {
    libpq().freeCancel(cancel);
  }
  libpq().finish(m_conn);
  m_conn = nullptr;
}

void Connection::connect(std::chrono::milliseconds retry_for) {
  // Each host gets the time there is to retry (libpq's least is 2 s), unless the URL or
  // PGCONNECT_TIMEOUT says otherwise: without a limit, a host that drops packets holds the
  // command for the kernel's two minutes, and a multi-host URL never reaches the next host.
  std::string connect_timeout;
  if (!m_parsed.sets("connect_timeout") && std::getenv("PGCONNECT_TIMEOUT") == nullptr) {
    connect_timeout = std::to_string(std::max<std::int64_t>(2, (retry_for.count() + 999) / 1000));
  }
  // The URL's own options come after, and override, connect_timeout (expand_dbname).
  const char* const keywords[] = {"connect_timeout", "dbname", nullptr};
  const char* const values[] = {connect_timeout.c_str(), m_url.c_str(), nullptr};
  const int first = connect_timeout.empty() ? 1 : 0;
  const auto started = std::chrono::steady_clock::now();
  auto pause = std::chrono::milliseconds(50);
  for (;;) {
    m_conn = libpq().connectdbParams(keywords + first, values + first, 1);
    if (m_conn != nullptr && libpq().status(m_conn) == CONNECTION_OK) {
      break;
    }
    ConnectFailure failure{"out of memory"};
    try {
      if (m_conn != nullptr) {
        failure = read_connect_failure(libpq().errorMessage(m_conn));
      }
    } catch (...) {
      close();
      throw;
    }
    close();
    const auto waited = std::chrono::steady_clock::now() - started;
    if (!failure.transient || waited + pause > retry_for) {
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(waited).count();
      throw Error(
          ExitCode::store_error,
          fmt::format("cannot connect to the store at {}: {}{}", m_shown,
                      m_parsed.without_secrets(failure.reason),
                      failure.transient && ms > 0
                          ? fmt::format(" (tried again for {} ms: ACCTCTL_BUSY_TIMEOUT_MS)", ms)
                          : ""));
    }
    std::this_thread::sleep_for(pause);
    throw_if_interrupted(); // nothing was sent
    pause = std::min(pause * 2, std::chrono::milliseconds(1000));
  }
  // Warnings reach the operator (a commit not replicated, for one); notices are not for them.
  libpq().setNoticeReceiver(m_conn, &Connection::receive_notice, this);
  m_cancel = libpq().getCancel(m_conn);
}

void Connection::receive_notice(void* self, const PGresult* notice) {
  const auto* conn = static_cast<const Connection*>(self);
  try { // libpq's C callback: nothing may escape it
    if (!conn->m_warn || field(notice, PG_DIAG_SEVERITY_NONLOCALIZED) != "WARNING") {
      return;
    }
    std::string text = field(notice, PG_DIAG_MESSAGE_PRIMARY);
    if (const std::string detail = field(notice, PG_DIAG_MESSAGE_DETAIL); !detail.empty()) {
      text += ": " + detail;
    }
    conn->m_warn(fmt::format("the server at {} warns: {}", conn->m_shown,
                             conn->m_parsed.without_secrets(std::move(text))));
  } catch (...) { // NOLINT(bugprone-empty-catch): a warning lost is better than a crash
  }
}

Connection::~Connection() {
  close();
}

void Connection::fail(PGresult* result) {
  const std::string state = field(result, PG_DIAG_SQLSTATE);
  std::string message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) {
    message = first_line(libpq().errorMessage(m_conn));
  }
  // libpq quotes no password, but a server or a later libpq might: none gets past here.
  message = m_parsed.without_secrets(std::move(message));
  libpq().clear(result);
  if (pending_interrupt() != 0) {
    throw_interrupted(); // PQcancel from the signal handler ended the statement
  }
  if (libpq().status(m_conn) != CONNECTION_OK || ends_the_session(state)) {
    throw Error(ExitCode::store_error,
                fmt::format("lost the connection to the store at {}: {}; the server rolls the "
                            "command back",
                            m_shown, message));
  }
  if (state == "55P03") {
    throw Error(ExitCode::busy, "the store is busy: another acctctl holds a lock on this client "
                                "account past the busy timeout (ACCTCTL_BUSY_TIMEOUT_MS); "
                                "nothing changed: retry");
  }
  if (state == "40001" || state == "40P01") {
    throw ConflictError("a concurrent command conflicted with this one (serialization failure "
                        "or deadlock); nothing changed: retry");
  }
  if (state == "23505") {
    throw ConflictError("a concurrent command took a name, username or email this one needed; "
                        "nothing changed: run it again");
  }
  if (state.starts_with("23") || state == "P0001") {
    throw Error(ExitCode::store_error,
                fmt::format("the store at {} refused a change: {}", m_shown, message));
  }
  if (state == "57014") { // not a signal of acctctl's: that was handled above
    throw Error(ExitCode::store_error,
                fmt::format("the server at {} cancelled a statement: it ran past "
                            "ACCTCTL_STATEMENT_TIMEOUT_MS, or an administrator cancelled it; "
                            "nothing changed",
                            m_shown));
  }
  if (state == "25006") {
    throw Error(ExitCode::store_error,
                fmt::format("connected to a read-only server at {}: writes need the primary: "
                            "use target_session_attrs=read-write in the URL; nothing changed",
                            m_shown));
  }
  if (state == "22P05" || state == "22021") {
    throw Error(ExitCode::store_error,
                fmt::format("the database at {} cannot hold a value: {} (is its encoding UTF8?); "
                            "nothing changed",
                            m_shown, message));
  }
  if (state == "53100") {
    throw Error(ExitCode::store_error, fmt::format("the server's disk is full: {}", message));
  }
  throw Error(ExitCode::store_error, fmt::format("store error at {}: {}", m_shown, message));
}

Result Connection::exec(std::string_view sql, const Params& params) {
  const std::string text(sql);
  const auto values = params.pointers();
  PGresult* result = libpq().execParams(m_conn, text.c_str(), params.size(), nullptr, values.data(),
                                        nullptr, nullptr, 0);
  const auto status = result ? libpq().resultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    fail(result);
  }
  return Result(result);
}

void Connection::each_row(std::string_view sql, const Params& params,
                          const std::function<void(const Result&)>& row) {
  const std::string text(sql);
  const auto values = params.pointers();
  if (libpq().sendQueryParams(m_conn, text.c_str(), params.size(), nullptr, values.data(), nullptr,
                              nullptr, 0) != 1) {
    fail(nullptr);
  }
  libpq().setSingleRowMode(m_conn);
  std::exception_ptr failure;
  while (PGresult* result = libpq().getResult(m_conn)) {
    const auto status = libpq().resultStatus(result);
    if (status == PGRES_SINGLE_TUPLE && !failure) {
      const Result one(result);
      try {
        row(one);
      } catch (...) {
        failure = std::current_exception(); // drain the rest: the connection must stay usable
      }
      continue;
    }
    if (status != PGRES_TUPLES_OK && status != PGRES_SINGLE_TUPLE && !failure) {
      try {
        fail(result);
      } catch (...) {
        failure = std::current_exception();
      }
      continue;
    }
    libpq().clear(result);
  }
  if (failure) {
    std::rethrow_exception(failure);
  }
}

CommitAnswer Connection::commit() {
  PGresult* result = libpq().exec(m_conn, "COMMIT");
  const auto status = result ? libpq().resultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK) {
    // A transaction that had failed ends with the tag ROLLBACK, and no error.
    const bool rolled_back = std::string_view(libpq().cmdStatus(result)) == "ROLLBACK";
    libpq().clear(result);
    if (rolled_back) {
      throw Error(ExitCode::store_error, fmt::format("the store at {} rolled the command back; "
                                                     "nothing changed",
                                                     m_shown));
    }
    return CommitAnswer::committed;
  }
  if (libpq().status(m_conn) != CONNECTION_OK ||
      ends_the_session(field(result, PG_DIAG_SQLSTATE))) {
    libpq().clear(result);
    return CommitAnswer::connection_lost;
  }
  fail(result); // the server answered: it refused, and rolled back
}

void Connection::exec_script(std::string_view sql) {
  const std::string text(sql);
  PGresult* result = libpq().exec(m_conn, text.c_str());
  const auto status = result ? libpq().resultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    fail(result);
  }
  libpq().clear(result);
}

// ---- shared conditions and URLs -------------------------------------------------------------

Params params_of(const sql::Conditions& conditions) {
  Params params;
  for (const sql::Conditions::Value& value : conditions.values()) {
    std::visit([&](const auto& v) { params.add(v); }, value);
  }
  return params;
}

} // namespace acctctl::postgres
