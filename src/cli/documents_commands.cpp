// acctctl documents
#include "acctctl/error.hpp"
#include "acctctl/format/records.hpp"
#include "acctctl/service/documents.hpp"
#include "acctctl/values.hpp"
#include "commands.hpp"

#include <fmt/format.h>

namespace acctctl::cli {
namespace {

struct DocumentOptions {
  std::string client;
  std::optional<std::string> user;
  std::string title;
};

} // namespace

void add_documents_commands(CLI::App& root, Context& context) {
  CLI::App* documents = add_group(root, "documents", "Paperwork submitted by client users");
  auto options = std::make_shared<DocumentOptions>();
  CLI::App* list = documents->add_subcommand(
      "list", "Documents of a client; they stay when their submitter is deactivated or removed");
  list->add_option("--client", options->client, "A client id or name")->required();
  list->add_option("--user", options->user, "Only those this user submitted");
  list->callback([&context, options] {
    context.print_rows<DocumentListing>(
        document_layout(),
        [&](const auto& sink) {
          list_documents(context.session(), options->client, options->user, sink);
        },
        &document_record);
  });

  auto add_options = std::make_shared<DocumentOptions>();
  CLI::App* add = documents->add_subcommand(
      "add", "File a document under a user (a document owner without login too); refused if "
             "they are deactivated");
  add->add_option("--client", add_options->client, "A client id or name")->required();
  add->add_option("--user", add_options->user, "The submitter: a user id, email or username")
      ->required();
  add->add_option("--title", add_options->title, "The document's title")->required();
  add->callback([&context, add_options] {
    const DocumentListing added =
        add_document(context.session(), add_options->client, *add_options->user,
                     check_name("--title", add_options->title));
    context.print_one(document_layout(), document_record(added));
  });
}

} // namespace acctctl::cli
