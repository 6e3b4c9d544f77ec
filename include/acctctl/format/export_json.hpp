#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <string_view>

#include "acctctl/store/snapshot.hpp"

// The export format: one JSON document that starts with "format": "acctctl-export" and
// "version", then one array per section (practices, staff, access, clients, users, documents,
// audit), one row per line. Writing streams: memory follows one row, not the store. Reading
// parses one row at a time (never a tree of the whole document), but returns every row: an
// import checks references and invariants across sections before it writes anything.
namespace acctctl {

// 2: audit events carry connected_as, batch and hash (SPEC §4.1). Version 1 is still read.
inline constexpr int k_export_version = 3;

class ExportWriter {
public:
  ExportWriter(std::ostream& out, std::string_view exported_at);
  void begin_section(std::string_view name);
  void row(const Practice& practice);
  void row(const Staff& staff);
  void row(const AccessGrant& grant);
  void row(const ClientAccount& client);
  void row(const ClientUser& user);
  void row(const Document& document);
  void row(const AuditEvent& event);
  void finish();

private:
  void write_row(const std::string& json);

  std::ostream& m_out;
  bool m_in_section = false;
  bool m_first_row = true;
};

// Reads and checks an export: its shape, its values (SPEC.md "Values") and its consistency
// (references, R2, R9, R14). Throws Error(usage) naming the first problem.
Snapshot read_export(std::istream& in);

} // namespace acctctl
