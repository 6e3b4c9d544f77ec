#pragma once

#include <memory>
#include <string>

#include "acctctl/store.hpp"
#include "temp_dir.hpp"

// The store engines the same tests run over (SPEC.md §6): a SQLite file, and a database on
// the PostgreSQL server that libpq's environment names (PGHOST, PGPORT, PGUSER, PGPASSWORD:
// `pg_virtualenv` sets them, and .ci/test runs the tests under it). No server is a failure,
// never a skip.
namespace acctctl::testing {

enum class Engine { sqlite, postgres };
const char* to_string(Engine engine);

// A location with no store yet, for one test: a path in a scratch folder, or a new empty
// database, dropped afterwards.
class ScratchLocation {
public:
  explicit ScratchLocation(Engine engine);
  ~ScratchLocation();
  ScratchLocation(const ScratchLocation&) = delete;
  ScratchLocation& operator=(const ScratchLocation&) = delete;

  const std::string& location() const { return m_location; }
  // Runs SQL on the store's database directly, as a tampering operator would (tests only).
  void run_sql(const std::string& sql) const;

private:
  Engine m_engine;
  TempDir m_dir;
  std::string m_database;
  std::string m_location;
};

// An initialised store at a scratch location, with its support staff.
struct ScratchStore {
  explicit ScratchStore(Engine engine);
  ScratchLocation where;
  std::unique_ptr<Store> store;
};

} // namespace acctctl::testing
