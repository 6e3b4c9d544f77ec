#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "acctctl/batch_id.hpp"
#include "acctctl/model.hpp"
#include "acctctl/results.hpp"
#include "acctctl/store/change_set.hpp"
#include "acctctl/store/named_users.hpp"
#include "acctctl/store/snapshot.hpp"

// What the service needs from a store, in the domain's words. SQLite (src/store/sqlite/) and
// PostgreSQL (src/store/postgres/) implement it; another database can implement it without
// touching rules, service or CLI (src/README.md says where).
// Every call happens inside a Transaction; failures throw Error (store_error, busy, interrupted).
namespace acctctl {

// A username held in the store. R14 compares usernames by their confusable skeleton (SPEC §2),
// so a batch's candidates look up the holders under theirs.
struct UsernameHolder {
  Id id = 0;
  std::string username;
};
using TakenUsernames = std::unordered_map<std::string, UsernameHolder>;

enum class TxMode {
  read,    // a consistent view; nothing is written
  write,   // takes the write lock up front (SQLite: BEGIN IMMEDIATE), so planning and writing
           // see the same state and a concurrent writer waits instead of failing mid-way
  replace, // a write that replaces the whole store (import): it also waits for every other
           // command, readers too, and holds new ones off until it ends
};

// Rolls back when destroyed unless commit() ran.
class Transaction {
public:
  virtual ~Transaction() = default;
  virtual void commit() = 0;
};

template <typename Row> using Sink = std::function<void(const Row&)>;

struct UserFilter {
  ClientScope scope;
  std::optional<Id> client_id;
  std::optional<UserStatus> status; // none: every status
  std::optional<Role> role;
  std::optional<bool> login_access;
  std::optional<std::string> search; // substring of name, email or username, case-insensitive
  std::optional<std::string> ending_before; // an end before this time (canonical UTC)
  // Only users with a transition due at this time (R15, `due`): a pending user's start or an
  // end of a user not deactivated, at or before it.
  std::optional<std::string> due_by;
};

struct ClientFilter {
  ClientScope scope;
  std::optional<Id> client_id;
  std::optional<Id> practice_id;
  std::optional<std::string> name_contains; // case-insensitive, literal
  std::optional<std::string> due_by;        // only clients with a start, end or until due by then
  // False: the summaries' user and document counts stay 0, and the listing reads no user or
  // document (each count reads every user of its client).
  bool with_counts = true;
};

struct GrantFilter {
  ClientScope scope;
  std::optional<Id> staff_id;
  std::optional<Id> client_id;
  std::optional<std::string> ended_by; // only grants whose `until` is at or before it (`due`)
};

struct AuditFilter {
  ClientScope scope; // practice users see the events of the clients they reach
  std::optional<Id> client_id;
  std::optional<Id> user_id;
  std::optional<std::string> since; // canonical UTC text, inclusive
  std::optional<std::string> batch; // one command run's events
  std::optional<Id> after_id;       // audit follow: ids above this, up to up_to_id
  std::optional<Id> up_to_id;
  bool with_store_chain = true; // false: only events of a client account
  std::optional<std::int64_t> limit;
  bool oldest_first = false; // export: the order in which they happened
};

struct StoreInfo {
  std::string location;
  std::string engine;        // e.g. "SQLite 3.40.1"
  std::string engine_detail; // what else an operator asks of it: "journal mode delete"
  int schema_version = 0;
};

enum class OpenPurpose {
  use,  // the store must already exist at this schema version (exit 1 otherwise)
  init, // create it (a SQLite file and its folders, or a server schema's tables), or upgrade it
};

struct StoreOptions {
  int busy_timeout_ms = 5000; // how long a write waits for a lock (SPEC §6)
  // PostgreSQL: the cap on one statement (ACCTCTL_STATEMENT_TIMEOUT_MS); 0, none, whatever
  // statement_timeout the server's configuration sets.
  int statement_timeout_ms = 0;
  // PostgreSQL: the store's schema when the URL names none (ACCTCTL_PG_SCHEMA; SPEC §6.2).
  std::optional<std::string> pg_schema;
  // The command run's batch, on every event this store writes (SPEC §4): one store is opened
  // per run.
  std::string batch = new_batch_id();
  // Where the store's warnings go (PostgreSQL: the server's, and a commit settled after a lost
  // connection, SPEC §6.2); nowhere when unset.
  std::function<void(const std::string&)> warn;
};

// Who the store sees on this connection (SPEC §6.3).
struct ConnectionIdentity {
  enum class Kind {
    trusted, // SQLite (the file is the boundary), or PostgreSQL's store owner or a superuser:
             // --as names the actor and is trusted
    bound,   // a PostgreSQL role bound to a staff member, who is the actor
    unbound, // any other PostgreSQL role: may not act
  } kind = Kind::trusted;
  std::string role;           // the PostgreSQL session role; empty on SQLite
  std::optional<Id> staff_id; // bound: the staff member
};

class Store {
public:
  virtual ~Store() = default;

  virtual std::unique_ptr<Transaction> begin(TxMode mode) = 0;
  virtual StoreInfo info() = 0;
  // After init: SQL that an administrator must run to finish the set-up (PostgreSQL, when the
  // owner may not create the role acctctl_operator: SPEC §6.3).
  virtual std::optional<std::string> setup_sql_for_administrator() const { return std::nullopt; }
  // Inside a write transaction, before reading the client to plan: waits for other writers
  // of this client account (SQLite: the IMMEDIATE transaction holds the whole store already;
  // PostgreSQL: SELECT … FOR UPDATE on the client's row). Does nothing in a read transaction.
  virtual void lock_client(Id client_id) = 0;
  // lock_client for several client accounts at once, in id order, so that two writers of
  // overlapping sets never wait on each other in a circle (users offboard).
  virtual void lock_clients(const std::vector<Id>& client_ids) = 0;
  // The same for the staff of a practice (none: the support staff), before counting who stays
  // (staff offboard: the last active admin or support member stays, SPEC §3.3), so that two
  // offboardings cannot each leave the other to be the last. Does nothing in a read transaction.
  virtual void lock_staff(std::optional<Id> practice_id) = 0;

  // practices and staff
  virtual std::optional<Practice> find_practice(Id id) = 0;
  virtual std::vector<Practice> find_practices_by_name(std::string_view name) = 0;
  virtual void list_practices(std::optional<Id> only, const Sink<PracticeSummary>& sink) = 0;

  virtual std::optional<Staff> find_staff(Id id) = 0;
  virtual std::optional<Staff> find_staff_by_email(std::string_view email) = 0;
  virtual bool has_support_staff() = 0;
  // Inside a transaction: who this connection is (SPEC §6.3).
  virtual ConnectionIdentity connection_identity() = 0;
  // Whether staff can be bound to database roles here (PostgreSQL), and whether `role` is
  // a role of the server.
  virtual bool binds_database_roles() const = 0;
  virtual bool database_role_exists(std::string_view role) = 0;
  // The staff member bound to `role`, also when the connection may not read them (then only
  // their id and an email of "#ID"): a role binds one staff member (SPEC §4, exit 4).
  virtual std::optional<Staff> staff_bound_to(std::string_view role) = 0;
  virtual void list_staff(std::optional<Id> practice_id, const Sink<StaffListing>& sink) = 0;

  // access grants (R1)
  // Whether the grant reaches the client now: it exists and its `until` has not come.
  virtual bool has_grant(Id staff_id, Id client_id) = 0;
  // The grant as stored, also one whose `until` has come (due has not deleted it yet).
  virtual std::optional<AccessGrant> find_grant(Id staff_id, Id client_id) = 0;
  virtual void list_grants(const GrantFilter& filter, const Sink<AccessGrant>& sink) = 0;

  // client accounts
  virtual std::optional<ClientAccount> find_client(Id id) = 0;
  virtual std::vector<ClientAccount> find_clients_by_name(std::string_view name) = 0;
  // The client accounts of `ids` that the connection may read, in id order: one query.
  virtual std::vector<ClientAccount> load_clients(const std::vector<Id>& ids) = 0;
  virtual void list_clients(const ClientFilter& filter, const Sink<ClientSummary>& sink) = 0;

  // client users; removal deletes the user (R6), documents keep the submitter's name
  virtual std::vector<ClientUser> load_users(Id client_id) = 0;
  // The users of the client whose id, email or username (folded) is one of `refs`, and which
  // of them each reference names: all a batch over named users needs, without loading a
  // client of 200,000 to change 10.
  virtual NamedUsers load_users_named(Id client_id, const std::vector<std::string>& refs) = 0;
  virtual std::vector<UserListing> find_users_by_ref(std::string_view ref) = 0;
  virtual void list_users(const UserFilter& filter, const Sink<UserListing>& sink) = 0;
  // R14 for many usernames at once: the users (of any client) whose username is any of them
  // or looks like it (the same confusable skeleton), by that skeleton.
  virtual TakenUsernames find_usernames(const std::vector<std::string>& usernames) = 0;
  virtual std::unordered_map<Id, std::int64_t> count_documents_by_user(Id client_id) = 0;
  // The documents each of `user_ids` submitted, any client's: one query.
  virtual std::unordered_map<Id, std::int64_t>
  count_documents_of(const std::vector<Id>& user_ids) = 0;

  // documents and audit (R13: events are only ever appended)
  virtual void list_documents(Id client_id, std::optional<Id> user_id,
                              const Sink<DocumentListing>& sink) = 0;
  virtual void list_audit(const AuditFilter& filter, const Sink<AuditEvent>& sink) = 0;
  // `audit follow`'s horizon (SPEC §4.1), outside any transaction: every event with an id at
  // or below it that will ever be committed is committed already, and a transaction begun
  // after this call sees it, although PostgreSQL's writers commit out of id order.
  virtual Id audit_horizon() = 0;

  // Writes `changes` in the caller's transaction, in ChangeSet's order, and returns the ids
  // of the inserted users in their order.
  virtual AppliedIds apply(const ChangeSet& changes, const WriteCheckpoint& checkpoint) = 0;

  // maintenance
  virtual std::vector<CheckFinding> check() = 0;
  // Replaces everything; `progress` hears of each row written.
  virtual void replace_with(const Snapshot& snapshot,
                            const std::function<void(std::size_t, std::size_t)>& progress) = 0;
};

// The one way in: a PostgreSQL connection URL (postgresql://…, postgres://…) or a SQLite path.
std::unique_ptr<Store> open_store(const std::string& location, OpenPurpose purpose,
                                  const StoreOptions& options = {});
// Whether `location` names a PostgreSQL server, where the connection's role may be the actor
// (SPEC §6.3), so a missing --as is the server's to judge.
bool names_a_server(std::string_view location);
// `location` as it may be shown: a URL rebuilt from libpq's reading of it, every password
// as *** (SPEC §6.2). Error(usage) for a URL libpq cannot read.
std::string shown_location(const std::string& location);
// Refuses (Error(usage)) what libpq would take for a keyword/value connection string
// (`host=db password=…`): acctctl takes a PostgreSQL store by URL only, and a SQLite path it
// is not (`init` would make a file named after the password).
void check_location_form(std::string_view location);
// What may stand where other users read `location` (the command line, in ps): nullopt when
// libpq finds no password in it; else the shown URL, or x's where libpq cannot read it.
std::optional<std::string> location_for_everyone(const std::string& location);

} // namespace acctctl
