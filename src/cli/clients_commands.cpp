// acctctl clients
#include "acctctl/format/records.hpp"
#include "acctctl/service/clients.hpp"
#include "acctctl/values.hpp"
#include "commands.hpp"

namespace acctctl::cli {
namespace {

struct ClientAddOptions {
  std::string name;
  std::string practice;
  std::optional<std::string> professional;
  std::optional<std::string> contact_email;
};

void print_clients(Context& context, const ClientQuery& query) {
  context.print_rows<ClientSummary>(
      client_layout(), [&](const auto& sink) { list_clients(context.session(), query, sink); },
      &client_record);
}

} // namespace

void add_clients_commands(CLI::App& root, Context& context) {
  CLI::App* clients = add_group(root, "clients", "Client accounts of the practices");

  auto practice = std::make_shared<std::optional<std::string>>();
  CLI::App* list = clients->add_subcommand("list", "List the client accounts you reach");
  list->add_option("--practice", *practice, "Only this practice (id or name)");
  list->callback([&context, practice] { print_clients(context, {*practice, std::nullopt}); });

  auto text = std::make_shared<std::string>();
  CLI::App* search = clients->add_subcommand(
      "search", "Client accounts whose name contains TEXT (case-insensitive; % and _ are literal)");
  search->add_option("TEXT", *text, "Part of the name")->required();
  search->callback([&context, text] { print_clients(context, {std::nullopt, *text}); });

  auto client = std::make_shared<std::string>();
  CLI::App* show = clients->add_subcommand(
      "show", "Practice, professional, owner, alert recipient, user and document counts");
  show->add_option("CLIENT", *client, "A client id or name")->required();
  show->callback([&context, client] {
    context.print_one(client_layout(), client_record(show_client(context.session(), *client)));
  });

  auto options = std::make_shared<ClientAddOptions>();
  CLI::App* add = clients->add_subcommand(
      "add", "Add a client account (support or staff of the practice; a member who adds one is "
             "granted access to it)");
  add->add_option("NAME", options->name, "The name, unique within the practice")->required();
  add->add_option("--practice", options->practice, "The practice (id or name)")->required();
  add->add_option("--professional", options->professional,
                  "The assigned professional: staff of the same practice (id or email)");
  add->add_option("--contact-email", options->contact_email,
                  "The client's contact email (portal add uses it)");
  add->callback([&context, options] {
    NewClient spec;
    spec.name = check_name("NAME", options->name);
    spec.practice_ref = options->practice;
    spec.professional_ref = options->professional;
    spec.contact_email = checked_email(options->contact_email, "--contact-email");
    context.print_one(client_layout(), client_record(add_client(context.session(), spec)));
  });
}

} // namespace acctctl::cli
