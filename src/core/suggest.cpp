#include "acctctl/suggest.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "acctctl/values.hpp"

namespace acctctl {
namespace {

// Levenshtein distance on the folded texts' bytes: enough to rank names by likeness.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

} // namespace

std::vector<std::string> closest_names(std::string_view ref,
                                       const std::vector<std::string>& candidates) {
  const std::string key = fold_key(ref);
  if (key.empty()) {
    return {};
  }
  const std::size_t limit = std::max<std::size_t>(2, key.size() / 3);
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (const std::string& candidate : candidates) {
    const std::string folded = fold_key(candidate);
    const std::size_t distance = folded.starts_with(key) ? 0 : edit_distance(key, folded);
    if (distance <= limit && std::none_of(ranked.begin(), ranked.end(), [&](const auto& seen) {
          return seen.second == candidate;
        })) {
      ranked.emplace_back(distance, candidate);
    }
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> names;
  for (std::size_t i = 0; i < ranked.size() && i < 3; ++i) {
    names.push_back(std::move(ranked[i].second));
  }
  return names;
}

std::string did_you_mean(std::string_view ref, const std::vector<std::string>& candidates) {
  const std::vector<std::string> names = closest_names(ref, candidates);
  if (names.empty()) {
    return {};
  }
  std::vector<std::string> quoted;
  quoted.reserve(names.size());
  for (const std::string& name : names) {
    quoted.push_back(in_quotes(name));
  }
  return fmt::format(": did you mean {}?", fmt::join(quoted, " or "));
}

} // namespace acctctl
