#include "store/sqlite/database.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/interrupt.hpp"

namespace acctctl::sqlite {
namespace {

// Once per process, before SQLite initializes. SQLite's statistics of its own memory use
// take a process-wide mutex around every allocation and free, about 7 million for a
// 100,000-user batch; acctctl never reads them (sqlite3_memory_used, heap limits).
void configure_sqlite() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); // SQLITE_MISUSE if already initialized: harmless
    return true;
  }();
  (void)configured;
}

} // namespace

Database::Database(std::string path, int open_flags) : m_path(std::move(path)) {
  configure_sqlite();
  sqlite3* raw = nullptr;
  const int code = sqlite3_open_v2(m_path.c_str(), &raw, open_flags, nullptr);
  m_db.reset(raw);
  if (code != SQLITE_OK) {
    fail(code, "opening the store");
  }
  sqlite3_extended_result_codes(raw, 1);
}

void Database::exec(const char* sql) {
  const int code = sqlite3_exec(handle(), sql, nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) {
    fail(code, "updating the store");
  }
}

std::int64_t Database::query_int(const char* sql) {
  Statement statement(*this, sql);
  return statement.step() ? statement.integer(0) : 0;
}

std::string Database::query_text(const char* sql) {
  Statement statement(*this, sql);
  return statement.step() ? statement.text(0) : std::string();
}

void Database::fail(int code, std::string_view doing) const {
  if (pending_interrupt() != 0) {
    throw_interrupted(); // whatever failed, it failed because the command is being stopped
  }
  const std::string detail = m_db ? sqlite3_errmsg(m_db.get()) : sqlite3_errstr(code);
  switch (code & 0xFF) {
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    throw Error(ExitCode::busy,
                fmt::format("store {} is busy: another acctctl holds the lock; retry later "
                            "(or wait longer with ACCTCTL_BUSY_TIMEOUT_MS)",
                            m_path));
  case SQLITE_INTERRUPT:
    throw_interrupted();
  case SQLITE_NOTADB:
    throw Error(ExitCode::store_error,
                fmt::format("{} is not an acctctl store (not an SQLite database)", m_path));
  case SQLITE_CORRUPT:
    throw Error(ExitCode::store_error,
                fmt::format("store {} is corrupt ({}): restore it from a backup or an export",
                            m_path, detail));
  case SQLITE_FULL:
    throw Error(ExitCode::store_error,
                fmt::format("store {}: the disk is full; nothing changed", m_path));
  case SQLITE_READONLY:
    throw Error(ExitCode::store_error,
                fmt::format("store {} is read-only: cannot write to it", m_path));
  case SQLITE_CANTOPEN:
  case SQLITE_PERM:
  case SQLITE_AUTH:
    throw Error(ExitCode::store_error,
                fmt::format("cannot open store {}: {}", m_path, sqlite3_errstr(code)));
  case SQLITE_CONSTRAINT:
    // The rules decide before anything is written, so this is a broken invariant in the
    // file itself (or a bug): stop without changing anything rather than guess.
    throw Error(ExitCode::store_error,
                fmt::format("store {} refused the change as inconsistent ({}); nothing changed: "
                            "run `acctctl check`",
                            m_path, detail));
  case SQLITE_IOERR: {
    // The operating system's reason says more than SQLite's "disk I/O error".
    const int system_error = m_db ? sqlite3_system_errno(m_db.get()) : 0;
    if (system_error == ENOSPC || system_error == EFBIG || system_error == EDQUOT) {
      throw Error(ExitCode::store_error,
                  fmt::format("store {}: the disk is full or the file may not grow ({}); nothing "
                              "changed",
                              m_path, std::strerror(system_error)));
    }
    throw Error(ExitCode::store_error,
                fmt::format("I/O error on store {} while {} ({}); nothing changed", m_path, doing,
                            system_error != 0 ? std::strerror(system_error) : detail));
  }
  default:
    break;
  }
  throw Error(ExitCode::store_error,
              fmt::format("store {}: error while {}: {}", m_path, doing, detail));
}

Statement::Statement(Database& db, std::string_view sql) : m_db(db) {
  sqlite3_stmt* raw = nullptr;
  const int code = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  m_statement.reset(raw);
  if (code != SQLITE_OK) {
    db.fail(code, "reading the store");
  }
}

Statement& Statement::bind(int index, std::int64_t value) {
  const int code = sqlite3_bind_int64(m_statement.get(), index, value);
  if (code != SQLITE_OK) {
    m_db.fail(code, "preparing a query");
  }
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  return bind_text(index, value, SQLITE_TRANSIENT);
}

Statement& Statement::bind_borrowed(int index, std::string_view value) {
  return bind_text(index, value, SQLITE_STATIC);
}

Statement& Statement::bind_text(int index, std::string_view value, void (*lifetime)(void*)) {
  const int code = sqlite3_bind_text64(m_statement.get(), index, value.data(), value.size(),
                                       lifetime, SQLITE_UTF8);
  if (code != SQLITE_OK) {
    m_db.fail(code, "preparing a query");
  }
  return *this;
}

Statement& Statement::bind_null(int index) {
  const int code = sqlite3_bind_null(m_statement.get(), index);
  if (code != SQLITE_OK) {
    m_db.fail(code, "preparing a query");
  }
  return *this;
}

bool Statement::step() {
  const int code = sqlite3_step(m_statement.get());
  if (code == SQLITE_ROW) {
    return true;
  }
  if (code == SQLITE_DONE) {
    return false;
  }
  sqlite3_reset(m_statement.get());
  m_db.fail(code, "reading or writing the store");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() noexcept {
  sqlite3_reset(m_statement.get());
  sqlite3_clear_bindings(m_statement.get());
}

int Statement::reprepares() const {
  return sqlite3_stmt_status(m_statement.get(), SQLITE_STMTSTATUS_REPREPARE, 0);
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(m_statement.get(), column);
}

std::string Statement::text(int column) const {
  return std::string(text_view(column));
}

std::string_view Statement::text_view(int column) const {
  const auto* bytes = sqlite3_column_text(m_statement.get(), column);
  const int size = sqlite3_column_bytes(m_statement.get(), column);
  if (bytes == nullptr) {
    return {};
  }
  return {reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size)};
}

std::optional<std::string_view> Statement::optional_text_view(int column) const {
  const auto* bytes = sqlite3_column_text(m_statement.get(), column);
  if (bytes == nullptr) {
    return std::nullopt;
  }
  const int size = sqlite3_column_bytes(m_statement.get(), column);
  return std::string_view(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
}

void Statement::assign_text(int column, std::string& into) const {
  into.assign(text_view(column));
}

std::optional<std::string> Statement::optional_text(int column) const {
  const auto text = optional_text_view(column);
  return text ? std::optional<std::string>(*text) : std::nullopt;
}

std::optional<std::int64_t> Statement::optional_integer(int column) const {
  if (is_null(column)) {
    return std::nullopt;
  }
  return integer(column);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(m_statement.get(), column) == SQLITE_NULL;
}

Transaction::Transaction(Database& db, Behavior behavior) : m_db(db) {
  m_db.exec(behavior == Behavior::immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

Transaction::~Transaction() {
  if (m_open) {
    sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Transaction::commit() {
  throw_if_interrupted();
  m_db.exec("COMMIT");
  m_open = false;
}

} // namespace acctctl::sqlite
