#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "acctctl/fields/record_fields.hpp"
#include "acctctl/lookalike.hpp"
#include "acctctl/values.hpp"

// The columns both stores keep beside a text field's own, each made from its text: the
// case-folded key that look-ups and the unique indexes use, and the confusable skeleton that
// R14 compares usernames by (SPEC §2). Inserts and updates walk them here, so a store cannot
// write the one without the other.
namespace acctctl {

using DeriveColumn = std::string (*)(std::string_view text);

// Calls visit(column, derive) for each derived column of `field`, in the order written.
template <typename Row, typename Visit>
void for_each_derived_column(const RecordField<Row>& field, Visit visit) {
  if (!field.key_column.empty()) {
    visit(field.key_column, DeriveColumn{&fold_key});
  }
  if (!field.skeleton_column.empty()) {
    visit(field.skeleton_column, DeriveColumn{&confusable_skeleton});
  }
}

// A derived column's value for a field's value: null for a null (or not a text) value.
inline std::optional<std::string> derived_value(DeriveColumn derive, const FieldValue& value) {
  const auto* text = std::get_if<std::string_view>(&value);
  return text != nullptr ? std::optional(derive(*text)) : std::nullopt;
}

} // namespace acctctl
