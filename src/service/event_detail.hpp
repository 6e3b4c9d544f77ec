#pragma once

#include <string>

#include <nlohmann/json.hpp>

// Audit details that are built as small JSON objects inside the services. The public headers
// take them as text (make_event, record_event), so nlohmann stays out of them.
namespace acctctl {

inline std::string detail_json(const nlohmann::ordered_json& detail) {
  return detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace acctctl
