#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace acctctl {

// Times are UTC ISO-8601 with `Z`, to the second: "2026-11-22T20:43:14Z". Text of this shape
// sorts in time order, so the store compares it as text.
class Clock {
public:
  virtual ~Clock() = default;
  virtual std::string now() const = 0;
};

class SystemClock final : public Clock {
public:
  std::string now() const override;
};

// A clock that always says the same time, for tests.
class FixedClock final : public Clock {
public:
  explicit FixedClock(std::string time) : m_time(std::move(time)) {}
  std::string now() const override { return m_time; }

private:
  std::string m_time;
};

std::string format_utc(std::time_t time);

// `--since` values: a date (midnight UTC) or a date-time with `Z` or a ±HH:MM offset, as the
// canonical UTC form above; nullopt if `text` is not one of those.
std::optional<std::string> parse_timestamp(std::string_view text);

} // namespace acctctl
