#pragma once

#include <type_traits>
#include <utility>

#include "acctctl/user_fields.hpp"
#include "fields.hpp"

// The fields of a user listing: the user's own, from the one user field table
// (user_fields.hpp), with the client's name after client_id.
namespace acctctl::format {

inline Cell cell_of(const FieldValue& value) {
  return std::visit(
      [](const auto& v) -> Cell {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, PermissionSet>) {
          return v.name_views();
        } else {
          return v;
        }
      },
      value);
}

template <std::size_t Index> Cell user_cell(const UserListing& listing) {
  return cell_of(k_user_field_table[Index].get(listing.user));
}

template <std::size_t... Index>
constexpr Fields<UserListing, sizeof...(Index) + 1> listing_fields(std::index_sequence<Index...>) {
  const std::array<Field<UserListing>, sizeof...(Index)> own{
      {{k_user_field_table[Index].key, &user_cell<Index>}...}};
  Fields<UserListing, sizeof...(Index) + 1> fields{};
  std::size_t next = 0;
  for (const Field<UserListing>& field : own) {
    fields.at(next++) = field;
    if (field.key == "client_id") {
      fields.at(next++) = {"client", [](const UserListing& l) { return borrowed(l.client); }};
    }
  }
  return fields;
}

inline constexpr auto k_user_listing_fields =
    listing_fields(std::make_index_sequence<k_user_field_table.size()>());

} // namespace acctctl::format
