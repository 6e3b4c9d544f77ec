#include "acctctl/when.hpp"

#include <charconv>

#include <fmt/format.h>

#include "acctctl/clock.hpp"
#include "acctctl/error.hpp"
#include "acctctl/values.hpp"

namespace acctctl {
namespace {

constexpr std::time_t k_minute = 60;
constexpr std::time_t k_hour = 60 * k_minute;
constexpr std::time_t k_day = 24 * k_hour;
// +N of a relative time: nine digits of days reach far past any calendar acctctl prints, and
// keep N * unit inside a 64-bit time_t.
constexpr std::size_t k_max_relative_digits = 9;
// The canonical text sorts as time only with a four-digit year, from 1970 (as audit times).
constexpr std::time_t k_last_second = 253402300799; // 9999-12-31T23:59:59Z

std::optional<std::time_t> relative(std::string_view text, std::time_t now) {
  if (text.size() < 3 || (text.front() != '+' && text.front() != '-')) {
    return std::nullopt;
  }
  const std::string_view digits = text.substr(1, text.size() - 2);
  if (digits.size() > k_max_relative_digits) {
    return std::nullopt;
  }
  std::time_t count = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  if (error != std::errc{} || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  std::time_t unit = 0;
  switch (text.back()) {
  case 'm':
    unit = k_minute;
    break;
  case 'h':
    unit = k_hour;
    break;
  case 'd':
    unit = k_day;
    break;
  default:
    return std::nullopt;
  }
  return text.front() == '+' ? now + count * unit : now - count * unit;
}

// A date alone, at local midnight in TZ: mktime with the DST flag unknown finds the offset
// of that day, so a day after a DST change starts at its own offset.
std::optional<std::time_t> local_day(std::string_view text, WhenEdge edge) {
  const std::optional<std::string> midnight_utc = parse_timestamp(text); // checks the day exists
  if (!midnight_utc) {
    return std::nullopt;
  }
  std::tm day{};
  day.tm_year = std::stoi(std::string(text.substr(0, 4))) - 1900;
  day.tm_mon = std::stoi(std::string(text.substr(5, 2))) - 1;
  day.tm_mday = std::stoi(std::string(text.substr(8, 2))) + (edge == WhenEdge::end ? 1 : 0);
  day.tm_isdst = -1;
  const std::time_t local = std::mktime(&day);
  if (local == static_cast<std::time_t>(-1)) {
    return std::nullopt;
  }
  return local;
}

bool is_date(std::string_view text) {
  return text.size() == 10 && text[4] == '-' && text[7] == '-';
}

} // namespace

std::optional<std::time_t> utc_seconds(std::string_view canonical) {
  constexpr std::string_view k_shape = "0000-00-00T00:00:00Z"; // 0: a digit
  if (canonical.size() != k_shape.size()) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < k_shape.size(); ++i) {
    const bool digit = canonical[i] >= '0' && canonical[i] <= '9';
    if (k_shape[i] == '0' ? !digit : canonical[i] != k_shape[i]) {
      return std::nullopt;
    }
  }
  std::tm parts{};
  int fields[6] = {};
  const std::size_t starts[6] = {0, 5, 8, 11, 14, 17};
  const std::size_t widths[6] = {4, 2, 2, 2, 2, 2};
  for (std::size_t i = 0; i < 6; ++i) {
    const char* first = canonical.data() + starts[i];
    const auto [end, error] = std::from_chars(first, first + widths[i], fields[i]);
    if (error != std::errc{} || end != first + widths[i]) {
      return std::nullopt;
    }
  }
  parts.tm_year = fields[0] - 1900;
  parts.tm_mon = fields[1] - 1;
  parts.tm_mday = fields[2];
  parts.tm_hour = fields[3];
  parts.tm_min = fields[4];
  parts.tm_sec = fields[5];
  return timegm(&parts);
}

std::optional<std::string> parse_when(std::string_view text, WhenEdge edge, std::string_view now) {
  const std::optional<std::time_t> now_seconds = utc_seconds(now);
  if (!now_seconds) {
    return std::nullopt;
  }
  std::optional<std::time_t> when;
  if (text == "now") {
    when = now_seconds;
  } else if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    when = relative(text, *now_seconds);
  } else if (is_date(text)) {
    when = local_day(text, edge);
  } else if (text.find('T') != std::string_view::npos) {
    return parse_timestamp(text); // RFC 3339: a date-time needs its offset
  }
  if (!when || *when < 0 || *when > k_last_second) {
    return std::nullopt;
  }
  return format_utc(*when);
}

std::string check_when(std::string_view what, std::string_view text, WhenEdge edge,
                       std::string_view now) {
  std::optional<std::string> when = parse_when(text, edge, now);
  if (!when) {
    throw Error(ExitCode::usage,
                fmt::format("{} is {}; expected {}", what, in_quotes(text), k_when_forms));
  }
  return std::move(*when);
}

} // namespace acctctl
