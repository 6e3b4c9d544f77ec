// The store as a whole: init, check, export, import.
#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/maintenance.hpp"
#include "acctctl/snapshot_json.hpp"

namespace acctctl {

InitReport initialize_store(Store& store, const Clock& clock, const InitRequest& request) {
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
    support.id = store.insert_staff(support);
    Session session{store, clock, support.email};
    record_event(session, support, "staff.add", {},
                 {{"email", support.email}, {"name", support.name}, {"role", "support"}});
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

bool CheckReport::ok() const {
  return std::all_of(findings.begin(), findings.end(),
                     [](const CheckFinding& finding) { return finding.ok; });
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
  const auto document = snapshot_to_json(session.store.read_snapshot(), session.clock.now());
  out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

ImportReport import_store(Session& session, std::string_view json_text, std::string_view source) {
  Snapshot snapshot;
  try {
    snapshot = snapshot_from_json(nlohmann::json::parse(json_text));
  } catch (const nlohmann::json::parse_error& error) {
    // nlohmann's text starts with "[json.exception.parse_error.101] "; keep what follows.
    const std::string text = error.what();
    const auto start = text.find("] ");
    throw Error(ExitCode::usage,
                fmt::format("{} is not valid JSON ({}); nothing changed", source,
                            start == std::string::npos ? text : text.substr(start + 2)));
  } catch (const Error& error) {
    throw Error(error.code(),
                fmt::format("{} is not a valid export: {}; nothing changed", source, error.what()));
  }

  const auto transaction = session.store.begin(TxMode::write);
  const Staff actor = authenticate(session);
  require(decide_support_only(actor, "import a store"));
  session.store.replace_with(snapshot, session.progress);
  ImportReport report{snapshot.practices.size(), snapshot.staff.size(),
                      snapshot.clients.size(),   snapshot.users.size(),
                      snapshot.documents.size(), snapshot.audit.size()};
  record_event(session, actor, "store.import", {},
               {{"source", source},
                {"practices", report.practices},
                {"staff", report.staff},
                {"clients", report.clients},
                {"users", report.users},
                {"documents", report.documents},
                {"audit_events", report.audit}});
  transaction->commit();
  return report;
}

} // namespace acctctl
