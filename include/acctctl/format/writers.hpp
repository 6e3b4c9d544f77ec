#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "acctctl/json_string.hpp"
#include "acctctl/model.hpp"

// Output (SPEC.md §4): records with stable keys, written as a table for people or as
// TSV, CSV, JSON or JSON Lines for scripts.
namespace acctctl {

enum class OutputFormat { table, tsv, csv, json, jsonl };
std::optional<OutputFormat> parse_output_format(std::string_view text);

struct OutputOptions {
  OutputFormat format = OutputFormat::tsv;
  bool headers = false;
  bool color = false; // bold table header
  // A table's widest text columns are cut with `…` so that no line is wider than this: the
  // terminal's columns. 0: no limit (a pipe, a file, or --wide).
  std::size_t max_width = 0;
};

// One value: null, a boolean, an integer, text, a list of text, an object (audit detail,
// which only JSON shows), or permissions (a list in JSON, their stored "a,b" text elsewhere:
// both come from a table made once per set). Text is owned, or borrowed (string_view) from
// the object a record is made of: a record is written while that object lives, and a listing
// then copies no string per row. A writer copies what it keeps.
using Cell = std::variant<std::monostate, bool, std::int64_t, std::string, std::vector<std::string>,
                          nlohmann::ordered_json, std::string_view, PermissionSet>;
using Record = std::vector<Cell>;

struct TableColumn {
  std::string header;
  std::size_t field;                                // index into the record
  std::function<std::string(const Record&)> text{}; // instead of the field's plain text
};

// The shape of one kind of record: its keys in order (the JSON keys and the TSV/CSV
// columns) and the columns a table shows.
struct Layout {
  std::vector<std::string> keys;
  std::vector<TableColumn> table;
  std::vector<std::string> json_only = {}; // objects (audit detail): dropped from TSV and CSV
};

// Writes records one at a time. TSV, CSV and JSONL stream; a table waits for its last row to
// know its column widths.
class RecordWriter {
public:
  virtual ~RecordWriter() = default;
  virtual void write(const Record& record) = 0;
  virtual void finish() = 0;
};

std::unique_ptr<RecordWriter> make_writer(const Layout& layout, const OutputOptions& options,
                                          std::ostream& out);

// `show`: a single object in JSON, one `Key: value` line per field in a table.
void write_single(const Layout& layout, const OutputOptions& options, const Record& record,
                  std::ostream& out);

// Display columns `text` takes in a terminal: wide characters 2, combining marks 0.
std::size_t display_width(std::string_view text);

// `text` cut to at most `width` display columns, its end replaced by `…` if it was cut.
std::string fit_width(std::string_view text, std::size_t width);

// `text` safe to print on a terminal: control characters as \t, \n, \xNN, invisible and
// format characters (bidi overrides and marks, U+200B, U+00AD, U+FEFF) as \uNNNN.
std::string printable(std::string_view text);
// The same for formatted output (TSV, CSV, JSON) on a terminal: tabs, line feeds and CRLF,
// which lay the output out, stay as they are.
std::string terminal_safe(std::string_view text);

} // namespace acctctl
