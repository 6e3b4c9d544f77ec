#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "acctctl/store/change_set.hpp"
#include "acctctl/store/snapshot.hpp"

// The order in which every engine writes a change set (apply) and a whole store (import):
// each row after the rows it refers to, users removed before others take their names, and
// events last, when the ids they name exist. An engine says how it writes each kind of row.
namespace acctctl::sql {

// How many of the rows that a caller follows have been written: the users of a change set,
// every row of an import.
class RowProgress {
public:
  RowProgress(std::size_t total, const std::function<void(std::size_t, std::size_t)>& report)
      : m_total(total), m_report(report) {}
  void written(std::size_t rows) {
    m_done += rows;
    if (rows > 0 && m_report) {
      m_report(m_done, m_total);
    }
  }

private:
  std::size_t m_total;
  std::size_t m_done = 0;
  const std::function<void(std::size_t, std::size_t)>& m_report;
};

// What a change set's events take from the store before they are written (SPEC §4.1): their
// ids, and the head hash of each chain they extend that has events already.
struct EventsStart {
  std::vector<Id> ids; // ascending, one per event
  std::vector<std::pair<std::optional<Id>, std::string>> heads;
};

// Whether inserted users keep the ids they bring (an import) or get new ones.
enum class UserIds { new_ones, kept };

// An engine's writes, one kind of row at a time; the functions below call them in order.
class RowWriter {
public:
  // One row each, with its id if it has one (an import), else a new one.
  virtual Id insert_practice(const Practice& practice) = 0;
  virtual Id insert_staff(const Staff& staff) = 0;
  virtual void update_staff(const Staff& staff) = 0;
  virtual Id insert_client(const ClientAccount& client) = 0;
  virtual void update_client(const ClientAccount& client) = 0;
  virtual Id insert_document(const Document& document) = 0;
  virtual void insert_grant(const GrantChange& grant) = 0;
  virtual void delete_grant(const GrantChange& grant) = 0;

  // A batch's bulk: each engine writes these its own way (SQLite row by row, PostgreSQL in a
  // few set-based statements) and tells `progress` of the rows written.
  virtual void delete_users(const std::vector<Id>& ids, RowProgress& progress) = 0;
  virtual void update_users(const std::vector<UserUpdate>& updates, RowProgress& progress) = 0;
  virtual std::vector<Id> insert_users(const std::vector<ClientUser>& users, UserIds ids,
                                       RowProgress& progress) = 0;
  // Before a change set's events are numbered and chained: waits for the other writers of
  // these chains (client ids; none is the store's own chain), so that no two writers extend
  // one head, then returns `count` new event ids and the heads.
  virtual EventsStart start_events(const std::vector<std::optional<Id>>& chains,
                                   std::size_t count) = 0;
  // Who the store sees (SPEC §6.3), for each new event's connected_as; and the command run's
  // batch.
  virtual const std::string& connected_as() const = 0;
  virtual const std::string& batch() const = 0;
  // Events with their ids and hashes: a change set's, or an import's.
  virtual void insert_events(const std::vector<AuditEvent>& events, RowProgress& progress) = 0;

  // Import: every row removed before (R13's guard lifted for that alone), and whatever the
  // engine must do after rows that brought their own ids.
  virtual void remove_every_row() = 0;
  virtual void after_import() = 0;

protected:
  ~RowWriter() = default;
};

// Store::apply, in the caller's transaction.
AppliedIds write_change_set(RowWriter& writer, const ChangeSet& changes,
                            const WriteCheckpoint& checkpoint);
// Store::replace_with, in the caller's write transaction.
void write_snapshot(RowWriter& writer, const Snapshot& snapshot,
                    const std::function<void(std::size_t, std::size_t)>& report);

} // namespace acctctl::sql
