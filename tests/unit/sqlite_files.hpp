#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <sqlite3.h>

#include "acctctl/clock.hpp"
#include "acctctl/service/store_admin.hpp"
#include "store/engines.hpp"

// SQLite store files for the tests that look inside them: a pragma, raw SQL, a query plan.
namespace acctctl::testing {

inline std::int64_t pragma(const std::string& path, const char* name) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, (std::string("PRAGMA ") + name).c_str(), -1, &statement, nullptr);
  std::int64_t value = -1;
  if (sqlite3_step(statement) == SQLITE_ROW) {
    value = sqlite3_column_int64(statement, 0);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return value;
}

inline void run_sql(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  sqlite3_close(db);
}

// Whether `sql` ran without an error (a CHECK, a trigger).
inline bool sql_succeeds(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rc == SQLITE_OK;
}

// The first column of the first row of `sql`, as text ("" for none or NULL).
inline std::string query_text(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
  std::string text;
  if (sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0) != nullptr) {
    text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return text;
}

// A new store at `path`, with its support staff.
inline std::unique_ptr<Store> new_store(const std::string& path) {
  auto store = open_sqlite_store(path, OpenPurpose::init);
  initialize_store(*store, SystemClock(), {"support@vendor.test", std::nullopt});
  return store;
}

// Column `column` of every row of `explain` + `sql`, one a line; acctctl_now() is there as in
// the store. Opened for writing: on a read-only connection SQLite leaves the CHECKs out of a
// write's bytecode (EXPLAIN does not write).
inline std::string explained(const std::string& path, const std::string& explain,
                             const std::string& sql, int column) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  sqlite3_create_function_v2(
      db, "acctctl_now", 0, SQLITE_UTF8, nullptr,
      [](sqlite3_context* context, int /*argc*/, sqlite3_value** /*argv*/) {
        sqlite3_result_text(context, "2026-12-01T12:00:00Z", -1, SQLITE_STATIC);
      },
      nullptr, nullptr, nullptr);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, (explain + sql).c_str(), -1, &statement, nullptr);
  std::string lines;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    lines += reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
    lines += "\n";
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return lines;
}

// EXPLAIN QUERY PLAN of `sql`, one step a line.
inline std::string query_plan(const std::string& path, const std::string& sql) {
  return explained(path, "EXPLAIN QUERY PLAN ", sql, 3);
}

// The opcodes of `sql`'s bytecode (EXPLAIN), one a line: what SQLite does per row, which a
// query plan does not show (the temporary B-tree of an IN list in a CHECK, for one).
inline std::string bytecode(const std::string& path, const std::string& sql) {
  return explained(path, "EXPLAIN ", sql, 1);
}

} // namespace acctctl::testing
