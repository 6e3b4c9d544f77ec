#include "engines.hpp"

#include <atomic>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include "acctctl/clock.hpp"
#include "acctctl/error.hpp"
#include "acctctl/service/store_admin.hpp"
#include "store/postgres/connection.hpp"

namespace acctctl::testing {
namespace {

// The server's maintenance database, where test databases are created and dropped.
postgres::Connection maintenance_connection() {
  try {
    return postgres::Connection("postgresql:///postgres");
  } catch (const Error& error) {
    FAIL("the PostgreSQL store tests need a server (run them under pg_virtualenv, as .ci/test "
         "does): "
         << error.what());
    throw;
  }
}

} // namespace

const char* to_string(Engine engine) {
  return engine == Engine::sqlite ? "SQLite" : "PostgreSQL";
}

ScratchLocation::ScratchLocation(Engine engine) : m_engine(engine) {
  if (engine == Engine::sqlite) {
    m_location = m_dir.file("acctctl.db");
    return;
  }
  static std::atomic<int> counter{0};
  m_database = fmt::format("acctctl_unit_{}_{}", getpid(), ++counter);
  maintenance_connection().exec_script(fmt::format("CREATE DATABASE {}", m_database));
  m_location = fmt::format("postgresql:///{}", m_database);
}

ScratchLocation::~ScratchLocation() {
  if (m_engine == Engine::postgres) {
    try {
      maintenance_connection().exec_script(
          fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", m_database));
    } catch (...) { // NOLINT(bugprone-empty-catch): a leftover test database is harmless
    }
  }
}

void ScratchLocation::run_sql(const std::string& sql) const {
  if (m_engine == Engine::postgres) {
    postgres::Connection(m_location).exec_script(sql);
    return;
  }
  sqlite3* db = nullptr;
  sqlite3_open(m_location.c_str(), &db);
  char* message = nullptr;
  const int status = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  const std::string error = message ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  if (status != SQLITE_OK) {
    throw Error(ExitCode::store_error, error);
  }
}

ScratchStore::ScratchStore(Engine engine)
    : where(engine), store(open_store(where.location(), OpenPurpose::init)) {
  initialize_store(*store, SystemClock(), {"support@vendor.test", "Sam Support"});
}

} // namespace acctctl::testing
