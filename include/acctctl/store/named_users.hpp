#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "acctctl/model.hpp"

namespace acctctl {

// The users one reference names (SPEC §3): none, one, or, for an ambiguous reference, at
// most three, one by id, one by email and one by username. The store's unique indexes allow
// no more (R14). Positions index NamedUsers::users.
class UserMatches {
public:
  // Ignores a position it holds already: an email that is also the username matches once.
  void add(std::uint32_t position) {
    const auto held = positions();
    if (m_count < m_positions.size() &&
        std::find(held.begin(), held.end(), position) == held.end()) {
      m_positions[m_count++] = position;
    }
  }
  std::span<const std::uint32_t> positions() const { return {m_positions.data(), m_count}; }

private:
  std::array<std::uint32_t, 3> m_positions{};
  std::uint8_t m_count = 0;
};

// The users of one client that a batch's references name, each loaded once, and which of
// them each reference names: the store resolves references as it finds the users, so a batch
// needs no index of its own.
struct NamedUsers {
  std::vector<ClientUser> users;
  std::vector<UserMatches> matches; // one per reference, in the references' order
};

} // namespace acctctl
