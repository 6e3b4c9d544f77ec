#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "acctctl/format/writers.hpp"
#include "acctctl/model.hpp"

// A record described once: each field's key (its JSON key and TSV/CSV column) next to how it
// is read from the domain object. The keys, the order and the values all come from one table,
// and a table column names its field by key, checked when the code compiles.
namespace acctctl::format {

template <typename Row> struct Field {
  std::string_view key;
  Cell (*read)(const Row& row);
};

template <typename Row, std::size_t Count> using Fields = std::array<Field<Row>, Count>;

// The position of `key` in `fields`. Evaluated by the compiler: a key that is not there
// reaches the throw, which is not a constant expression, so the typo does not compile.
template <typename Row, std::size_t Count>
consteval std::size_t field(const Fields<Row, Count>& fields, std::string_view key) {
  for (std::size_t i = 0; i < Count; ++i) {
    if (fields[i].key == key) {
      return i;
    }
  }
  throw "no field with this key";
}

template <typename Row, std::size_t Count>
std::vector<std::string> keys_of(const Fields<Row, Count>& fields) {
  std::vector<std::string> keys;
  keys.reserve(Count);
  for (const Field<Row>& f : fields) {
    keys.emplace_back(f.key);
  }
  return keys;
}

// Into `record`, which a listing reuses row after row: its cells keep their storage.
template <typename Row, std::size_t Count>
void record_into(const Fields<Row, Count>& fields, const Row& row, Record& record) {
  record.resize(Count);
  for (std::size_t i = 0; i < Count; ++i) {
    record[i] = fields[i].read(row);
  }
}

template <typename Row, std::size_t Count>
Record record_of(const Fields<Row, Count>& fields, const Row& row) {
  Record record;
  record_into(fields, row, record);
  return record;
}

// Text borrowed from the row the record is made of (see Cell): no copy per row.
inline Cell borrowed(const std::string& text) {
  return std::string_view(text);
}
inline Cell borrowed(std::string_view text) {
  return text;
}
inline Cell borrowed(const std::optional<std::string>& text) {
  return text ? Cell(std::string_view(*text)) : Cell(std::monostate{});
}

// An id, or null.
inline Cell nullable(const std::optional<Id>& value) {
  return value ? Cell(*value) : Cell(std::monostate{});
}

} // namespace acctctl::format
