// The PostgreSQL store's schema: the first entry of a search_path the connection was started
// with, spelled as the catalog spells it (SPEC §6.2).
#include <catch2/catch.hpp>

#include "store/postgres/search_path.hpp"

using acctctl::postgres::first_search_path_entry;

TEST_CASE("a search_path's first entry: unquoted names fold to lower case", "[postgres]") {
  CHECK(first_search_path_entry("acctctl") == "acctctl");
  CHECK(first_search_path_entry("Accts, public") == "accts");
  CHECK(first_search_path_entry("  team ,public") == "team");
  CHECK(first_search_path_entry("$user, public") == "$user");
}

TEST_CASE("a search_path's first entry: quoted names are kept as written", "[postgres]") {
  CHECK(first_search_path_entry("\"My Schema\", public") == "My Schema");
  CHECK(first_search_path_entry("\"a,b\"") == "a,b");
  CHECK(first_search_path_entry("\"say \"\"hi\"\"\"") == "say \"hi\"");
}

TEST_CASE("an empty search_path has no first entry", "[postgres]") {
  CHECK(first_search_path_entry("").empty());
  CHECK(first_search_path_entry("   ").empty());
}
