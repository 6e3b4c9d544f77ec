#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "acctctl/model.hpp"

// The value rules of SPEC.md §2 ("Values"): what a name, an email, a username and an id are.
// Each check_* returns the value unchanged or throws Error(usage) naming `what` and the reason.
namespace acctctl {

inline constexpr std::size_t k_max_name_chars = 500;
inline constexpr std::size_t k_max_email_bytes = 254;

// The key under which case-insensitive values are compared and stored: Unicode case folding
// after NFC, so "ANN@x" and "ann@x", or a composed and a decomposed "é", are the same key.
std::string fold_key(std::string_view text);
// The same into `key`, whose buffer a loop reuses.
void fold_key_into(std::string_view text, std::string& key);
// Whether case folding turns a non-ASCII character of `text` into ASCII letters (U+017F ſ
// into s, the Kelvin sign into k, the ligature ﬀ into ff): an identity written so names
// someone else's ASCII address only through the fold, and is not taken for it.
bool folds_into_ascii(std::string_view text);
// The key of an optional value (an email or username a user may lack).
std::optional<std::string> folded(const std::optional<std::string>& text);

std::string check_name(std::string_view what, std::string_view text);
std::string check_email(std::string_view what, std::string_view text);
std::string check_username(std::string_view text);

// A reference that is all ASCII digits and fits an id; anything else is not an id.
std::optional<Id> parse_id(std::string_view text);

// Quotes `text` for an error message, escaping what would not print.
std::string in_quotes(std::string_view text);

// "1 check", "3 checks": a count with the noun that agrees with it, for messages.
template <std::integral Count>
std::string counted(Count count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

} // namespace acctctl
