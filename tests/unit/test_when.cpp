// WHEN (SPEC §3.2): the grammar, dates in TZ across daylight-saving changes, and what is refused.
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "acctctl/error.hpp"
#include "acctctl/when.hpp"

using namespace acctctl;

namespace {

constexpr std::string_view k_now = "2027-03-13T12:00:00Z";

// TZ for one test, put back after it (mktime reads it through tzset).
class ZoneForTest {
public:
  explicit ZoneForTest(const char* zone) {
    // Without tzdata mktime falls back to UTC and every date here would look wrong.
    INFO(zone << " is not in /usr/share/zoneinfo: apt-get install tzdata");
    REQUIRE(std::filesystem::exists(std::string("/usr/share/zoneinfo/") + zone));
    if (const char* old = std::getenv("TZ")) {
      m_old = old;
    }
    setenv("TZ", zone, 1);
    tzset();
  }
  ~ZoneForTest() {
    if (m_old) {
      setenv("TZ", m_old->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  ZoneForTest(const ZoneForTest&) = delete;
  ZoneForTest& operator=(const ZoneForTest&) = delete;

private:
  std::optional<std::string> m_old;
};

std::string start(std::string_view when) {
  return parse_when(when, WhenEdge::start, k_now).value_or("refused");
}

std::string end(std::string_view when) {
  return parse_when(when, WhenEdge::end, k_now).value_or("refused");
}

} // namespace

TEST_CASE("WHEN: now, relative times and RFC 3339 times, shown in UTC", "[when]") {
  const ZoneForTest zone("America/New_York");
  CHECK(start("now") == "2027-03-13T12:00:00Z");
  CHECK(end("+30d") == "2027-04-12T12:00:00Z");
  CHECK(end("-12h") == "2027-03-13T00:00:00Z");
  CHECK(start("+90m") == "2027-03-13T13:30:00Z");
  // A relative time counts exact hours: a day is 24 of them, a DST change or not.
  CHECK(start("+1d") == "2027-03-14T12:00:00Z");
  CHECK(start("2026-12-31T17:00:00Z") == "2026-12-31T17:00:00Z");
  CHECK(end("2026-12-31T17:00:00+01:00") == "2026-12-31T16:00:00Z");
  CHECK(end("2026-12-31T17:00:00-05:30") == "2026-12-31T22:30:00Z");
}

TEST_CASE("WHEN: a date is the start of its day in TZ, or its end, across a DST change in "
          "America/New_York",
          "[when][dst]") {
  const ZoneForTest zone("America/New_York");
  // 2027-03-14 is 23 hours long: it starts at -05:00 and ends at -04:00.
  CHECK(start("2027-03-14") == "2027-03-14T05:00:00Z");
  CHECK(end("2027-03-14") == "2027-03-15T04:00:00Z");
  CHECK(start("2027-03-15") == "2027-03-15T04:00:00Z");
  // 2027-11-07 is 25 hours long: it starts at -04:00 and ends at -05:00.
  CHECK(start("2027-11-07") == "2027-11-07T04:00:00Z");
  CHECK(end("2027-11-07") == "2027-11-08T05:00:00Z");
  // A year's last day ends at the next year's first midnight.
  CHECK(end("2027-12-31") == "2028-01-01T05:00:00Z");
}

TEST_CASE("WHEN: a date across a DST change in Europe/London", "[when][dst]") {
  const ZoneForTest zone("Europe/London");
  CHECK(start("2027-03-28") == "2027-03-28T00:00:00Z");
  CHECK(end("2027-03-28") == "2027-03-28T23:00:00Z"); // BST from 01:00
  CHECK(start("2027-10-31") == "2027-10-30T23:00:00Z");
  CHECK(end("2027-10-31") == "2027-11-01T00:00:00Z"); // GMT again from 02:00 BST
  CHECK(end("2027-07-01") == "2027-07-01T23:00:00Z");
}

TEST_CASE("WHEN: anything else is refused, and check_when says what it takes (exit 2)", "[when]") {
  for (const char* bad : {"",
                          "tomorrow",
                          "next week",
                          "+3w",
                          "+d",
                          "+",
                          "-",
                          "+1",
                          "1d",
                          "+1.5d",
                          "+ 1d",
                          "+1D",
                          "2030-02-30",
                          "2027-13-01",
                          "12/31/2030",
                          "2026-12-31T17:00:00",
                          "2026-12-31T25:00:00Z",
                          "now ",
                          " now",
                          "NOW",
                          "+9999999999d",
                          "+999999999d",
                          "1969-12-31",
                          "2027-1-01"}) {
    INFO(bad);
    CHECK_FALSE(parse_when(bad, WhenEdge::start, k_now));
  }
  try {
    check_when("--end", "soon", WhenEdge::end, k_now);
    FAIL("soon was taken");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::usage);
    CHECK_THAT(error.what(), Catch::Contains("--end") && Catch::Contains("+30d"));
  }
}

TEST_CASE("utc_seconds reads back only canonical UTC text", "[when]") {
  CHECK(utc_seconds("1970-01-01T00:01:00Z") == 60);
  CHECK_FALSE(utc_seconds("1970-01-01T00:01:00+00:00"));
  CHECK_FALSE(utc_seconds("1970-01-01 00:01:00Z"));
}
