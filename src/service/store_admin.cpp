// The store as a whole: init, check, export, import.
#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/format/export_json.hpp"
#include "acctctl/service/store_admin.hpp"
#include "service/audit_events.hpp"
#include "service/event_detail.hpp"

namespace acctctl {

namespace {

InitReport initialize_once(Store& store, const Clock& clock, const InitRequest& request) {
  const auto transaction = store.begin(TxMode::write);
  InitReport report;
  if (!store.has_support_staff()) {
    if (!request.support_email) {
      throw Error(ExitCode::usage, "the store has no support staff yet: pass --support-email "
                                   "EMAIL (and --support-name NAME)");
    }
    Staff support;
    support.email = *request.support_email;
    support.name = request.support_name.value_or(*request.support_email);
    support.role = StaffRole::support;
    support.created_at = clock.now();
    support.id = insert_row(store, support);
    Session session{store, clock, support.email};
    record_event(
        session, support, "staff.add", {},
        detail_json({{"email", support.email}, {"name", support.name}, {"role", "support"}}));
    report.support_added = support;
  } else if (request.support_email) {
    const auto existing = store.find_staff_by_email(*request.support_email);
    if (!existing || !existing->is_support()) {
      throw Error(ExitCode::usage,
                  "the store has support staff already: add more with `acctctl staff add "
                  "--support`, acting as support");
    }
  }
  transaction->commit();
  report.info = store.info();
  return report;
}

} // namespace

InitReport initialize_store(Store& store, const Clock& clock, const InitRequest& request) {
  // Two inits on an empty PostgreSQL store both find no support staff; the second to insert
  // one meets the unique email index. Run again, it finds the first's: init stays idempotent.
  for (int attempt = 1;; ++attempt) {
    try {
      return initialize_once(store, clock, request);
    } catch (const ConflictError&) {
      if (attempt == 3) {
        throw;
      }
    }
  }
}

CheckReport check_store(Session& session) {
  const auto transaction = session.store.begin(TxMode::read);
  authenticate(session);
  return {session.store.info(), session.store.check()};
}

void export_store(Session& session, std::ostream& out) {
  const auto transaction = session.store.begin(TxMode::read);
  const Staff actor = authenticate(session);
  require(decide_support_only(actor, "export the whole store"));
  Store& store = session.store;
  ExportWriter writer(out, session.clock.now());
  writer.begin_section("practices");
  store.list_practices(std::nullopt, [&](const PracticeSummary& row) { writer.row(row.practice); });
  writer.begin_section("staff");
  store.list_staff(std::nullopt, [&](const StaffListing& row) { writer.row(row.staff); });
  writer.begin_section("access");
  store.list_grants({}, [&](const AccessGrant& row) { writer.row(row); });
  std::vector<Id> clients;
  writer.begin_section("clients");
  ClientFilter every_client;
  every_client.with_counts = false;
  store.list_clients(every_client, [&](const ClientSummary& row) {
    writer.row(row.client);
    clients.push_back(row.client.id);
  });
  writer.begin_section("users");
  for (const Id client : clients) {
    for (const ClientUser& user : store.load_users(client)) {
      writer.row(user);
    }
  }
  writer.begin_section("documents");
  for (const Id client : clients) {
    store.list_documents(client, std::nullopt,
                         [&](const DocumentListing& row) { writer.row(row.document); });
  }
  writer.begin_section("audit");
  AuditFilter oldest_first;
  oldest_first.oldest_first = true;
  store.list_audit(oldest_first, [&](const AuditEvent& row) { writer.row(row); });
  writer.finish();
}

ImportReport import_store(Session& session, std::istream& in, std::string_view source) {
  Snapshot snapshot;
  try {
    snapshot = read_export(in);
  } catch (const Error& error) {
    throw Error(error.code(),
                fmt::format("{} is not a valid export: {}; nothing changed", source, error.what()));
  }

  const auto transaction = session.store.begin(TxMode::replace);
  const Staff actor = authenticate(session);
  require(decide_support_only(actor, "import a store"));
  // SPEC §6.3: import alone replaces the whole store, on the owner's connection.
  if (const ConnectionIdentity identity = session.store.connection_identity();
      identity.kind != ConnectionIdentity::Kind::trusted) {
    throw Error(ExitCode::denied,
                fmt::format("import replaces the whole store: run it as the role that owns the "
                            "store's tables, not as {}; nothing changed",
                            identity.role));
  }
  session.store.replace_with(
      snapshot, [&](std::size_t done, std::size_t total) { session.checkpoint(done, total); });
  ImportReport report{snapshot.practices.size(), snapshot.staff.size(),     snapshot.clients.size(),
                      snapshot.users.size(),     snapshot.documents.size(), snapshot.audit.size()};
  record_event(session, actor, "store.import", {},
               detail_json({{"source", source},
                            {"practices", report.practices},
                            {"staff", report.staff},
                            {"clients", report.clients},
                            {"users", report.users},
                            {"documents", report.documents},
                            {"audit_events", report.audit}}));
  transaction->commit();
  return report;
}

} // namespace acctctl
