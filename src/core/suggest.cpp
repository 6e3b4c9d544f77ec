#include "acctctl/suggest.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "acctctl/values.hpp"

namespace acctctl {
namespace {

// Levenshtein distance on the folded texts' bytes: enough to rank names by likeness. `row`
// is scratch space, kept from call to call.
std::size_t edit_distance(std::string_view a, std::string_view b, std::vector<std::size_t>& row) {
  row.resize(b.size() + 1);
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
  // (distance, position) of each close candidate. A client of 200,000 users may have every
  // one close (a reference that starts them all), so the ranking is a sort, not a search of
  // the ranked so far for each candidate.
  std::vector<std::pair<std::size_t, std::size_t>> close;
  std::string folded;
  std::vector<std::size_t> row;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    fold_key_into(candidates[i], folded);
    if (folded.starts_with(key)) {
      close.emplace_back(0, i);
      continue;
    }
    const std::size_t length_gap =
        folded.size() > key.size() ? folded.size() - key.size() : key.size() - folded.size();
    if (length_gap > limit) {
      continue; // the distance is at least the gap in length
    }
    if (const std::size_t distance = edit_distance(key, folded, row); distance <= limit) {
      close.emplace_back(distance, i);
    }
  }
  // Closest first; among equals, the candidates' own order.
  std::stable_sort(close.begin(), close.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> names;
  for (const auto& [distance, position] : close) {
    const std::string& name = candidates[position];
    if (names.size() == 3) {
      break;
    }
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name); // an email that is also the username is one suggestion
    }
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
