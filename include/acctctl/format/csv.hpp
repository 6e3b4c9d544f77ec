#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace acctctl {

struct CsvRecord {
  std::size_t line = 0; // where the record starts, from 1
  std::vector<std::string> fields;
};

// RFC 4180: fields separated by commas, records by CRLF or LF, quoted fields may hold commas,
// quotes (doubled) and line breaks; a leading UTF-8 BOM is skipped. Throws Error(usage) naming
// the line of an unterminated or stray quote.
std::vector<CsvRecord> parse_csv(std::string_view text);

} // namespace acctctl
