#pragma once

#include <utility>

#include "acctctl/fields/account_fields.hpp"
#include "acctctl/fields/user_fields.hpp"
#include "fields.hpp"

// The fields of listings of stored rows, made from the records' field tables
// (record_fields.hpp): the keys, kinds and values are the stored ones, read from the row a
// listing holds, with what a listing adds or leaves out.
namespace acctctl::format {

template <typename Listing, const auto& Table, auto Stored, std::size_t Index>
FieldValue stored_value(const Listing& listing) {
  return Table[Index].get(Stored(listing));
}

template <typename Listing, const auto& Table, auto Stored, std::size_t... Index>
constexpr Fields<Listing, sizeof...(Index)> stored_fields(std::index_sequence<Index...>) {
  return {{listed<Listing>(Table[Index].key, Table[Index].kind,
                           &stored_value<Listing, Table, Stored, Index>)...}};
}

// Every field of `Table`, read from the row that `Stored` finds in a listing.
template <typename Listing, const auto& Table, auto Stored> constexpr auto stored_fields() {
  return stored_fields<Listing, Table, Stored>(std::make_index_sequence<Table.size()>());
}

// The same with the client's name (`Listing::client`) after client_id.
template <typename Listing, std::size_t Count>
constexpr Fields<Listing, Count + 1> with_client_name(const Fields<Listing, Count>& fields) {
  Fields<Listing, Count + 1> result{};
  std::size_t next = 0;
  for (const RecordField<Listing>& field : fields) {
    result.at(next++) = field;
    if (field.key == "client_id") {
      result.at(next++) =
          listed<Listing>("client", FieldKind::text, [](const Listing& l) -> FieldValue {
            return std::string_view(l.client);
          });
    }
  }
  if (next != result.size()) {
    throw "no client_id to put the client's name after";
  }
  return result;
}

// The same without the field `key`.
template <typename Row, std::size_t Count>
constexpr Fields<Row, Count - 1> without(const Fields<Row, Count>& fields, std::string_view key) {
  Fields<Row, Count - 1> result{};
  std::size_t next = 0;
  for (const RecordField<Row>& field : fields) {
    if (field.key != key) {
      if (next == result.size()) {
        throw "no field with this key to leave out";
      }
      result.at(next++) = field;
    }
  }
  return result;
}

constexpr const ClientUser& user_of(const UserListing& listing) {
  return listing.user;
}
constexpr const Document& document_of(const DocumentListing& listing) {
  return listing.document;
}
constexpr const AuditEvent& event_itself(const AuditEvent& event) {
  return event;
}

inline constexpr auto k_user_listing_fields =
    with_client_name(stored_fields<UserListing, k_user_field_table, &user_of>());
inline constexpr auto k_document_listing_fields =
    with_client_name(stored_fields<DocumentListing, k_document_field_table, &document_of>());
// SPEC.md §4: an event's practice is not shown.
inline constexpr auto k_audit_event_fields =
    without(stored_fields<AuditEvent, k_audit_field_table, &event_itself>(), "practice_id");

} // namespace acctctl::format
