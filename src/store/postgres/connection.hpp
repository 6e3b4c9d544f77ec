#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/postgres/conninfo.hpp"
#include "store/postgres/libpq_loader.hpp"
#include "store/sql/conditions.hpp"

// libpq behind small RAII types: a connection, a result, parameters. Every statement is
// parameterised ($1, $2, …): no SQL is ever built from user text. Failures throw Error with
// the exit code SPEC.md §5 gives their SQLSTATE.
namespace acctctl::postgres {

// Parameters in libpq's text format; none is SQL NULL.
class Params {
public:
  Params& add(std::string value);
  Params& add(std::string_view value) { return add(std::string(value)); }
  Params& add(const char* value) { return add(std::string(value)); }
  Params& add(std::int64_t value);
  Params& add(int value) { return add(static_cast<std::int64_t>(value)); }
  Params& add(bool value);
  template <typename T> Params& add(const std::optional<T>& value) {
    if (!value) {
      m_values.emplace_back(std::nullopt);
      return *this;
    }
    return add(*value);
  }
  Params& add_null() {
    m_values.emplace_back(std::nullopt);
    return *this;
  }
  int size() const { return static_cast<int>(m_values.size()); }
  // The $n of the next value added.
  std::string next() const;
  std::vector<const char*> pointers() const;

private:
  std::vector<std::optional<std::string>> m_values;
};

// A column of values as a PostgreSQL array literal ({"a","b",NULL}), for unnest($n::text[]):
// one parameter carries a whole batch, so a batch is one round trip whatever its size.
class ArrayLiteral {
public:
  void add(std::string_view value);
  void add(std::int64_t value);
  void add(bool value) { add(std::string_view(value ? "t" : "f")); }
  template <typename T> void add(const std::optional<T>& value) {
    if (value) {
      add(*value);
    } else {
      add_null();
    }
  }
  void add_null();
  std::string text() const { return m_text + "}"; }
  // The literal of a list of ids, for = ANY($n::bigint[]).
  static std::string of(const std::vector<std::int64_t>& ids) {
    ArrayLiteral array;
    for (const std::int64_t id : ids) {
      array.add(id);
    }
    return array.text();
  }

private:
  void separate();
  std::string m_text = "{";
  bool m_empty = true;
};

class Result {
public:
  explicit Result(PGresult* result) : m_result(result) {}
  int rows() const { return libpq().ntuples(m_result.get()); }
  bool is_null(int row, int column) const {
    return libpq().getisnull(m_result.get(), row, column) == 1;
  }
  std::string text(int row, int column) const;
  std::string_view text_view(int row, int column) const; // valid while the result lives
  std::optional<std::string> optional_text(int row, int column) const;
  std::int64_t integer(int row, int column) const;
  std::optional<std::int64_t> optional_integer(int row, int column) const;
  bool boolean(int row, int column) const;

private:
  struct Clear {
    void operator()(PGresult* result) const { libpq().clear(result); }
  };
  std::unique_ptr<PGresult, Clear> m_result;
};

// What the server answered to COMMIT (SPEC §6.2): committed, or nothing, because the connection
// was lost after COMMIT was sent, when only a new connection can tell what happened.
enum class CommitAnswer { committed, connection_lost };

class Connection {
public:
  // Error(usage) before connecting if libpq cannot read `url` unambiguously (conninfo.hpp).
  // A server that cannot be reached yet (down, restarting, failing over: connect_failure.hpp)
  // is tried again with backoff for `retry_for`; nothing has been sent to it.
  explicit Connection(const std::string& url,
                      std::chrono::milliseconds retry_for = std::chrono::milliseconds(0));
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Result exec(std::string_view sql, const Params& params = {});
  // Streams the rows of a query one at a time (libpq's single-row mode), so that a listing
  // holds one row, not the whole result.
  void each_row(std::string_view sql, const Params& params,
                const std::function<void(const Result&)>& row);
  void exec_script(std::string_view sql); // several statements, no parameters
  // A new session on the same URL (after a former primary answered read-only), tried as the
  // constructor tries; the session's settings are the caller's to set again.
  void reconnect(std::chrono::milliseconds retry_for);
  // Ends the open transaction. Throws, as exec does, when the server refuses it (then it has
  // rolled back); connection_lost when no answer came.
  CommitAnswer commit();

  // Where the server's warnings go (a commit not yet replicated, for one); by default nowhere.
  void on_warning(std::function<void(const std::string&)> warn) { m_warn = std::move(warn); }

  PGconn* handle() const { return m_conn; }
  const std::string& shown() const { return m_shown; }
  const ConnInfo& conninfo() const { return m_parsed; }
  // For the interrupt hook: PQcancel on it is async-signal-safe; null while reconnecting.
  PGcancel* cancel_handle() const { return m_cancel.load(); }

private:
  [[noreturn]] void fail(PGresult* result);
  static void receive_notice(void* self, const PGresult* notice);
  void connect(std::chrono::milliseconds retry_for);
  void close() noexcept;
  std::string m_url;
  ConnInfo m_parsed; // libpq's reading of the URL: to show it, and to keep its passwords out
  std::string m_shown;
  PGconn* m_conn = nullptr;
  std::atomic<PGcancel*> m_cancel = nullptr; // read by the signal handler
  std::function<void(const std::string&)> m_warn;
};

// The values of shared WHERE clauses (src/store/sql/), as the parameters of their $n.
Params params_of(const sql::Conditions& conditions);

} // namespace acctctl::postgres
