#pragma once

#include <string>
#include <string_view>

#include "acctctl/format/writers.hpp"

// JSON written straight into a buffer, one record at a time, with no DOM: the same bytes as
// nlohmann's dump (ensure_ascii off, invalid UTF-8 replaced), which the writers fuzz target
// checks, at a fraction of its allocations.
namespace acctctl::format {

// `indent` < 0: compact, as JSON Lines; else pretty, the object's braces at `level` indents.
void append_json_record(std::string& out, const Layout& layout, const Record& record, int indent,
                        int level);

} // namespace acctctl::format
