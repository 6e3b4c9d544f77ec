#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "acctctl/store/snapshot.hpp"

// One row of each export section, both ways: read from one small JSON object with every value
// checked (SPEC.md "Values"), or written as one line of JSON. The section arrays around the
// rows are snapshot_json.cpp's; the checks across rows are export_consistency.cpp's.
namespace acctctl::export_rows {

// Throws Error(usage) "WHERE: PROBLEM".
[[noreturn]] void invalid(std::string_view where, std::string_view problem);

// Appends `value`, a row of `section`, to `into`; `where` ("users[3]") names it in every
// complaint.
void read_row(std::string_view section, const nlohmann::ordered_json& value, std::string where,
              Snapshot& into);

// A row as compact JSON (invalid UTF-8 replaced), in the export's key order.
std::string row_json(const Practice& practice);
std::string row_json(const Staff& staff);
std::string row_json(const AccessGrant& grant);
std::string row_json(const ClientAccount& client);
std::string row_json(const ClientUser& user);
std::string row_json(const Document& document);
std::string row_json(const AuditEvent& event);

// `value` as compact JSON text, invalid UTF-8 replaced.
std::string dump(const nlohmann::ordered_json& value);

} // namespace acctctl::export_rows
