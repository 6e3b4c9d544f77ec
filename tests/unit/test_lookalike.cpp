// Look-alike identities (SPEC §2 "Values", R14), as ICU's spoof checker (Unicode TS #39)
// decides them: invisible and format characters, mixed scripts, confusable skeletons.
#include <catch2/catch.hpp>

#include <string>

#include "acctctl/lookalike.hpp"
#include "acctctl/rules.hpp"
#include "acctctl/values.hpp"
#include "exit_code_of.hpp"

using namespace acctctl;
using acctctl::testing::exit_code_of;

TEST_CASE("lookalike: invisible and format characters are found, letters are not",
          "[values][lookalike]") {
  CHECK(first_invisible("ad\u200Bmin") == 0x200B);    // zero width space
  CHECK(first_invisible("ad\u00ADmin") == 0xAD);      // soft hyphen
  CHECK(first_invisible("\uFEFFadmin") == 0xFEFF);    // byte order mark
  CHECK(first_invisible("admin\u202E") == 0x202E);    // right-to-left override
  CHECK(first_invisible("a\u2066b\u2069") == 0x2066); // left-to-right isolate
  CHECK(first_invisible("a\u200Fb") == 0x200F);       // right-to-left mark
  CHECK(first_invisible("\u3164admin") == 0x3164);    // Hangul filler: ignorable, not Cf
  CHECK_FALSE(first_invisible("zoë.müller"));
  CHECK_FALSE(first_invisible("admin"));
}

TEST_CASE("lookalike: a label mixing scripts is found (TS 39 highly restrictive)",
          "[values][lookalike]") {
  CHECK(mixes_scripts("\u0430dmin")); // Cyrillic а, Latin dmin
  CHECK(mixes_scripts("p\u03BFst"));  // Greek ο
  CHECK_FALSE(mixes_scripts("admin"));
  CHECK_FALSE(mixes_scripts("\u043F\u0451\u0442\u0440")); // пётр: Cyrillic alone
  CHECK_FALSE(mixes_scripts("zoë"));
  CHECK_FALSE(mixes_scripts("\u65E5\u672C\u3054abc")); // Han, Hiragana and Latin: allowed
}

TEST_CASE("lookalike: texts that look alike share a skeleton, others do not",
          "[values][lookalike][R14]") {
  CHECK(confusable_skeleton("paypaI") == confusable_skeleton("paypal"));      // I for l
  CHECK(confusable_skeleton("p\u0430ypal") == confusable_skeleton("paypal")); // Cyrillic а
  CHECK(confusable_skeleton("rnodern") == confusable_skeleton("modern"));     // rn for m
  CHECK(confusable_skeleton("ann") != confusable_skeleton("anne"));
  CHECK(confusable_skeleton("ben") != confusable_skeleton("bob"));
}

TEST_CASE("lookalike: the ASCII table gives ICU's own skeleton for every pair of characters",
          "[values][lookalike]") {
  for (int a = 0; a < 128; ++a) {
    for (int b = 0; b < 128; ++b) {
      const std::string pair{static_cast<char>(a), static_cast<char>(b)};
      INFO(a << " " << b);
      REQUIRE(confusable_skeleton(pair) == confusable_skeleton_by_icu(pair));
    }
  }
}

TEST_CASE("lookalike: identities with invisible characters or mixed scripts are exit 2",
          "[values][lookalike]") {
  CHECK(exit_code_of([] { check_username("ad\u200Bmin"); }) == ExitCode::usage);
  CHECK(exit_code_of([] { check_username("\u0430dmin"); }) == ExitCode::usage);
  CHECK(exit_code_of([] { check_email("the email", "\u0430dmin@acme.test"); }) == ExitCode::usage);
  CHECK(exit_code_of([] { check_email("the email", "admin@ac\u00ADme.test"); }) == ExitCode::usage);
  // One script per part: a Cyrillic local part at a Latin domain is fine.
  CHECK(check_email("the email", "\u043F\u0451\u0442\u0440@acme.test") ==
        "\u043F\u0451\u0442\u0440@acme.test");
  CHECK(check_username("zoë.müller") == "zoë.müller");
  // Names are not identities: any Unicode is kept.
  CHECK(check_name("the name", "Zo\u200Be") == "Zo\u200Be");
}

TEST_CASE("R14: a username that looks like a taken one is refused, naming it",
          "[rules][R14][lookalike]") {
  ClientUser candidate;
  candidate.username = "paypaI";
  const std::string holder = "paypal";
  Conflicts conflicts;
  conflicts.username_taken_as = &holder;
  const Decision decision = decide_uniqueness(candidate, conflicts);
  CHECK_FALSE(decision.applies());
  CHECK_THAT(decision.reason, Catch::Contains("looks like \"paypal\""));
  const std::string same = "PayPaI";
  conflicts.username_taken_as = &same;
  CHECK_THAT(decide_uniqueness(candidate, conflicts).reason, Catch::Contains("already taken"));
}
