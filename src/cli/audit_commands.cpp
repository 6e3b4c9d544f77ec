// acctctl audit list|verify|follow
#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>

#include <fmt/format.h>

#include "acctctl/clock.hpp"
#include "acctctl/error.hpp"
#include "acctctl/format/records.hpp"
#include "acctctl/interrupt.hpp"
#include "acctctl/service/audit.hpp"
#include "acctctl/values.hpp"
#include "commands.hpp"

namespace acctctl::cli {
namespace {

// A follower looks for new events this often: a poll is one small query while nothing
// happens. At 200 ms, 8 busy writers on 2 cores put the 99th percentile of commit-to-print at
// 0.96 s; at 100 ms, 0.65 s (bench/follow_latency.py). No LISTEN: it needs a session of its
// own, which a pooler in transaction mode does not keep, and polling is needed anyway.
constexpr std::chrono::milliseconds k_follow_interval{100};

struct AuditOptions {
  std::optional<std::string> client;
  std::optional<std::string> user;
  std::optional<std::string> since;
  std::optional<std::string> batch;
  std::int64_t limit = 100;
};

struct FollowOptions {
  std::optional<std::string> client;
  std::optional<Id> after;
};

// Digits only, read in base 10: CLI11 alone would read 0x10 as 16 and 010 as 8.
CLI::Validator whole_number() {
  return CLI::Validator(
      [](std::string& text) {
        if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
          return std::string("a whole number written in digits, e.g. 500");
        }
        text.erase(0, std::min(text.find_first_not_of('0'), text.size() - 1));
        return std::string();
      },
      "");
}

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

// Sleeps `interval`, or less if a signal comes.
void wait_for_next_poll(std::chrono::milliseconds interval) {
  constexpr std::chrono::milliseconds k_step{20};
  for (auto waited = std::chrono::milliseconds(0); waited < interval && pending_interrupt() == 0;
       waited += k_step) {
    std::this_thread::sleep_for(k_step);
  }
}

// Until SIGINT or SIGTERM, which end it with 130 / 143 after the last whole line.
int run_follow(Context& context, const FollowOptions& options) {
  OutputOptions output = context.output();
  if (!context.options.output) {
    output.format = OutputFormat::jsonl;
  } else if (output.format == OutputFormat::table || output.format == OutputFormat::json) {
    throw Error(ExitCode::usage,
                "audit follow prints one line per event as it comes: use -o jsonl, tsv or csv");
  }
  AuditFollower follower(context.session(), options.client, options.after);
  std::ostream& out = context.out();
  const auto writer = make_writer(audit_layout(), output, out);
  std::optional<Id> printed;
  while (pending_interrupt() == 0) {
    try {
      follower.poll([&](const AuditEvent& event) {
        writer->write(audit_record(event));
        out.flush(); // per event: a pipe to a shipper gets each one as it comes
        printed = event.id;
      });
    } catch (const Error& error) {
      if (pending_interrupt() != 0) {
        break; // the poll was cut short; what it printed stands
      }
      if (error.code() != ExitCode::busy) {
        context.error(fmt::format("audit follow stopped: resume with --after {}",
                                  std::max(follower.position(), printed.value_or(0))));
        throw;
      }
      // A writer held the store longer than the busy timeout: try again at the next poll.
    }
    wait_for_next_poll(k_follow_interval);
  }
  writer->finish();
  out.flush();
  // Every event up to the follower's position is printed or not the actor's to read; a poll
  // cut short by the signal printed up to `printed`.
  context.note(fmt::format("stopped: resume with --after {}",
                           std::max(follower.position(), printed.value_or(0))));
  return pending_interrupt() == SIGTERM ? static_cast<int>(ExitCode::terminated)
                                        : static_cast<int>(ExitCode::interrupted);
}

} // namespace

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
  list->add_option("--limit", options->limit, "At most this many events (default 100; 0: all)")
      ->transform(whole_number())
      ->type_name("N");
  list->callback([&context, options] { run_audit(context, *options); });

  auto verified = std::make_shared<std::optional<std::string>>();
  CLI::App* verify = audit->add_subcommand(
      "verify", "Recompute the hash chains of the events you may read (exit 1 at the first "
                "event that breaks its chain)");
  verify->add_option("--client", *verified, "Only this client's chain");
  verify->callback([&context, verified] { run_verify(context, *verified); });

  auto followed = std::make_shared<FollowOptions>();
  CLI::App* follow = audit->add_subcommand(
      "follow", "Print new events as they are committed, oldest first, until SIGINT or "
                "SIGTERM (jsonl unless -o says otherwise)");
  follow->add_option("--client", followed->client, "Only this client's events");
  follow
      ->add_option("--after", followed->after,
                   "Start after this event id (the last one printed before), instead of now: "
                   "every later event exactly once")
      ->transform(whole_number())
      ->type_name("ID");
  follow->callback([&context, followed] { context.exit_status = run_follow(context, *followed); });
}

} // namespace acctctl::cli
