// acctctl init
#include <fmt/format.h>

#include "acctctl/service/store_admin.hpp"
#include "acctctl/values.hpp"
#include "commands.hpp"

namespace acctctl::cli {
namespace {

struct InitOptions {
  std::optional<std::string> support_email;
  std::optional<std::string> support_name;
};

int run_init(Context& context, const InitOptions& options) {
  InitRequest request;
  request.support_email = checked_email(options.support_email, "--support-email");
  if (options.support_name) {
    request.support_name = check_name("--support-name", *options.support_name);
  }
  Store& store = context.store_for_init();
  const InitReport report = initialize_store(store, context.clock(), request);
  context.note(fmt::format("store {} is ready (schema {}, {}, {})", report.info.location,
                           report.info.schema_version, report.info.engine,
                           report.info.engine_detail));
  if (report.support_added) {
    context.note(fmt::format("support staff {} added: act as them with --as {}",
                             report.support_added->email, report.support_added->email));
  }
  if (const auto sql = store.setup_sql_for_administrator()) {
    context.out() << *sql;
    context.out().flush();
    context.note("this role may not create roles: a database administrator runs the SQL above "
                 "(on standard output) to make the group role acctctl_operator and give it this "
                 "store; then run `acctctl init` again");
  }
  return 0;
}

} // namespace

void add_init_command(CLI::App& root, Context& context) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* init = root.add_subcommand(
      "init", "Create the store (with its folders) or upgrade its schema; safe to run again");
  init->add_option("--support-email", options->support_email,
                   "The first support staff member (required while the store has none)")
      ->type_name("EMAIL");
  init->add_option("--support-name", options->support_name, "Their name (default: the email)")
      ->type_name("NAME");
  init->callback([&context, options] { context.exit_status = run_init(context, *options); });
}

} // namespace acctctl::cli
