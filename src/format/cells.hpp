#pragma once

#include <string>

#include "acctctl/format.hpp"

namespace acctctl::format {

// A cell as text for TSV, CSV and tables: booleans yes/no, lists joined with ",", null empty.
std::string plain_text(const Cell& cell);
void append_plain_text(std::string& out, const Cell& cell);

} // namespace acctctl::format
