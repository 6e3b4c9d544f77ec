#include "acctctl/clock.hpp"

#include <array>
#include <cstdio>

namespace acctctl {
namespace {

bool read_digits(std::string_view text, std::size_t& pos, std::size_t count, int& value) {
  if (pos + count > text.size()) {
    return false;
  }
  value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') {
      return false;
    }
    value = value * 10 + (c - '0');
  }
  pos += count;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  constexpr std::array<int, 12> k_days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : k_days.at(static_cast<std::size_t>(month - 1));
}

} // namespace

std::string SystemClock::now() const {
  return format_utc(std::time(nullptr));
}

std::string format_utc(std::time_t time) {
  std::tm parts{};
  gmtime_r(&time, &parts);
  std::array<char, 32> buffer{};
  std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer.data();
}

std::optional<std::string> parse_timestamp(std::string_view text) {
  std::tm parts{};
  std::size_t pos = 0;
  int year = 0;
  int month = 0;
  int day = 0;
  if (!read_digits(text, pos, 4, year) || !expect(text, pos, '-') ||
      !read_digits(text, pos, 2, month) || !expect(text, pos, '-') ||
      !read_digits(text, pos, 2, day)) {
    return std::nullopt;
  }
  // Audit times start at 1970; four digits keep the text form sortable and readable back.
  // A day the month does not have (2026-02-30) is refused, not carried into the next month.
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    return std::nullopt;
  }
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  long offset_seconds = 0;
  if (pos < text.size()) {
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!(expect(text, pos, 'T') || expect(text, pos, ' ')) || !read_digits(text, pos, 2, hour) ||
        !expect(text, pos, ':') || !read_digits(text, pos, 2, minute)) {
      return std::nullopt;
    }
    if (expect(text, pos, ':')) {
      if (!read_digits(text, pos, 2, second)) {
        return std::nullopt;
      }
      if (expect(text, pos, '.')) {
        const std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
          ++pos;
        }
        if (pos == start) {
          return std::nullopt;
        }
      }
    }
    if (hour > 23 || minute > 59 || second > 60) {
      return std::nullopt;
    }
    parts.tm_hour = hour;
    parts.tm_min = minute;
    parts.tm_sec = second;
    if (expect(text, pos, 'Z')) {
      offset_seconds = 0;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      const long sign = text[pos] == '-' ? -1 : 1;
      ++pos;
      int offset_hours = 0;
      int offset_minutes = 0;
      if (!read_digits(text, pos, 2, offset_hours)) {
        return std::nullopt;
      }
      expect(text, pos, ':');
      if (!read_digits(text, pos, 2, offset_minutes) || offset_hours > 23 || offset_minutes > 59) {
        return std::nullopt;
      }
      offset_seconds = sign * (offset_hours * 3600L + offset_minutes * 60L);
    } else {
      return std::nullopt; // a local time without an offset would be a guess
    }
  }
  if (pos != text.size()) {
    return std::nullopt;
  }
  const std::time_t utc = timegm(&parts);
  if (utc == static_cast<std::time_t>(-1)) {
    return std::nullopt;
  }
  return format_utc(utc - offset_seconds);
}

} // namespace acctctl
