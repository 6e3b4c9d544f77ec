// acctctl due: apply the scheduled starts and ends that have come (R15, SPEC §3.2).
#include "acctctl/service/schedule.hpp"
#include "commands.hpp"

namespace acctctl::cli {

void add_due_command(CLI::App& root, Context& context) {
  auto client = std::make_shared<std::optional<std::string>>();
  CLI::App* due = root.add_subcommand(
      "due", "Apply the scheduled starts, ends and access --until that have come (for a timer: "
             "see acctctl(1)); support or a practice admin");
  due->add_option("--client", *client, "Only this client account");
  due->callback([&context, client] {
    context.exit_status =
        context.print_report(apply_due(context.session(), *client, context.batch_options({})));
  });
}

} // namespace acctctl::cli
