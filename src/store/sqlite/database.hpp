#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <sqlite3.h>

// Thin RAII over the SQLite C API (the SQLiteCpp shape): a Database owns the connection, a
// Statement finalizes itself, a Transaction rolls back unless committed. Every failing call
// goes through Database::fail, the one place that maps SQLite codes to exit codes.
namespace acctctl::sqlite {

class Database {
public:
  Database(std::string path, int open_flags);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  sqlite3* handle() const { return m_db.get(); }
  const std::string& path() const { return m_path; }

  void exec(const char* sql);
  std::int64_t query_int(const char* sql);
  std::string query_text(const char* sql);

  // Throws the Error that `code` means for this store; `doing` says what failed, for people.
  [[noreturn]] void fail(int code, std::string_view doing) const;

private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  std::string m_path;
  std::unique_ptr<sqlite3, Closer> m_db;
};

class Statement {
public:
  Statement(Database& db, std::string_view sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds are 1-based like SQLite's; text is copied, so temporaries are fine.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::string& value) {
    return bind(index, std::string_view(value));
  }
  Statement& bind_null(int index);
  // Text that SQLite reads in place, not copied: it must live until the statement has run
  // (a row being inserted or updated does). Saves a copy per text column of a batch.
  Statement& bind_borrowed(int index, std::string_view value);
  template <typename T> Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  bool step(); // true while there is a row
  void run();  // steps to the end, for statements that return no rows
  void reset() noexcept;

  std::int64_t integer(int column) const;
  bool boolean(int column) const { return integer(column) != 0; }
  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  // The column's text, valid until the next step or reset.
  std::string_view text_view(int column) const;
  // None for NULL, in one call (an empty text is not NULL).
  std::optional<std::string_view> optional_text_view(int column) const;
  // Into a string that is reused row after row: its buffer is kept, so no allocation.
  void assign_text(int column, std::string& into) const;
  std::optional<std::int64_t> optional_integer(int column) const;
  bool is_null(int column) const;
  // How often SQLite prepared the statement again (a schema change, or a bound value that
  // may change the plan): each time costs a parse and a plan.
  int reprepares() const;

private:
  Statement& bind_text(int index, std::string_view value, void (*lifetime)(void*));

  struct Finalizer {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
  };
  Database& m_db;
  std::unique_ptr<sqlite3_stmt, Finalizer> m_statement;
};

class Transaction {
public:
  enum class Behavior { deferred, immediate };
  Transaction(Database& db, Behavior behavior);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  void commit();

private:
  Database& m_db;
  bool m_open = true;
};

} // namespace acctctl::sqlite
