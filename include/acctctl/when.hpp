#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

// WHEN (SPEC §3.2): the start or end of a user's access, or the end of an access grant.
namespace acctctl {

// A date alone means the start of that day for a start, and the end of that day (00:00 of the
// next) for an end or an --until, both in the time zone of TZ.
enum class WhenEdge { start, end };

// An RFC 3339 time (`2026-12-31T17:00:00Z`, `…+01:00`), a date (`2026-12-31`), `now`, or a
// time relative to `now` (`+30d`, `-12h`, `+90m`), as canonical UTC text
// ("2026-12-31T17:00:00Z"); nullopt for anything else. `now` is canonical UTC text too.
std::optional<std::string> parse_when(std::string_view text, WhenEdge edge, std::string_view now);

// What the error of a bad WHEN says it may be.
inline constexpr std::string_view k_when_forms =
    "an RFC 3339 time (2026-12-31T17:00:00Z), a date (2026-12-31), now, or +30d/-12h/+90m";

// parse_when, or Error(usage) naming `what` (an option, a CSV column) and the forms it takes.
std::string check_when(std::string_view what, std::string_view text, WhenEdge edge,
                       std::string_view now);

// Canonical UTC text as seconds since the epoch; nullopt if it is not that text.
std::optional<std::time_t> utc_seconds(std::string_view canonical);

} // namespace acctctl
