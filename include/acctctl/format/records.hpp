#pragma once

#include "acctctl/audit_chain.hpp"
#include "acctctl/format/writers.hpp"
#include "acctctl/model.hpp"
#include "acctctl/results.hpp"
#include "acctctl/store.hpp"

// Each kind of output record: its layout (SPEC.md §4's keys, in order, and the table
// columns) and how a domain object becomes one.
namespace acctctl {

enum class UserTable { one_client, all_clients, portal };
const Layout& user_layout(UserTable table);
Record user_record(const UserListing& listing);
void user_record_into(const UserListing& listing, Record& record); // reuses `record`

const Layout& client_layout();
Record client_record(const ClientSummary& summary);

const Layout& role_layout();
Record role_record(Role role);

const Layout& document_layout();
Record document_record(const DocumentListing& listing);

const Layout& audit_layout();
Record audit_record(const AuditEvent& event);

const Layout& result_layout(bool dry_run, bool with_client = false);
Record result_record(const ItemReport& item, bool dry_run);
void result_record_into(const ItemReport& item, bool dry_run, bool with_client,
                        Record& record); // reuses `record`

const Layout& practice_layout();
Record practice_record(const PracticeSummary& summary);

const Layout& staff_layout();
Record staff_record(const StaffListing& listing);

const Layout& grant_layout();
Record grant_record(const AccessGrant& grant);

const Layout& check_layout();
Record check_record(const CheckFinding& finding);
const Layout& chain_layout(); // audit verify
Record chain_record(const ChainSummary& chain);

} // namespace acctctl
