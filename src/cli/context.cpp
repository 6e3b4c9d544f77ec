#include "context.hpp"

#include <cstdlib>
#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/format/records.hpp"
#include "acctctl/values.hpp"
#include "progress.hpp"
#include "terminal_confirmer.hpp"

namespace acctctl::cli {
namespace {

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return std::nullopt;
  }
  return std::string(value);
}

// The width a table must fit on the terminal: $COLUMNS if it is set (as ls and gh read it),
// else the window's. 0 when neither says: nothing is cut.
std::size_t terminal_columns() {
  if (const auto columns = environment("COLUMNS")) {
    if (const auto value = parse_id(*columns); value && *value > 0 && *value < 100'000) {
      return static_cast<std::size_t>(*value);
    }
  }
  winsize window{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &window) == 0) {
    return window.ws_col;
  }
  return 0;
}

std::string describe_failure(const ItemReport& item) {
  if (item.result == ItemResult::not_found || !item.id) {
    return item.reason;
  }
  return fmt::format("cannot {} {} (id {}): {}", item.action, item.name, *item.id, item.reason);
}

std::string summary_of(const BatchReport& report) {
  std::vector<std::string> counts;
  for (const ItemResult result :
       {ItemResult::deactivated, ItemResult::enabled, ItemResult::removed, ItemResult::added,
        ItemResult::updated, ItemResult::transferred, ItemResult::assigned, ItemResult::granted,
        ItemResult::revoked, ItemResult::unchanged, ItemResult::refused, ItemResult::not_found,
        ItemResult::denied, ItemResult::skipped}) {
    if (const std::size_t count = report.count(result); count > 0) {
      counts.push_back(fmt::format("{} {}", count, to_string(result)));
    }
  }
  std::string prefix;
  if (report.dry_run) {
    prefix = "dry run, nothing changed: ";
  } else if (!report.applied && report.exit_code != ExitCode::success) {
    prefix = "nothing changed (pass --continue to apply the valid items): ";
  }
  if (counts.empty()) {
    return fmt::format("{}{}: nothing to do", prefix, report.subject); // `due` with nothing due
  }
  return fmt::format("{}{}: {}", prefix, report.subject, fmt::join(counts, ", "));
}

} // namespace

std::string Context::store_path() const {
  if (options.db && !options.db->empty()) {
    return *options.db;
  }
  std::string data_home;
  if (const auto xdg = environment("XDG_DATA_HOME")) {
    data_home = *xdg;
  } else if (const auto home = environment("HOME")) {
    data_home = *home + "/.local/share";
  } else {
    throw Error(ExitCode::usage, "no store path: pass --db PATH or set ACCTCTL_DB (HOME is unset)");
  }
  return data_home + "/acctctl/acctctl.db";
}

StoreOptions Context::store_options() const {
  StoreOptions store;
  const auto milliseconds = [](const char* name, std::int64_t least) -> std::optional<int> {
    const auto text = environment(name);
    if (!text) {
      return std::nullopt;
    }
    const auto value = *text == "0" ? std::optional<Id>(0) : parse_id(*text);
    if (!value || *value < least || *value > 3'600'000) {
      throw Error(ExitCode::usage,
                  fmt::format("{}={} is not a number of milliseconds between {} and 3600000", name,
                              in_quotes(*text), least));
    }
    return static_cast<int>(*value);
  };
  store.busy_timeout_ms =
      milliseconds("ACCTCTL_BUSY_TIMEOUT_MS", 1).value_or(store.busy_timeout_ms);
  store.statement_timeout_ms = milliseconds("ACCTCTL_STATEMENT_TIMEOUT_MS", 0).value_or(0);
  store.pg_schema = environment("ACCTCTL_PG_SCHEMA");
  store.warn = [this](const std::string& message) { warning(message); };
  return store;
}

Session& Context::session() {
  if (!m_session) {
    if ((!options.actor || options.actor->empty()) && !names_a_server(store_path())) {
      throw Error(ExitCode::usage,
                  "no actor: say who is acting with --as EMAIL or ACCTCTL_ACTOR=EMAIL");
    }
    m_store = open_store(store_path(), OpenPurpose::use, store_options());
    m_session.emplace(Session{*m_store, m_clock, options.actor, {}});
    if (stderr_is_terminal() && !options.quiet) {
      m_session->progress = ProgressLine(std::cerr);
    }
  }
  return *m_session;
}

Store& Context::store_for_init() {
  m_store = open_store(store_path(), OpenPurpose::init, store_options());
  return *m_store;
}

std::ostream& Context::out() {
  // A table escapes each value itself (printable) and adds its own bold header, which the
  // line filter would show as text.
  if (isatty(STDOUT_FILENO) != 1 || output().format == OutputFormat::table) {
    return std::cout;
  }
  if (!m_terminal_out) {
    m_terminal_buffer = std::make_unique<TerminalSafeBuffer>(std::cout.rdbuf());
    m_terminal_out = std::make_unique<std::ostream>(m_terminal_buffer.get());
  }
  return *m_terminal_out;
}

bool Context::stdin_is_terminal() const {
  return isatty(STDIN_FILENO) == 1;
}
bool Context::stderr_is_terminal() const {
  return isatty(STDERR_FILENO) == 1;
}

OutputOptions Context::output() const {
  const bool terminal = isatty(STDOUT_FILENO) == 1;
  OutputOptions result;
  result.format = terminal ? OutputFormat::table : OutputFormat::tsv;
  if (options.output) {
    result.format = parse_output_format(*options.output).value_or(result.format);
  }
  const bool tsv = result.format == OutputFormat::tsv;
  result.headers = options.headers || (!options.no_headers && (!tsv || terminal));
  if (terminal && result.format == OutputFormat::table && !options.wide) {
    result.max_width = terminal_columns();
  }
  if (options.color == "always") {
    result.color = true;
  } else if (options.color == "auto") {
    result.color = terminal && !environment("NO_COLOR");
  }
  return result;
}

void Context::print_one(const Layout& layout, const Record& record) {
  write_single(layout, output(), record, out());
}

int Context::print_report(const BatchReport& report) {
  print_rows<ItemReport>(
      result_layout(report.dry_run, report.with_client),
      [&](const auto& sink) {
        for (const ItemReport& item : report.items) {
          sink(item);
        }
      },
      [&](const ItemReport& item, Record& record) {
        result_record_into(item, report.dry_run, report.with_client, record);
      });
  // Every failing item is in the rows on stdout; stderr names the first few.
  constexpr std::size_t k_error_lines = 20;
  std::size_t failures = 0;
  for (const ItemReport& item : report.items) {
    if (item.code != ExitCode::success && ++failures <= k_error_lines) {
      error(describe_failure(item));
    }
  }
  if (failures > k_error_lines) {
    error(
        fmt::format("… and {} more failing items (see the result rows)", failures - k_error_lines));
  }
  if (report.refusal) {
    error(*report.refusal);
  }
  for (const std::string& message : report.warnings) {
    warning(message);
  }
  note(summary_of(report));
  return to_int(report.exit_code);
}

BatchOptions Context::batch_options(const BatchFlags& flags) const {
  return {options.dry_run, flags.keep_going, flags.ignore_not_found};
}

std::unique_ptr<Confirmer> Context::confirmer() {
  return std::make_unique<TerminalConfirmer>(options.yes, stdin_is_terminal(), std::cerr);
}

void Context::error(std::string_view message) const {
  std::cerr << "acctctl: error: " << printable(message) << '\n';
}

void Context::warning(std::string_view message) const {
  if (!options.quiet) {
    std::cerr << "acctctl: warning: " << printable(message) << '\n';
  }
}

void Context::note(std::string_view message) const {
  if (!options.quiet) {
    std::cerr << "acctctl: " << printable(message) << '\n';
  }
}

} // namespace acctctl::cli
