#include <fmt/format.h>

#include "acctctl/error.hpp"
#include "acctctl/format/csv.hpp"
#include "acctctl/utf8.hpp"

namespace acctctl {

std::vector<CsvRecord> parse_csv(std::string_view text) {
  if (text.starts_with(k_utf8_bom)) {
    text.remove_prefix(k_utf8_bom.size());
  }
  std::vector<CsvRecord> records;
  std::size_t line = 1;
  std::size_t pos = 0;
  const auto malformed = [&](std::size_t at_line, std::string_view problem) {
    throw Error(ExitCode::usage, fmt::format("line {}: {}", at_line, problem));
  };
  while (pos < text.size()) {
    CsvRecord record;
    record.line = line;
    bool end_of_record = false;
    while (!end_of_record) {
      std::string field;
      if (pos < text.size() && text[pos] == '"') {
        const std::size_t opened_at = line;
        ++pos;
        while (true) {
          if (pos >= text.size()) {
            malformed(opened_at, "a quoted field is never closed");
          }
          const char c = text[pos++];
          if (c == '"') {
            if (pos < text.size() && text[pos] == '"') {
              field += '"';
              ++pos;
              continue;
            }
            break;
          }
          if (c == '\n') {
            ++line;
          }
          field += c;
        }
        if (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
          malformed(line, "text after the closing quote of a field");
        }
      } else {
        while (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
          if (text[pos] == '"') {
            malformed(line, "a quote inside an unquoted field (quote the whole field)");
          }
          field += text[pos++];
        }
      }
      record.fields.push_back(std::move(field));
      if (pos >= text.size()) {
        end_of_record = true;
      } else if (text[pos] == ',') {
        ++pos;
      } else {
        if (text[pos] == '\r') {
          ++pos;
        }
        if (pos < text.size() && text[pos] == '\n') {
          ++pos;
        }
        ++line;
        end_of_record = true;
      }
    }
    records.push_back(std::move(record));
  }
  return records;
}

} // namespace acctctl
