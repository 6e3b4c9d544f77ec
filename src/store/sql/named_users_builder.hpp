#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>

#include "acctctl/store/named_users.hpp"

namespace acctctl {

// A NamedUsers as an engine finds, reference by reference, the users each names (SQLite
// probes one reference at a time, PostgreSQL returns numbered rows): a user named by several
// references is read and kept once.
class NamedUsersBuilder {
public:
  explicit NamedUsersBuilder(std::size_t refs) {
    m_named.matches.resize(refs);
    m_position_of.reserve(refs);
  }

  // Reference `ref` names the user `id`; `read` makes that user the first time it is found.
  template <typename Read> void found(std::size_t ref, Id id, Read&& read) {
    const auto next = static_cast<std::uint32_t>(m_named.users.size());
    const auto [position, added] = m_position_of.try_emplace(id, next);
    if (added) {
      m_named.users.push_back(std::forward<Read>(read)());
    }
    m_named.matches.at(ref).add(position->second);
  }

  NamedUsers take() { return std::move(m_named); }

private:
  NamedUsers m_named;
  std::unordered_map<Id, std::uint32_t> m_position_of;
};

} // namespace acctctl
