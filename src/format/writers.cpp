// The five output formats of SPEC.md §4.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "acctctl/format/writers.hpp"
#include "acctctl/utf8.hpp"
#include "cells.hpp"
#include "json_text.hpp"

namespace acctctl {
namespace {

constexpr std::string_view k_bold = "\x1b[1m";
constexpr std::string_view k_reset = "\x1b[0m";

// The bytes TSV escapes, as a table: one load per byte on the hot path of every listing.
constexpr std::array<bool, 256> k_tsv_escaped = [] {
  std::array<bool, 256> escaped{};
  for (const unsigned char c : {'\t', '\n', '\r', '\\'}) {
    escaped.at(c) = true;
  }
  return escaped;
}();

// Whether any of the 8 bytes in `word` is `byte` (the classic "has a zero byte" test on
// word ^ byte): TSV output checks a word at a time and looks at bytes only where it must.
constexpr bool has_byte(std::uint64_t word, unsigned char byte) {
  constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
  constexpr std::uint64_t k_highs = 0x8080808080808080ULL;
  const std::uint64_t x = word ^ (k_ones * byte);
  return ((x - k_ones) & ~x & k_highs) != 0;
}

void append_tsv(std::string& out, std::string_view text) {
  const char* plain = text.data(); // runs that need no escape are copied in one go
  const char* const end = text.data() + text.size();
  const char* c = plain;
  while (c != end) {
    if (end - c >= 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, c, sizeof word);
      if (!has_byte(word, '\t') && !has_byte(word, '\n') && !has_byte(word, '\r') &&
          !has_byte(word, '\\')) {
        c += 8;
        continue;
      }
    }
    if (k_tsv_escaped[static_cast<unsigned char>(*c)]) {
      out.append(plain, c);
      plain = c + 1;
      out += *c == '\t' ? "\\t" : *c == '\n' ? "\\n" : *c == '\r' ? "\\r" : "\\\\";
    }
    ++c;
  }
  out.append(plain, end);
}

void append_csv(std::string& out, std::string_view text) {
  // A field that starts with U+FEFF is quoted too: at the start of a file, readers would take
  // it for a byte order mark and drop it.
  if (text.find_first_of(",\"\r\n") == std::string_view::npos && !text.starts_with(k_utf8_bom)) {
    out += text;
    return;
  }
  out += '"';
  for (const char c : text) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  out += '"';
}

// Null, flags, numbers and permission names print as text that TSV never escapes (no tab,
// line break or backslash): a listing appends them without scanning them.
bool needs_no_tsv_escape(const Cell& cell) {
  return std::holds_alternative<std::monostate>(cell) || std::holds_alternative<bool>(cell) ||
         std::holds_alternative<std::int64_t>(cell) || std::holds_alternative<PermissionSet>(cell);
}

// TSV (escaped, tab-separated) and CSV (RFC 4180: quoted fields, CRLF line ends).
class DelimitedWriter final : public RecordWriter {
public:
  DelimitedWriter(const Layout& layout, bool csv, bool headers, std::ostream& out)
      : m_csv(csv), m_out(out) {
    for (std::size_t i = 0; i < layout.keys.size(); ++i) {
      const auto& skip = layout.json_only;
      if (std::find(skip.begin(), skip.end(), layout.keys[i]) == skip.end()) {
        m_fields.push_back(i);
      }
    }
    if (headers) {
      std::vector<std::string> names;
      for (const std::size_t field : m_fields) {
        names.push_back(layout.keys[field]);
      }
      line(names);
    }
  }

  void write(const Record& record) override {
    m_line.clear();
    for (std::size_t i = 0; i < m_fields.size(); ++i) {
      if (i > 0) {
        m_line += m_csv ? ',' : '\t';
      }
      const Cell& cell = record.at(m_fields[i]);
      if (!m_csv && needs_no_tsv_escape(cell)) {
        format::append_plain_text(m_line, cell);
        continue;
      }
      std::string_view text;
      if (const auto cell_text = format::text_of(cell)) {
        text = *cell_text; // the common cells: escaped straight from the record
      } else {
        m_text.clear();
        format::append_plain_text(m_text, cell);
        text = m_text;
      }
      m_csv ? append_csv(m_line, text) : append_tsv(m_line, text);
    }
    m_line += m_csv ? "\r\n" : "\n";
    m_out.write(m_line.data(), static_cast<std::streamsize>(m_line.size()));
  }

  void finish() override { m_out.flush(); }

private:
  void line(const std::vector<std::string>& values) {
    m_line.clear();
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) {
        m_line += m_csv ? ',' : '\t';
      }
      m_csv ? append_csv(m_line, values[i]) : append_tsv(m_line, values[i]);
    }
    m_line += m_csv ? "\r\n" : "\n";
    m_out << m_line;
  }

  std::string m_line; // reused: a row costs no allocation once the buffers have grown
  std::string m_text;
  bool m_csv;
  std::ostream& m_out;
  std::vector<std::size_t> m_fields;
};

// kubectl style: upper-case headers, columns aligned by display width, two spaces apart. The
// first k_sized_rows rows size the columns; later rows stream with those widths (a longer
// cell pushes the rest of its own line to the right), so memory stays bounded. With a
// max_width (a terminal), the widest columns give way until a line fits, and every cell is cut
// to its column with `…`, so that no row wraps.
class TableWriter final : public RecordWriter {
public:
  static constexpr std::size_t k_sized_rows = 1000;
  static constexpr std::size_t k_narrowest_column = 5; // "ab…" still says something

  TableWriter(const Layout& layout, const OutputOptions& options, std::ostream& out)
      : m_layout(layout), m_headers(options.headers), m_color(options.color),
        m_max_width(options.max_width), m_out(out) {}

  void write(const Record& record) override {
    std::vector<std::string> cells;
    cells.reserve(m_layout.table.size());
    for (const TableColumn& column : m_layout.table) {
      const std::string text =
          column.text ? column.text(record) : format::plain_text(record.at(column.field));
      cells.push_back(text.empty() ? "-" : printable(text));
    }
    if (m_widths.empty()) {
      m_rows.push_back(std::move(cells));
      if (m_rows.size() == k_sized_rows) {
        print_sized();
      }
      return;
    }
    m_out << aligned(cells) << '\n';
  }

  void finish() override {
    if (m_widths.empty()) {
      print_sized();
    }
    m_out.flush();
  }

private:
  void print_sized() {
    m_widths.assign(m_layout.table.size(), 0);
    std::vector<std::size_t> narrowest(m_widths.size(), k_narrowest_column);
    if (m_headers) {
      for (std::size_t i = 0; i < m_widths.size(); ++i) {
        m_widths[i] = display_width(m_layout.table[i].header);
        narrowest[i] = std::max(narrowest[i], m_widths[i]);
      }
    }
    for (const auto& row : m_rows) {
      for (std::size_t i = 0; i < m_widths.size(); ++i) {
        m_widths[i] = std::max(m_widths[i], display_width(row[i]));
      }
    }
    if (m_max_width > 0) {
      fit_to_max_width(narrowest);
    }
    if (m_headers) {
      std::vector<std::string> header;
      for (const TableColumn& column : m_layout.table) {
        header.push_back(column.header);
      }
      m_out << (m_color ? k_bold : "") << aligned(header) << (m_color ? k_reset : "") << '\n';
    }
    for (const auto& row : m_rows) {
      m_out << aligned(row) << '\n';
    }
    m_rows.clear();
    m_rows.shrink_to_fit();
  }

  // Narrows the widest column, one display column at a time, until a line fits or every
  // column is at its narrowest (a header is never cut).
  void fit_to_max_width(const std::vector<std::size_t>& narrowest) {
    if (m_widths.empty()) {
      return;
    }
    std::size_t total = 2 * (m_widths.size() - 1);
    for (const std::size_t width : m_widths) {
      total += width;
    }
    while (total > m_max_width) {
      std::size_t widest = m_widths.size();
      for (std::size_t i = 0; i < m_widths.size(); ++i) {
        if (m_widths[i] > narrowest[i] &&
            (widest == m_widths.size() || m_widths[i] > m_widths[widest])) {
          widest = i;
        }
      }
      if (widest == m_widths.size()) {
        return; // too many columns for the window: the line wraps
      }
      --m_widths[widest];
      --total;
    }
  }

  std::string aligned(const std::vector<std::string>& cells) const {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string cell = m_max_width > 0 ? fit_width(cells[i], m_widths[i]) : cells[i];
      line += cell;
      if (i + 1 < cells.size()) {
        const std::size_t width = display_width(cell);
        line.append(width < m_widths[i] ? m_widths[i] - width + 2 : 2, ' ');
      }
    }
    return line;
  }

  const Layout& m_layout;
  bool m_headers;
  bool m_color;
  std::size_t m_max_width;
  std::ostream& m_out;
  std::vector<std::vector<std::string>> m_rows; // until the columns are sized
  std::vector<std::size_t> m_widths;            // empty until then
};

// One JSON array, written as the records come: `[`, one pretty object each, `]`.
class JsonArrayWriter final : public RecordWriter {
public:
  JsonArrayWriter(const Layout& layout, std::ostream& out) : m_layout(layout), m_out(out) {}

  void write(const Record& record) override {
    m_text.assign(m_count++ == 0 ? "[\n  " : ",\n  ");
    format::append_json_record(m_text, m_layout, record, 2, 1);
    m_out.write(m_text.data(), static_cast<std::streamsize>(m_text.size()));
  }

  void finish() override {
    m_out << (m_count == 0 ? "[]\n" : "\n]\n");
    m_out.flush();
  }

private:
  const Layout& m_layout;
  std::ostream& m_out;
  std::size_t m_count = 0;
  std::string m_text;
};

class JsonLinesWriter final : public RecordWriter {
public:
  JsonLinesWriter(const Layout& layout, std::ostream& out) : m_layout(layout), m_out(out) {}

  void write(const Record& record) override {
    m_text.clear();
    format::append_json_record(m_text, m_layout, record, -1, 0);
    m_text += '\n';
    m_out.write(m_text.data(), static_cast<std::streamsize>(m_text.size()));
  }

  void finish() override { m_out.flush(); }

private:
  const Layout& m_layout;
  std::ostream& m_out;
  std::string m_text;
};

// "login_access" → "Login access", "client_id" → "Client ID"
std::string label_of(std::string_view key) {
  std::string label(key);
  if (label == "id" || label.ends_with("_id")) {
    label.replace(label.size() - 2, 2, "ID");
  }
  std::replace(label.begin(), label.end(), '_', ' ');
  if (!label.empty() && label[0] >= 'a' && label[0] <= 'z') {
    label[0] = static_cast<char>(label[0] - 'a' + 'A');
  }
  return label;
}

} // namespace

std::unique_ptr<RecordWriter> make_writer(const Layout& layout, const OutputOptions& options,
                                          std::ostream& out) {
  switch (options.format) {
  case OutputFormat::table:
    return std::make_unique<TableWriter>(layout, options, out);
  case OutputFormat::tsv:
    return std::make_unique<DelimitedWriter>(layout, false, options.headers, out);
  case OutputFormat::csv:
    return std::make_unique<DelimitedWriter>(layout, true, options.headers, out);
  case OutputFormat::json:
    return std::make_unique<JsonArrayWriter>(layout, out);
  case OutputFormat::jsonl:
    break;
  }
  return std::make_unique<JsonLinesWriter>(layout, out);
}

void write_single(const Layout& layout, const OutputOptions& options, const Record& record,
                  std::ostream& out) {
  switch (options.format) {
  case OutputFormat::json: {
    std::string text;
    format::append_json_record(text, layout, record, 2, 0);
    out << text << '\n';
    break;
  }
  case OutputFormat::table: {
    std::size_t width = 0;
    for (const std::string& key : layout.keys) {
      width = std::max(width, display_width(label_of(key)) + 1);
    }
    for (std::size_t i = 0; i < layout.keys.size(); ++i) {
      const std::string label = label_of(layout.keys[i]) + ":";
      const std::string value = printable(format::plain_text(record.at(i)));
      out << (options.color ? k_bold : "") << label << (options.color ? k_reset : "")
          << std::string(width - display_width(label) + 2, ' ') << (value.empty() ? "-" : value)
          << '\n';
    }
    break;
  }
  case OutputFormat::tsv:
  case OutputFormat::csv:
  case OutputFormat::jsonl: {
    const auto writer = make_writer(layout, options, out);
    writer->write(record);
    writer->finish();
    break;
  }
  }
  out.flush();
}

} // namespace acctctl
