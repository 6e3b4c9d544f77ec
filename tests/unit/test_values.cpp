// SPEC.md §2 "Values": names, emails, usernames, ids, times.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "exit_code_of.hpp"

#include <functional>

#include "acctctl/clock.hpp"
#include "acctctl/error.hpp"
#include "acctctl/suggest.hpp"
#include "acctctl/values.hpp"

using namespace acctctl;
using acctctl::testing::exit_code_of;

TEST_CASE("a name is any non-empty text, kept literally", "[values]") {
  CHECK(check_name("name", "Ann Able") == "Ann Able");
  CHECK(check_name("name", "Robert'); DROP TABLE users;--\t\"x\" é中") ==
        "Robert'); DROP TABLE users;--\t\"x\" é中");
  CHECK(check_name("name", " ") == " ");
  CHECK(exit_code_of([] { check_name("name", ""); }) == ExitCode::usage);
  CHECK(exit_code_of([] { check_name("name", "bad \xff byte"); }) == ExitCode::usage);
  CHECK(exit_code_of([] { check_name("name", "\xc3"); }) == ExitCode::usage); // truncated sequence
  CHECK(exit_code_of([] { check_name("name", std::string(k_max_name_chars + 1, 'x')); }) ==
        ExitCode::usage);
  CHECK(check_name("name", std::string(k_max_name_chars, 'x')).size() == k_max_name_chars);
}

TEST_CASE("an email is local@domain with no spaces", "[values]") {
  CHECK(check_email("email", "ann@acme.test") == "ann@acme.test");
  CHECK(check_email("email", "o'brien+tag@example.co.uk") == "o'brien+tag@example.co.uk");
  for (const char* bad : {"", "ann", "@acme.test", "ann@", "ann @acme.test", "ann@acme test",
                          "ann\t@acme.test", "ann@acme.test\n"}) {
    CAPTURE(bad);
    CHECK(exit_code_of([&] { check_email("email", bad); }) == ExitCode::usage);
  }
}

TEST_CASE("a username has no spaces or control characters", "[values]") {
  CHECK(check_username("ben") == "ben");
  CHECK(check_username("ann@acme.test") == "ann@acme.test");
  CHECK(exit_code_of([] { check_username("ben baker"); }) == ExitCode::usage);
  // ASCII text takes a fast path, other text a Unicode table: both refuse the same kinds.
  for (const char* bad : {"ben\tb", "ben\x7F",
                          "\x01"
                          "ben",
                          "ben\u00a0b", "ben\u2028", "ben\u0085"}) {
    CHECK(exit_code_of([&] { check_username(bad); }) == ExitCode::usage);
  }
  CHECK(check_username("b\u00e9n~!") == "b\u00e9n~!");
  CHECK(exit_code_of([] { check_username(""); }) == ExitCode::usage);
}

TEST_CASE("case-insensitive keys fold case and compose accents", "[values][R14]") {
  CHECK(fold_key("ANN@Acme.TEST") == fold_key("ann@acme.test"));
  CHECK(fold_key("ÉLODIE") == fold_key("élodie"));
  CHECK(fold_key("Zoe\u0301") == fold_key("Zoé"));
  CHECK(fold_key("ann") != fold_key("anne"));
  // The ASCII fast path folds exactly as utf8proc does: every ASCII character, either way.
  std::string ascii;
  for (int c = 1; c < 0x80; ++c) {
    ascii += static_cast<char>(c);
  }
  CHECK(fold_key(ascii) == fold_key(ascii + "\u00e9").substr(0, ascii.size()));
}

TEST_CASE("R1: a character that only folds into ASCII does not name an ASCII identity",
          "[values][R1]") {
  CHECK(fold_key("\u017Fupport@vendor.test") == "support@vendor.test"); // the fold alone matches
  CHECK(folds_into_ascii("\u017Fupport@vendor.test"));                  // ſ
  CHECK(folds_into_ascii("\u212Aate@x.test"));                          // the Kelvin sign
  CHECK(folds_into_ascii("e\uFB00ect@x.test"));                         // the ligature ﬀ
  CHECK_FALSE(folds_into_ascii("Support@Vendor.TEST"));
  CHECK_FALSE(folds_into_ascii("J\u00DCRGEN@x.test")); // Ü folds to ü: still not ASCII
  CHECK_FALSE(folds_into_ascii("\u00E5sa@x.test"));
}

TEST_CASE("an id is a positive integer written in digits only", "[values]") {
  CHECK(parse_id("42") == 42);
  CHECK_FALSE(parse_id("-5"));
  CHECK_FALSE(parse_id("0"));
  CHECK_FALSE(parse_id("4 2"));
  CHECK_FALSE(parse_id(" 42"));
  CHECK_FALSE(parse_id("99999999999999999999"));
  CHECK_FALSE(parse_id(""));
  CHECK_FALSE(parse_id("ben"));
}

TEST_CASE("messages quote hostile text so that it cannot steer a terminal", "[values]") {
  CHECK(in_quotes("ben") == "\"ben\"");
  CHECK(in_quotes("a\"b\nc\x1b[2J") == "\"a\\\"b\\nc\\x1b[2J\"");
}

TEST_CASE("times are UTC ISO-8601 with Z, --since takes dates and offsets", "[values]") {
  CHECK(format_utc(0) == "1970-01-01T00:00:00Z");
  CHECK(parse_timestamp("2026-11-22") == "2026-11-22T00:00:00Z");
  CHECK(parse_timestamp("2026-11-22T09:30:00Z") == "2026-11-22T09:30:00Z");
  CHECK(parse_timestamp("2026-11-22T09:30Z") == "2026-11-22T09:30:00Z");
  CHECK(parse_timestamp("2026-11-22T09:30:00.250Z") == "2026-11-22T09:30:00Z");
  CHECK(parse_timestamp("2026-11-22T10:30:00+01:00") == "2026-11-22T09:30:00Z");
  CHECK(parse_timestamp("2026-11-22T01:00:00-0230") == "2026-11-22T03:30:00Z");
  CHECK_FALSE(parse_timestamp("2026-11-22T09:30:00")); // local time: ambiguous
  CHECK_FALSE(parse_timestamp("yesterday"));
  CHECK_FALSE(parse_timestamp("2026-13-01"));
  CHECK_FALSE(parse_timestamp("2026-11-22Tx"));
  CHECK_FALSE(parse_timestamp("0226-11-20")); // found by fuzz_references: "226-…" read back
  CHECK(parse_timestamp("1970-01-01") == "1970-01-01T00:00:00Z");
}

TEST_CASE("times: --since refuses a day the month does not have", "[values]") {
  CHECK_FALSE(parse_timestamp("2026-02-30"));
  CHECK_FALSE(parse_timestamp("2026-02-29"));
  CHECK_FALSE(parse_timestamp("2026-04-31T00:00:00Z"));
  CHECK_FALSE(parse_timestamp("1900-02-29")); // 1900 is before 1970 anyway
  CHECK_FALSE(parse_timestamp("2100-02-29")); // not a leap year: divisible by 100
  CHECK(parse_timestamp("2028-02-29") == "2028-02-29T00:00:00Z");
  CHECK(parse_timestamp("2000-02-29") == "2000-02-29T00:00:00Z"); // divisible by 400
  CHECK(parse_timestamp("2026-01-31") == "2026-01-31T00:00:00Z");
  CHECK_FALSE(parse_timestamp("2026-11-22T09:30:00+24:00")); // no such offset
  CHECK_FALSE(parse_timestamp("2026-11-22T09:30:00+01:60"));
}

TEST_CASE("did you mean: prefixes and small edits, closest first, at most three", "[values]") {
  const std::vector<std::string> clients = {"Acme Ltd", "Acme Holdings", "Birch LLC", "Zed"};
  CHECK(closest_names("acme", clients) == std::vector<std::string>{"Acme Ltd", "Acme Holdings"});
  CHECK(closest_names("Brich LLC", clients) == std::vector<std::string>{"Birch LLC"});
  CHECK(closest_names("Nothing Like It", clients).empty());
  CHECK(did_you_mean("Zd", clients) == ": did you mean \"Zed\"?");
  CHECK(did_you_mean("", clients).empty());
}

TEST_CASE("did you mean: a name listed twice is suggested once, ties keep their order",
          "[values]") {
  // A user's email that is also the username is listed twice among a client's references.
  const std::vector<std::string> references = {"ben@acme.test", "ben@acme.test", "ben2@acme.test",
                                               "bea@acme.test", "bem@acme.test"};
  CHECK(closest_names("ben@acme.tset", references) ==
        std::vector<std::string>{"ben@acme.test", "ben2@acme.test", "bea@acme.test"});
  // Every candidate starts with the reference: the first three, in their order.
  std::vector<std::string> many;
  for (int i = 0; i < 1000; ++i) {
    many.push_back(fmt::format("user{}@bench.test", i));
  }
  CHECK(closest_names("user", many) ==
        std::vector<std::string>{"user0@bench.test", "user1@bench.test", "user2@bench.test"});
}

TEST_CASE("counted agrees the noun with the count in messages", "[values]") {
  CHECK(counted(0, "check", "checks") == "0 checks");
  CHECK(counted(1, "check", "checks") == "1 check");
  CHECK(counted(2, "document", "documents") == "2 documents");
}
