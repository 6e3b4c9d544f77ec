#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "acctctl/fields/record_fields.hpp"
#include "acctctl/format/field_json.hpp"
#include "acctctl/format/writers.hpp"

// Output records are described by the same field descriptors as stored rows (RecordField):
// a listing's columns are its stored fields (stored_fields.hpp) and the ones it computes
// (listed). The keys, the order and the values all come from one table, and a table column
// names its field by key (field_index), checked when the code compiles.
namespace acctctl::format {

template <typename Row, std::size_t Count> using Fields = std::array<RecordField<Row>, Count>;

// A column that a listing computes from its row and the stores do not hold: `get` is a lambda
// without captures.
template <typename Row>
constexpr RecordField<Row> listed(std::string_view key, FieldKind kind,
                                  FieldValue (*get)(const Row& row)) {
  RecordField<Row> field{key, "", "", kind};
  field.get = get;
  return field;
}

// A field's value as an output cell: an object kind (an audit detail) as its JSON object.
inline Cell cell_of(const FieldValue& value, FieldKind kind) {
  if (kind == FieldKind::object) {
    const auto* text = std::get_if<std::string_view>(&value);
    return stored_object(text != nullptr ? *text : "{}");
  }
  return std::visit([](const auto& v) -> Cell { return v; }, value);
}

template <typename Row, std::size_t Count>
std::vector<std::string> keys_of(const Fields<Row, Count>& fields) {
  std::vector<std::string> keys;
  keys.reserve(Count);
  for (const RecordField<Row>& f : fields) {
    keys.emplace_back(f.key);
  }
  return keys;
}

// Into `record`, which a listing reuses row after row: its cells keep their storage. Text is
// borrowed from the row the record is made of (see Cell): no copy per row.
template <typename Row, std::size_t Count>
void record_into(const Fields<Row, Count>& fields, const Row& row, Record& record) {
  record.resize(Count);
  for (std::size_t i = 0; i < Count; ++i) {
    record[i] = cell_of(fields[i].get(row), fields[i].kind);
  }
}

template <typename Row, std::size_t Count>
Record record_of(const Fields<Row, Count>& fields, const Row& row) {
  Record record;
  record_into(fields, row, record);
  return record;
}

} // namespace acctctl::format
