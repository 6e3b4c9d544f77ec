// acctctl documents|audit
#include "acctctl/clock.hpp"
#include "acctctl/error.hpp"
#include "acctctl/format/records.hpp"
#include "acctctl/service/audit.hpp"
#include "acctctl/service/documents.hpp"
#include "acctctl/values.hpp"
#include "commands.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace acctctl::cli {
namespace {

struct DocumentOptions {
  std::string client;
  std::optional<std::string> user;
  std::string title;
};

struct AuditOptions {
  std::optional<std::string> client;
  std::optional<std::string> user;
  std::optional<std::string> since;
  std::optional<std::string> batch;
  std::int64_t limit = 100;
};

void run_audit(Context& context, const AuditOptions& options) {
  AuditQuery query;
  query.client_ref = options.client;
  query.user_ref = options.user;
  query.batch = options.batch;
  if (options.since) {
    query.since = parse_timestamp(*options.since);
    if (!query.since) {
      throw Error(ExitCode::usage,
                  fmt::format("--since {} is not a date or time: use 2026-11-22 or "
                              "2026-11-22T09:30:00Z",
                              in_quotes(*options.since)));
    }
  }
  if (options.limit < 0) {
    throw Error(ExitCode::usage, "--limit must be 0 (no limit) or more");
  }
  query.limit = options.limit == 0 ? std::nullopt : std::optional<std::int64_t>(options.limit);
  context.print_rows<AuditEvent>(
      audit_layout(), [&](const auto& sink) { list_audit(context.session(), query, sink); },
      &audit_record);
}

void run_verify(Context& context, const std::optional<std::string>& client) {
  const std::vector<ChainSummary> chains = verify_audit(context.session(), client);
  context.print_rows<ChainSummary>(
      chain_layout(),
      [&](const auto& sink) {
        for (const ChainSummary& chain : chains) {
          sink(chain);
        }
      },
      &chain_record);
  std::int64_t events = 0;
  for (const ChainSummary& chain : chains) {
    events += chain.events;
  }
  context.note(fmt::format("{} verified: {}", counted(chains.size(), "audit chain", "audit chains"),
                           counted(static_cast<std::size_t>(events), "event", "events")));
}

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

void add_audit_commands(CLI::App& root, Context& context) {
  CLI::App* audit = add_group(root, "audit", "The audit trail: one event per change");
  auto options = std::make_shared<AuditOptions>();
  CLI::App* list = audit->add_subcommand("list", "Audit events, newest first");
  list->add_option("--client", options->client, "Only this client's events");
  list->add_option("--user", options->user, "Only this user's events");
  list->add_option("--since", options->since,
                   "Only events at or after this UTC date or time (2026-11-22, "
                   "2026-11-22T09:30:00Z, or with an offset)")
      ->type_name("ISO8601");
  list->add_option("--batch", options->batch,
                   "Only the events of one command run (an event's batch)");
  // Digits only, read in base 10: CLI11 alone would read 0x10 as 16 and 010 as 8.
  list->add_option("--limit", options->limit, "At most this many events (default 100; 0: all)")
      ->transform(CLI::Validator(
          [](std::string& text) {
            if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
              return std::string("a whole number written in digits, e.g. 500");
            }
            text.erase(0, std::min(text.find_first_not_of('0'), text.size() - 1));
            return std::string();
          },
          ""))
      ->type_name("N");
  list->callback([&context, options] { run_audit(context, *options); });

  auto verified = std::make_shared<std::optional<std::string>>();
  CLI::App* verify = audit->add_subcommand(
      "verify", "Recompute the hash chains of the events you may read (exit 1 at the first "
                "event that breaks its chain)");
  verify->add_option("--client", *verified, "Only this client's chain");
  verify->callback([&context, verified] { run_verify(context, *verified); });
}

} // namespace acctctl::cli
