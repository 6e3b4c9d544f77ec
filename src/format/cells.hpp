#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "acctctl/format/writers.hpp"

namespace acctctl::format {

// The text of a text cell, owned or borrowed; none for any other kind.
std::optional<std::string_view> text_of(const Cell& cell);

// A cell as text for TSV, CSV and tables: booleans yes/no, lists joined with ",", null empty.
std::string plain_text(const Cell& cell);
void append_plain_text(std::string& out, const Cell& cell);

} // namespace acctctl::format
