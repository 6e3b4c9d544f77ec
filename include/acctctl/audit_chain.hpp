#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acctctl/model.hpp"

// The audit trail's hash chains (SPEC §4.1): one per client account and one for the store
// (events without a client). Each event's hash is SHA-256 of the previous hash in its chain
// and the event's canonical JSON, so a changed, removed or reordered event breaks the chain.
namespace acctctl {

inline constexpr std::string_view k_chain_genesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The event's canonical JSON: the audit object's keys (SPEC §4) without client, user and hash,
// in that order, no spaces; `detail` is the stored text, which acctctl's writers keep compact.
std::string canonical_event_json(const AuditEvent& event);

// Lower-case hex SHA-256 of `previous` followed by the canonical JSON.
std::string chain_hash(std::string_view previous, const AuditEvent& event);

// "store" or "client:ID".
std::string chain_name(std::optional<Id> client_id);

struct ChainSummary {
  std::string chain;
  std::int64_t events = 0;
  std::string head; // the last event's hash
};

// Where a chain has got to: how many events, and the last one's hash.
struct ChainHead {
  std::int64_t events = 0;
  std::string hash;
};

// Walks events in id order and checks each against its chain. Memory grows with the number of
// chains, not of events.
class ChainVerifier {
public:
  // False if `event` does not extend its chain: it was changed, or an event before it in the
  // same chain was removed, changed or moved.
  bool add(const AuditEvent& event);
  // The chains seen, the store's first, then by client id.
  std::vector<ChainSummary> summaries() const;

private:
  std::optional<ChainHead> m_store;
  std::map<Id, ChainHead> m_clients;
};

// Fills in each event's hash, in order, from the heads of its chain (none: a new chain), and
// moves the heads along.
class ChainExtender {
public:
  void set_head(std::optional<Id> client_id, std::string hash);
  void extend(AuditEvent& event);

private:
  std::map<std::optional<Id>, std::string> m_heads;
};

} // namespace acctctl
