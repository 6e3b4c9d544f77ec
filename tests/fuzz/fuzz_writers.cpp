// The writers: whatever text a store holds, TSV keeps one line per row and its column count,
// CSV reads back to the same fields, JSON Lines parses and is byte for byte nlohmann's, and a
// table has one line per row.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "acctctl/format/csv.hpp"
#include "acctctl/format/writers.hpp"

namespace {

constexpr std::size_t k_columns = 3;

const acctctl::Layout& layout() {
  static const acctctl::Layout made{{"a", "b", "c"}, {{"A", 0}, {"B", 1}, {"C", 2}}};
  return made;
}

std::string render(acctctl::OutputFormat format, const std::vector<acctctl::Record>& rows) {
  std::ostringstream out;
  const auto writer = acctctl::make_writer(layout(), {format, false, false}, out);
  for (const acctctl::Record& row : rows) {
    writer->write(row);
  }
  writer->finish();
  return out.str();
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  for (const char c : text) {
    if (c == separator) {
      parts.push_back(part);
      part.clear();
    } else {
      part += c;
    }
  }
  parts.push_back(part);
  return parts;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Fields are separated by NUL bytes, three to a row.
  const std::vector<std::string> fields =
      split(std::string(reinterpret_cast<const char*>(data), size), '\0');
  std::vector<acctctl::Record> rows;
  for (std::size_t i = 0; i + k_columns <= fields.size(); i += k_columns) {
    rows.push_back({fields[i], fields[i + 1], fields[i + 2]});
  }

  const std::string tsv = render(acctctl::OutputFormat::tsv, rows);
  const std::vector<std::string> tsv_lines = split(tsv, '\n');
  if (tsv_lines.size() != rows.size() + 1) { // the last element is after the final newline
    __builtin_trap();
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (split(tsv_lines[i], '\t').size() != k_columns) {
      __builtin_trap();
    }
  }

  const auto csv = acctctl::parse_csv(render(acctctl::OutputFormat::csv, rows));
  if (csv.size() != rows.size()) {
    __builtin_trap();
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t c = 0; c < k_columns; ++c) {
      if (csv[i].fields.size() != k_columns ||
          csv[i].fields[c] != std::get<std::string>(rows[i][c])) {
        __builtin_trap();
      }
    }
  }

  const std::string jsonl = render(acctctl::OutputFormat::jsonl, rows);
  for (const std::string& line : split(jsonl, '\n')) {
    if (!line.empty() && nlohmann::json::parse(line, nullptr, false).is_discarded()) {
      __builtin_trap();
    }
  }
  if (nlohmann::json::parse(render(acctctl::OutputFormat::json, rows), nullptr, false)
          .is_discarded()) {
    __builtin_trap();
  }

  // The JSON writers build no DOM: their bytes must be nlohmann's, whatever the text
  // (control characters, invalid UTF-8).
  std::string expected;
  for (const acctctl::Record& row : rows) {
    nlohmann::ordered_json object;
    for (std::size_t c = 0; c < k_columns; ++c) {
      object[layout().keys[c]] = std::get<std::string>(row[c]);
    }
    expected += object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  if (jsonl != expected) {
    __builtin_trap();
  }

  const std::string table = render(acctctl::OutputFormat::table, rows);
  if (split(table, '\n').size() != rows.size() + 1 || table.find('\x1b') != std::string::npos) {
    __builtin_trap();
  }
  return 0;
}
