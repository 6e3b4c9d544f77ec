#include "acctctl/format/export_json.hpp"

#include <array>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "acctctl/error.hpp"
#include "format/export/export_checks.hpp"
#include "format/export/export_rows.hpp"

namespace acctctl {
namespace {

using Json = nlohmann::ordered_json; // keeps an audit detail's key order
using OrderedJson = nlohmann::ordered_json;

// A problem of the document as a whole, not of one row.
[[noreturn]] void invalid_document(std::string_view problem) {
  throw Error(ExitCode::usage, std::string(problem));
}

// The deepest a row may nest (issue 21): writers and destructors recurse, and a detail 70,000
// levels deep ran out of stack. acctctl's own details nest three levels.
constexpr std::size_t k_max_depth = 64;

constexpr std::array<std::string_view, 7> k_sections = {
    "practices", "staff", "access", "clients", "users", "documents", "audit"};

// SAX events in, one row at a time out: the rows of a section are built as small DOMs and
// handed over as soon as each closes, so a large export never exists as one tree.
class ExportReader final : public nlohmann::json_sax<Json> {
public:
  explicit ExportReader(Snapshot& snapshot) : m_snapshot(snapshot) {}

  bool null() override { return value(nullptr); }
  bool boolean(bool v) override { return value(v); }
  bool number_integer(number_integer_t v) override { return value(v); }
  bool number_unsigned(number_unsigned_t v) override { return value(v); }
  bool number_float(number_float_t v, const string_t& /*text*/) override { return value(v); }
  bool string(string_t& v) override { return value(std::move(v)); }
  bool binary(binary_t& /*v*/) override { return value(nullptr); }

  bool start_object(std::size_t /*size*/) override {
    if (!m_in_root) {
      m_in_root = true;
      return true;
    }
    nest();
    m_stack.push_back({Json::object(), {}});
    return true;
  }

  // A key given twice is refused: which one counts would be a guess (the last, in nlohmann).
  bool key(string_t& name) override {
    if (m_stack.empty() && !m_section) {
      if (m_seen.contains(name) || m_header.contains(name)) {
        duplicate_key(name, "the document");
      }
      m_top_key = std::move(name);
    } else {
      if (m_stack.back().value.contains(name)) {
        duplicate_key(name, m_section ? fmt::format("{}[{}]", *m_section, m_index) : "the header");
      }
      m_stack.back().key = std::move(name);
    }
    return true;
  }

  bool end_object() override {
    if (m_stack.empty()) {
      return true; // the end of the document
    }
    Json done = std::move(m_stack.back().value);
    m_stack.pop_back();
    return value(std::move(done));
  }

  bool start_array(std::size_t /*size*/) override {
    if (!m_in_root) {
      not_an_export();
    }
    const auto* section = std::find(k_sections.begin(), k_sections.end(), m_top_key);
    if (m_stack.empty() && !m_section && section != k_sections.end()) {
      m_section = m_top_key;
      m_index = 0;
      m_seen.insert(m_top_key);
      return true;
    }
    nest();
    m_stack.push_back({Json::array(), {}});
    return true;
  }

  bool end_array() override {
    if (m_stack.empty()) {
      m_section.reset();
      return true;
    }
    Json done = std::move(m_stack.back().value);
    m_stack.pop_back();
    return value(std::move(done));
  }

  bool parse_error(std::size_t position, const std::string& /*token*/,
                   const nlohmann::detail::exception& error) override {
    // nlohmann's text starts with "[json.exception.parse_error.101] "; keep what follows.
    const std::string text = error.what();
    const auto start = text.find("] ");
    throw Error(ExitCode::usage,
                fmt::format("not valid JSON at byte {}: {}", position,
                            start == std::string::npos ? text : text.substr(start + 2)));
  }

  void finish() {
    if (!m_in_root) {
      not_an_export();
    }
    check_header();
    for (const std::string_view section : k_sections) {
      if (!m_seen.contains(std::string(section))) {
        invalid_document(fmt::format("it has no \"{}\" array", section));
      }
    }
  }

  // The header's version (finish() checked it).
  std::int64_t version() const { return m_header["version"].get<std::int64_t>(); }

private:
  struct Frame {
    Json value;
    std::string key;
  };

  void nest() const {
    if (m_stack.size() >= k_max_depth) {
      invalid_document(fmt::format("{}[{}] nests deeper than {} levels", m_section.value_or("?"),
                                   m_index, k_max_depth));
    }
  }

  [[noreturn]] static void duplicate_key(std::string_view key, const std::string& where) {
    invalid_document(
        fmt::format("{} has the key {} twice", where, export_rows::dump(Json(std::string(key)))));
  }

  [[noreturn]] static void not_an_export() {
    invalid_document(R"(it has no "format": "acctctl-export")");
  }

  void check_header() const {
    if (!m_header.contains("format") || m_header["format"] != "acctctl-export") {
      not_an_export();
    }
    const auto version = m_header.find("version");
    if (version == m_header.end() || !version->is_number_integer()) {
      invalid_document("its \"version\" is missing or not an integer");
    }
    if (version->get<std::int64_t>() > k_export_version) {
      invalid_document(fmt::format("its version {} is newer than this acctctl reads ({})",
                                   version->get<std::int64_t>(), k_export_version));
    }
  }

  template <typename V> bool value(V&& v) {
    if (!m_stack.empty()) {
      Frame& parent = m_stack.back();
      if (parent.value.is_object()) {
        parent.value[parent.key] = std::forward<V>(v);
      } else {
        parent.value.push_back(std::forward<V>(v));
      }
      return true;
    }
    if (m_section) {
      add_row(Json(std::forward<V>(v)));
    } else {
      m_header[m_top_key] = std::forward<V>(v);
    }
    return true;
  }

  void add_row(const Json& row) {
    try {
      read_row(row);
    } catch (const Error&) {
      // Rows come before the header when keys were re-sorted; without a header this is
      // most likely not an export at all, and that is the better thing to say.
      if (!m_header.contains("format")) {
        not_an_export();
      }
      throw;
    }
  }

  void read_row(const Json& row) {
    export_rows::read_row(*m_section, row, fmt::format("{}[{}]", *m_section, m_index++),
                          m_snapshot);
  }

  Snapshot& m_snapshot;
  bool m_in_root = false;
  std::string m_top_key;
  Json m_header = Json::object();
  std::optional<std::string> m_section;
  std::size_t m_index = 0;
  std::set<std::string> m_seen;
  std::vector<Frame> m_stack;
};

} // namespace

ExportWriter::ExportWriter(std::ostream& out, std::string_view exported_at) : m_out(out) {
  m_out << "{\n  \"format\": \"acctctl-export\",\n  \"version\": " << k_export_version
        << ",\n  \"exported_at\": " << export_rows::dump(OrderedJson(exported_at));
}

void ExportWriter::begin_section(std::string_view name) {
  if (m_in_section) {
    m_out << (m_first_row ? "]" : "\n  ]");
  }
  m_out << ",\n  " << export_rows::dump(OrderedJson(name)) << ": [";
  m_in_section = true;
  m_first_row = true;
}

void ExportWriter::write_row(const std::string& json) {
  m_out << (m_first_row ? "\n    " : ",\n    ") << json;
  m_first_row = false;
}

void ExportWriter::row(const Practice& practice) {
  write_row(export_rows::row_json(practice));
}
void ExportWriter::row(const Staff& staff) {
  write_row(export_rows::row_json(staff));
}
void ExportWriter::row(const AccessGrant& grant) {
  write_row(export_rows::row_json(grant));
}
void ExportWriter::row(const ClientAccount& client) {
  write_row(export_rows::row_json(client));
}
void ExportWriter::row(const ClientUser& user) {
  write_row(export_rows::row_json(user));
}
void ExportWriter::row(const Document& document) {
  write_row(export_rows::row_json(document));
}
void ExportWriter::row(const AuditEvent& event) {
  write_row(export_rows::row_json(event));
}

void ExportWriter::finish() {
  if (m_in_section) {
    m_out << (m_first_row ? "]" : "\n  ]");
  }
  m_out << "\n}\n";
  m_out.flush();
}

Snapshot read_export(std::istream& in) {
  Snapshot snapshot;
  ExportReader reader(snapshot);
  Json::sax_parse(in, &reader);
  reader.finish();
  check_export_consistency(snapshot);
  check_audit_chains(snapshot, reader.version());
  return snapshot;
}

} // namespace acctctl
