// References and values: ids, case-folded keys, quoting, resolution among a client's users, time
// stamps, and WHEN (SPEC §3.2).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "acctctl/clock.hpp"
#include "acctctl/error.hpp"
#include "acctctl/utf8.hpp"
#include "acctctl/values.hpp"
#include "acctctl/when.hpp"
#include "service/user_index.hpp"

namespace {

const acctctl::ClientUsers& client_users() {
  static const acctctl::ClientUsers users = [] {
    std::vector<acctctl::ClientUser> list(3);
    list[0].id = 1;
    list[0].name = "Ann";
    list[0].email = "ann@acme.test";
    list[0].username = "ann";
    list[1].id = 2;
    list[1].name = "Ben";
    list[1].email = "BEN@acme.test";
    list[1].username = "Straße";
    list[2].id = 3;
    list[2].name = "Dora";
    return acctctl::ClientUsers(list);
  }();
  return users;
}

template <typename Check> void expect_usage_or_value(Check check) {
  try {
    check();
  } catch (const acctctl::Error& error) {
    if (error.code() != acctctl::ExitCode::usage) {
      __builtin_trap();
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto id = acctctl::parse_id(text); id && *id <= 0) {
    __builtin_trap();
  }
  const std::string key = acctctl::fold_key(text);
  if (acctctl::is_valid_utf8(text) && acctctl::fold_key(key) != key) {
    __builtin_trap(); // folding is idempotent
  }
  if (!acctctl::is_valid_utf8(acctctl::in_quotes(text))) {
    __builtin_trap();
  }
  if (client_users().resolve(text).size() > 3) {
    __builtin_trap();
  }
  expect_usage_or_value([&] { acctctl::check_name("name", text); });
  expect_usage_or_value([&] { acctctl::check_email("email", text); });
  expect_usage_or_value([&] { acctctl::check_username(text); });
  if (const auto stamp = acctctl::parse_timestamp(text)) {
    if (acctctl::parse_timestamp(*stamp) != stamp) {
      __builtin_trap(); // the canonical form reads back as itself
    }
  }
  // WHEN: what it gives is canonical UTC text, and a date's end comes after its start.
  constexpr std::string_view k_now = "2027-03-13T12:00:00Z";
  const auto start = acctctl::parse_when(text, acctctl::WhenEdge::start, k_now);
  const auto end = acctctl::parse_when(text, acctctl::WhenEdge::end, k_now);
  if (start.has_value() != end.has_value()) {
    __builtin_trap();
  }
  if (start && (!acctctl::utc_seconds(*start) || !acctctl::utc_seconds(*end) || *end < *start)) {
    __builtin_trap();
  }
  expect_usage_or_value([&] { acctctl::check_when("--end", text, acctctl::WhenEdge::end, k_now); });
  return 0;
}
