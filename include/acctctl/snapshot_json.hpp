#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "acctctl/snapshot.hpp"

// The export format: one JSON document, {"format": "acctctl-export", "version": 1, …}.
namespace acctctl {

inline constexpr int k_export_version = 1;

nlohmann::ordered_json snapshot_to_json(const Snapshot& snapshot, std::string_view exported_at);

// Reads and checks an export: its shape, its values (SPEC.md "Values") and its consistency
// (references, R2, R9, R14). Throws Error(usage) naming the first problem.
Snapshot snapshot_from_json(const nlohmann::json& document);

} // namespace acctctl
