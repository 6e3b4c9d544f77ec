// Opening a store: recognising the file, creating or upgrading it, and the connection settings
// of SPEC.md §6 (busy timeout, foreign keys, synchronous FULL, journal mode).
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <iterator>
#include <system_error>

#include <fmt/format.h>

#include "acctctl/clock.hpp"
#include "acctctl/error.hpp"
#include "acctctl/interrupt.hpp"
#include "acctctl/values.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/store_file.hpp"

namespace acctctl {

bool sqlite_wal_is_safe(int version) {
  return version >= 3051003 || (version >= 3050007 && version < 3051000) ||
         (version >= 3044006 && version < 3045000);
}

std::unique_ptr<Store> open_sqlite_store(const std::string& path, OpenPurpose purpose,
                                         const SqliteOptions& options) {
  return std::make_unique<sqlite::SqliteStore>(path, purpose, options, sqlite::schema_migrations());
}

namespace sqlite {
namespace {

bool is_memory(const std::string& path) {
  return path == ":memory:";
}

// Checks the path before SQLite sees it: SQLite would create a missing file, and it reads
// an empty file as an empty database.
const std::string& checked_path(const std::string& path, OpenPurpose purpose) {
  namespace fs = std::filesystem;
  if (is_memory(path)) {
    return path;
  }
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (purpose == OpenPurpose::init) {
    if (fs::is_directory(status)) {
      throw Error(ExitCode::store_error, fmt::format("{} is a folder, not a store file", path));
    }
    prepare_store_file(path);
    return path;
  }
  if (!fs::exists(status)) {
    throw Error(ExitCode::store_error, fmt::format("no store at {}: run `acctctl init`", path));
  }
  if (fs::is_directory(status)) {
    throw Error(ExitCode::store_error, fmt::format("{} is a folder, not a store file", path));
  }
  if (fs::is_regular_file(status) && fs::file_size(path, error) == 0 && !error) {
    throw Error(ExitCode::store_error,
                fmt::format("{} is an empty file, not an acctctl store: run `acctctl init`", path));
  }
  return path;
}

int open_flags(OpenPurpose purpose) {
  const int base = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  return purpose == OpenPurpose::init ? base | SQLITE_OPEN_CREATE : base;
}

void fold_function(sqlite3_context* context, int /*argc*/, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const auto size = static_cast<std::size_t>(sqlite3_value_bytes(argv[0]));
  try {
    const std::string folded = fold_key(std::string_view(text == nullptr ? "" : text, size));
    sqlite3_result_text64(context, folded.data(), folded.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(context);
  }
}

// acctctl_now(): the time as stored text, which R1's grant `until` is compared with in SQL, as
// PostgreSQL's function of the same name does (access_control.cpp).
void now_function(sqlite3_context* context, int /*argc*/, sqlite3_value** /*argv*/) {
  try {
    const std::string now = format_utc(std::time(nullptr));
    sqlite3_result_text64(context, now.data(), now.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(context);
  }
}

void interrupt_database(void* db) noexcept {
  sqlite3_interrupt(static_cast<sqlite3*>(db));
}

// SQLite's own busy timeout sleeps through a Ctrl-C; this one gives up when a signal arrived,
// so an interrupted wait ends as 130/143, not as "busy" seconds later.
int wait_while_busy(void* timeout_ms, int attempt) noexcept {
  static constexpr int k_delays_ms[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
  static constexpr int k_steps = static_cast<int>(std::size(k_delays_ms));
  const int limit = *static_cast<const int*>(timeout_ms);
  int waited = 0;
  for (int i = 0; i < std::min(attempt, k_steps); ++i) {
    waited += k_delays_ms[i];
  }
  if (attempt >= k_steps) {
    waited += (attempt - k_steps) * k_delays_ms[k_steps - 1];
  }
  if (pending_interrupt() != 0 || waited >= limit) {
    return 0;
  }
  const int delay =
      std::min(attempt < k_steps ? k_delays_ms[attempt] : k_delays_ms[k_steps - 1], limit - waited);
  sqlite3_sleep(delay);
  return 1;
}

[[noreturn]] void refuse_foreign(const std::string& path) {
  throw Error(ExitCode::store_error,
              fmt::format("{} is an SQLite database of another application, not an acctctl "
                          "store; nothing was changed",
                          path));
}

void check_version(const std::string& path, int version, int latest, OpenPurpose purpose) {
  if (version > latest) {
    throw Error(ExitCode::store_error,
                fmt::format("store {} has schema version {}, newer than this acctctl knows ({}): "
                            "use a newer acctctl",
                            path, version, latest));
  }
  if (version < latest && purpose == OpenPurpose::use) {
    throw Error(ExitCode::store_error,
                fmt::format("store {} has schema version {}; this acctctl needs {}: run "
                            "`acctctl init` to upgrade it",
                            path, version, latest));
  }
}

// Who runs the command (SPEC §6.3: the file is the boundary; connected_as traces a claimed
// --as to the login that made it). A uid with no passwd entry is shown as its number.
std::string operating_system_user() {
  const uid_t uid = geteuid();
  passwd entry{};
  passwd* found = nullptr;
  std::array<char, 4096> buffer{};
  if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr &&
      found->pw_name != nullptr) {
    return found->pw_name;
  }
  return fmt::format("uid {}", uid);
}

} // namespace

SqliteStore::SqliteStore(const std::string& path, OpenPurpose purpose, const SqliteOptions& options,
                         std::span<const Migration> migrations)
    : m_db(checked_path(path, purpose), open_flags(purpose)) {
  sqlite3* db = m_db.handle();
  m_busy_timeout_ms = options.busy_timeout_ms;
  m_connected_as = operating_system_user();
  m_batch = options.batch;
  sqlite3_busy_handler(db, &wait_while_busy, &m_busy_timeout_ms);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_create_function_v2(db, "acctctl_fold", 1,
                             SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                             &fold_function, nullptr, nullptr, nullptr);
  sqlite3_create_function_v2(db, "acctctl_now", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, nullptr,
                             &now_function, nullptr, nullptr, nullptr);
  m_interrupt_hook.emplace(&interrupt_database, db);

  // Reading the header is the first access: a file that is not SQLite fails here, untouched.
  const int latest = latest_schema_version(migrations);
  const auto application_id = m_db.query_int("PRAGMA application_id");
  if (purpose == OpenPurpose::use) {
    if (application_id != k_application_id) {
      refuse_foreign(path);
    }
    check_version(path, static_cast<int>(m_db.query_int("PRAGMA user_version")), latest, purpose);
  }

  m_db.exec("PRAGMA foreign_keys = ON");
  m_db.exec("PRAGMA synchronous = FULL");
  if (purpose == OpenPurpose::init && !is_memory(path)) {
    // WAL is persistent in the file and DELETE is every connection's default, so `init` is
    // where the mode is chosen; switching needs the store to itself, which init can wait for.
    const bool wal = sqlite_wal_is_safe(sqlite3_libversion_number());
    m_db.exec(wal ? "PRAGMA journal_mode = WAL" : "PRAGMA journal_mode = DELETE");
  }

  if (purpose == OpenPurpose::init) {
    // A migration may make a table again (schema 5), which must not fire the foreign keys'
    // actions; they are checked whole before the commit instead. The pragma is a no-op inside
    // a transaction, so it is set around it.
    m_db.exec("PRAGMA foreign_keys = OFF");
    Transaction transaction(m_db, Transaction::Behavior::immediate);
    const auto current_id = m_db.query_int("PRAGMA application_id");
    const bool fresh = current_id == 0 && m_db.query_int("SELECT count(*) FROM sqlite_schema") == 0;
    if (!fresh && current_id != k_application_id) {
      refuse_foreign(path);
    }
    check_version(path, static_cast<int>(m_db.query_int("PRAGMA user_version")), latest, purpose);
    migrate(m_db, migrations);
    m_db.exec(k_audit_guard_sql); // puts back a guard somebody dropped
    if (m_db.query_int("SELECT count(*) FROM pragma_foreign_key_check") != 0) {
      throw Error(ExitCode::store_error,
                  fmt::format("{}: the upgrade would break a reference between rows; nothing "
                              "changed (run `acctctl check`)",
                              path));
    }
    transaction.commit();
    m_db.exec("PRAGMA foreign_keys = ON");
  }
}

std::unique_ptr<acctctl::Transaction> SqliteStore::begin(TxMode mode) {
  class Scoped final : public acctctl::Transaction {
  public:
    Scoped(SqliteStore& store, TxMode mode)
        : m_store(store), m_transaction(store.m_db, mode != TxMode::read
                                                        ? sqlite::Transaction::Behavior::immediate
                                                        : sqlite::Transaction::Behavior::deferred) {
    }
    // A cached statement left on a row keeps its read lock past the transaction's end, which
    // a long-lived process (audit follow) would hold against every writer.
    ~Scoped() override { m_store.reset_cached_statements(); }
    void commit() override {
      m_store.reset_cached_statements();
      m_transaction.commit();
    }

  private:
    SqliteStore& m_store;
    sqlite::Transaction m_transaction;
  };
  return std::make_unique<Scoped>(*this, mode);
}

StoreInfo SqliteStore::info() {
  return {m_db.path(), fmt::format("SQLite {}", sqlite3_libversion()),
          "journal mode " + m_db.query_text("PRAGMA journal_mode"),
          static_cast<int>(m_db.query_int("PRAGMA user_version"))};
}

void SqliteStore::reset_cached_statements() noexcept {
  for (auto& [sql, statement] : m_statements) {
    statement->reset();
  }
}

Statement& SqliteStore::cached(std::string_view sql) {
  if (m_last_cached != m_statements.end() && m_last_cached->first == sql) {
    m_last_cached->second->reset();
    return *m_last_cached->second;
  }
  auto found = m_statements.find(sql);
  if (found == m_statements.end()) {
    found = m_statements.emplace(std::string(sql), std::make_unique<Statement>(m_db, sql)).first;
  } else {
    found->second->reset();
  }
  m_last_cached = found;
  return *found->second;
}

Id SqliteStore::last_insert_id() const {
  return sqlite3_last_insert_rowid(m_db.handle());
}

} // namespace sqlite
} // namespace acctctl
