// SPEC §4.1's hash chains and §4's batch, without a store: the canonical JSON byte for byte,
// SHA-256 against a value computed by Python's hashlib, and what a verifier catches.
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "acctctl/audit_chain.hpp"
#include "acctctl/batch_id.hpp"

using namespace acctctl;

namespace {

AuditEvent sample_event() {
  AuditEvent event;
  event.id = 7;
  event.at = "2026-11-22T10:00:00Z";
  event.actor = "bob@ledger.test";
  event.action = "user.edit";
  event.practice_id = 2; // not in the canonical JSON (SPEC §4: not an audit object key)
  event.client_id = 3;
  event.client = "Acme Ltd"; // names: left out, they may change later
  event.user_id = 41;
  event.user = "Zoë";
  event.detail_json = "{\"name\":{\"before\":\"Zo\\\"e\\\\\",\"after\":\"Zoë 中\\u0001\"}}";
  event.connected_as = "bob";
  event.batch = "0190a0e4-0000-7000-8000-000000000001";
  return event;
}

// Three events in two chains, hashed as a store writes them.
std::vector<AuditEvent> chained_trail() {
  std::vector<AuditEvent> events;
  ChainExtender chain;
  for (Id id = 1; id <= 4; ++id) {
    AuditEvent event = sample_event();
    event.id = id;
    event.client_id = id == 2 ? std::nullopt : std::optional<Id>(3);
    chain.extend(event);
    events.push_back(event);
  }
  return events;
}

} // namespace

TEST_CASE("the canonical JSON is the audit object's keys in order, no spaces, RFC 8785 strings",
          "[audit][chain]") {
  CHECK(canonical_event_json(sample_event()) ==
        "{\"id\":7,\"at\":\"2026-11-22T10:00:00Z\",\"actor\":\"bob@ledger.test\",\"action\":"
        "\"user.edit\",\"client_id\":3,\"user_id\":41,\"detail\":{\"name\":{\"before\":"
        "\"Zo\\\"e\\\\\",\"after\":\"Zoë 中\\u0001\"}},\"connected_as\":\"bob\",\"batch\":"
        "\"0190a0e4-0000-7000-8000-000000000001\"}");
  AuditEvent before_schema_4 = sample_event();
  before_schema_4.client_id.reset();
  before_schema_4.connected_as.reset();
  before_schema_4.batch.reset();
  CHECK_THAT(canonical_event_json(before_schema_4),
             Catch::Contains("\"client_id\":null") &&
                 Catch::EndsWith("\"connected_as\":null,\"batch\":null}"));
}

TEST_CASE("an event's hash is SHA-256 of the previous hash and its canonical JSON",
          "[audit][chain]") {
  // python3: hashlib.sha256(("0" * 64 + canonical).encode()).hexdigest()
  CHECK(chain_hash(k_chain_genesis, sample_event()) ==
        "67c67a49351c3dad513e3a670e6f4e61c68b2f7a20d0ab560ed7f6d3b860a917");
  CHECK(chain_hash(std::string(64, '1'), sample_event()) !=
        chain_hash(k_chain_genesis, sample_event()));
}

TEST_CASE("chains are per client account and the store's, named store and client:ID",
          "[audit][chain]") {
  const std::vector<AuditEvent> events = chained_trail();
  CHECK(events[0].hash == chain_hash(k_chain_genesis, events[0]));
  CHECK(events[1].hash == chain_hash(k_chain_genesis, events[1])); // the store's first
  CHECK(events[2].hash == chain_hash(events[0].hash, events[2]));  // skips the store's event
  ChainVerifier verifier;
  for (const AuditEvent& event : events) {
    CHECK(verifier.add(event));
  }
  const std::vector<ChainSummary> summaries = verifier.summaries();
  REQUIRE(summaries.size() == 2);
  CHECK((summaries[0].chain == "store" && summaries[0].events == 1 &&
         summaries[0].head == events[1].hash));
  CHECK((summaries[1].chain == "client:3" && summaries[1].events == 3 &&
         summaries[1].head == events[3].hash));
}

TEST_CASE("a changed, removed or reordered event breaks its chain", "[audit][chain]") {
  const auto first_break = [](const std::vector<AuditEvent>& events) -> Id {
    ChainVerifier verifier;
    for (const AuditEvent& event : events) {
      if (!verifier.add(event)) {
        return event.id;
      }
    }
    return 0;
  };
  std::vector<AuditEvent> events = chained_trail();
  CHECK(first_break(events) == 0);

  std::vector<AuditEvent> changed = events;
  changed[2].detail_json = "{}";
  CHECK(first_break(changed) == 3);

  std::vector<AuditEvent> removed = events;
  removed.erase(removed.begin() + 2); // the event after the gap is named
  CHECK(first_break(removed) == 4);

  std::vector<AuditEvent> reordered = events; // two events swap their ids
  std::swap(reordered[2].id, reordered[3].id);
  std::swap(reordered[2], reordered[3]);
  CHECK(first_break(reordered) == 3);

  std::vector<AuditEvent> other_actor = events; // connected_as and batch are covered too
  other_actor[0].connected_as = "mallory";
  CHECK(first_break(other_actor) == 1);
}

TEST_CASE("a batch is a UUIDv7, new for every command run", "[audit][batch]") {
  const std::regex uuid_v7("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string batch = new_batch_id();
    CHECK(std::regex_match(batch, uuid_v7));
    seen.insert(batch);
  }
  CHECK(seen.size() == 1000);
}
