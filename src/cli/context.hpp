#pragma once

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "acctctl/clock.hpp"
#include "acctctl/format/writers.hpp"
#include "acctctl/service/batch.hpp"
#include "acctctl/service/session.hpp"
#include "acctctl/store.hpp"
#include "terminal_output.hpp"

namespace acctctl::cli {

// The global options of SPEC.md §3, accepted before or after the command.
struct GlobalOptions {
  std::optional<std::string> db;    // --db / ACCTCTL_DB
  std::optional<std::string> actor; // --as / ACCTCTL_ACTOR
  std::optional<std::string> output;
  bool headers = false;
  bool no_headers = false;
  bool wide = false; // -w: tables keep every column whole on a terminal
  std::string color = "auto";
  bool yes = false;
  bool dry_run = false;
  bool quiet = false;
};

// The options a batch command adds to the global ones (R11).
struct BatchFlags {
  bool keep_going = false;
  bool ignore_not_found = false;
};

// What a command needs around the core: the store it opens on first use, where output goes,
// and how it talks to the person on stderr.
class Context {
public:
  GlobalOptions options;
  int exit_status = 0; // what the command that ran returns

  // The store for every command but init (exit 1 if there is none); needs an actor.
  Session& session();
  // For init: creates or upgrades the store.
  Store& store_for_init();
  std::string store_path() const;
  const Clock& clock() const { return m_clock; }

  OutputOptions output() const;
  // stdout; on a terminal, through TerminalSafeBuffer.
  std::ostream& out();
  bool stdin_is_terminal() const;
  bool stderr_is_terminal() const;

  // Writes records as they come from `produce`, which calls the sink it is given.
  // `to_record` returns a row's record, or fills one that is reused for every row.
  template <typename Row, typename Produce, typename ToRecord>
  void print_rows(const Layout& layout, Produce produce, ToRecord to_record) {
    const auto writer = make_writer(layout, output(), out());
    if constexpr (std::is_invocable_v<ToRecord, const Row&, Record&>) {
      Record record;
      produce([&](const Row& row) {
        to_record(row, record);
        writer->write(record);
      });
    } else {
      produce([&](const Row& row) { writer->write(to_record(row)); });
    }
    writer->finish();
  }
  void print_one(const Layout& layout, const Record& record);

  // Prints a batch's rows on stdout and its errors, warnings and summary on stderr; returns
  // the exit status.
  int print_report(const BatchReport& report);

  BatchOptions batch_options(const BatchFlags& flags) const;
  std::unique_ptr<Confirmer> confirmer();

  void error(std::string_view message) const;   // always shown
  void warning(std::string_view message) const; // not with --quiet
  void note(std::string_view message) const;    // summaries; not with --quiet

private:
  StoreOptions store_options() const;

  SystemClock m_clock;
  std::unique_ptr<TerminalSafeBuffer> m_terminal_buffer;
  std::unique_ptr<std::ostream> m_terminal_out;
  std::unique_ptr<Store> m_store;
  std::optional<Session> m_session;
};

} // namespace acctctl::cli
