#pragma once

#include <string>
#include <string_view>
#include <vector>

// "Did you mean" (SPEC.md §4): the candidates closest to a reference that matched nothing,
// as git, kubectl and gh suggest. Callers pass only what the actor may see.
namespace acctctl {

// Up to three candidates that `ref` starts (case-insensitively) or that are within a small
// edit distance of it (a third of its length, at least 2), closest first.
std::vector<std::string> closest_names(std::string_view ref,
                                       const std::vector<std::string>& candidates);

// `: did you mean "A" or "B"?`, or nothing when there is no close candidate.
std::string did_you_mean(std::string_view ref, const std::vector<std::string>& candidates);

} // namespace acctctl
