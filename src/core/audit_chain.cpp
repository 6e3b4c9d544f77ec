#include "acctctl/audit_chain.hpp"

#include <array>

#include <fmt/format.h>
#include <nettle/sha2.h>

#include "acctctl/json_string.hpp"

namespace acctctl {
namespace {

void append_key(std::string& out, std::string_view key) {
  out += out.size() > 1 ? ",\"" : "\"";
  out += key;
  out += "\":";
}

void append_number(std::string& out, std::optional<Id> value) {
  if (value) {
    const fmt::format_int digits(*value);
    out.append(digits.data(), digits.size());
  } else {
    out += "null";
  }
}

void append_text(std::string& out, const std::optional<std::string>& value) {
  if (value) {
    append_json_string(out, *value);
  } else {
    out += "null";
  }
}

} // namespace

std::string canonical_event_json(const AuditEvent& event) {
  std::string out = "{";
  out.reserve(256 + event.detail_json.size());
  append_key(out, "id");
  append_number(out, event.id);
  append_key(out, "at");
  append_json_string(out, event.at);
  append_key(out, "actor");
  append_json_string(out, event.actor);
  append_key(out, "action");
  append_json_string(out, event.action);
  append_key(out, "client_id");
  append_number(out, event.client_id);
  append_key(out, "user_id");
  append_number(out, event.user_id);
  append_key(out, "detail");
  out += event.detail_json;
  append_key(out, "connected_as");
  append_text(out, event.connected_as);
  append_key(out, "batch");
  append_text(out, event.batch);
  out += '}';
  return out;
}

std::string chain_hash(std::string_view previous, const AuditEvent& event) {
  const std::string canonical = canonical_event_json(event);
  sha256_ctx context{};
  sha256_init(&context);
  sha256_update(&context, previous.size(), reinterpret_cast<const std::uint8_t*>(previous.data()));
  sha256_update(&context, canonical.size(),
                reinterpret_cast<const std::uint8_t*>(canonical.data()));
  std::array<std::uint8_t, SHA256_DIGEST_SIZE> digest{};
  sha256_digest(&context, digest.size(), digest.data());
  std::string hex;
  hex.reserve(2 * digest.size());
  for (const std::uint8_t byte : digest) {
    constexpr std::string_view k_digits = "0123456789abcdef";
    hex += k_digits[byte >> 4U];
    hex += k_digits[byte & 0xfU];
  }
  return hex;
}

std::string chain_name(std::optional<Id> client_id) {
  return client_id ? fmt::format("client:{}", *client_id) : std::string("store");
}

bool ChainVerifier::add(const AuditEvent& event) {
  if (!event.client_id && !m_store) {
    m_store.emplace();
  }
  ChainHead& head = event.client_id ? m_clients[*event.client_id] : *m_store;
  const std::string expected =
      chain_hash(head.events == 0 ? k_chain_genesis : std::string_view(head.hash), event);
  if (expected != event.hash) {
    return false;
  }
  head.hash = expected;
  ++head.events;
  return true;
}

std::vector<ChainSummary> ChainVerifier::summaries() const {
  std::vector<ChainSummary> out;
  if (m_store) {
    out.push_back({chain_name(std::nullopt), m_store->events, m_store->hash});
  }
  for (const auto& [client_id, head] : m_clients) {
    out.push_back({chain_name(client_id), head.events, head.hash});
  }
  return out;
}

void ChainExtender::set_head(std::optional<Id> client_id, std::string hash) {
  m_heads[client_id] = std::move(hash);
}

void ChainExtender::extend(AuditEvent& event) {
  const auto head = m_heads.try_emplace(event.client_id, k_chain_genesis).first;
  event.hash = chain_hash(head->second, event);
  head->second = event.hash;
}

} // namespace acctctl
