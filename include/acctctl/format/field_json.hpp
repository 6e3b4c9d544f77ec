#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "acctctl/fields/record_fields.hpp"

// A stored field's value as JSON, written one way for the audit detail, the export and the
// output records.
namespace acctctl {

// `value`, a field of `kind`, as compact JSON text appended to `out`: null, true or false, a
// number, a string, permissions as a list of names, an object kept as its text.
void append_json_value(std::string& out, const FieldValue& value, FieldKind kind);

// A FieldKind::object's stored text as a JSON object; text that is not one (it cannot be,
// from acctctl) is {}.
nlohmann::ordered_json stored_object(std::string_view text);

} // namespace acctctl
