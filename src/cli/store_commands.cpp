// acctctl check|export|import
#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/format/records.hpp"
#include "acctctl/service/store_admin.hpp"
#include "acctctl/values.hpp"
#include "commands.hpp"

namespace acctctl::cli {
namespace {

int run_check(Context& context) {
  const CheckReport report = check_store(context.session());
  std::vector<CheckFinding> rows = {
      {"store", true, report.info.location},
      {"engine", true, fmt::format("{}, {}", report.info.engine, report.info.engine_detail)},
      {"schema", true, fmt::format("version {}", report.info.schema_version)},
  };
  rows.insert(rows.end(), report.findings.begin(), report.findings.end());
  context.print_rows<CheckFinding>(
      check_layout(),
      [&](const auto& sink) {
        for (const CheckFinding& row : rows) {
          sink(row);
        }
      },
      &check_record);
  std::size_t failed = 0;
  bool only_the_file_mode = true; // its line says how to fix it: the data is sound
  for (const CheckFinding& finding : report.findings) {
    if (!finding.ok) {
      ++failed;
      only_the_file_mode = only_the_file_mode && finding.check == "file mode";
      context.error(fmt::format("{}: {}", finding.check, finding.detail));
    }
  }
  if (failed > 0) {
    context.error(fmt::format(
        "store {} fails {}{}", report.info.location, counted(failed, "check", "checks"),
        only_the_file_mode ? "" : ": restore it from a backup or repair it from an export"));
    return to_int(ExitCode::store_error);
  }
  context.note(fmt::format("store {}: every check passed", report.info.location));
  return 0;
}

int run_import(Context& context, const std::string& path) {
  const std::unique_ptr<std::istream> in = open_input(path);
  const ImportReport report = import_store(context.session(), *in, path == "-" ? "stdin" : path);
  context.note(fmt::format("imported {}: {}, {} staff, {}, {}, {}, {}", path,
                           counted(report.practices, "practice", "practices"), report.staff,
                           counted(report.clients, "client", "clients"),
                           counted(report.users, "user", "users"),
                           counted(report.documents, "document", "documents"),
                           counted(report.audit, "audit event", "audit events")));
  return 0;
}

} // namespace

void add_store_commands(CLI::App& root, Context& context) {
  root.add_subcommand("check", "Check the store: its integrity, its triggers and the invariants "
                               "R2, R9, R14 (exit 1 if broken)")
      ->callback([&context] { context.exit_status = run_check(context); });

  root.add_subcommand("export", "The whole store as one JSON document on stdout (support only)")
      ->callback([&context] { export_store(context.session(), context.out()); });

  auto path = std::make_shared<std::string>();
  CLI::App* import_command = root.add_subcommand(
      "import", "Replace the whole store with an export, in one transaction (support only); the "
                "file is checked first and nothing changes on error");
  import_command->add_option("FILE", *path, "An export made by acctctl export (- for stdin)")
      ->required();
  import_command->callback([&context, path] { context.exit_status = run_import(context, *path); });
}

} // namespace acctctl::cli
